"""The entity mention every post-processing step reads and rewrites."""

from __future__ import annotations

from dataclasses import dataclass, replace

LABELS = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: character offsets into the document text, end exclusive."""

    start: int
    end: int
    label: str
    source: str = "model"
    """``model`` (spaCy's NER) or ``pattern`` (the gazetteer)."""
    canonical: str | None = None
    """Canonical name fixed by a gazetteer pattern's ``id``; otherwise set by linking."""
    name_start: int | None = None
    """Where the name proper begins when the span keeps a title ("M. |Lavrov")."""
    titled: bool = False
    """The mention had a person title ("M.", "Mme"): strong evidence for PER."""

    def text(self, text: str) -> str:
        return text[self.start : self.end]

    def name(self, text: str) -> str:
        """The text without a leading title: what names compare on."""
        return text[self.name_start if self.name_start is not None else self.start : self.end]

    def with_(self, **changes: object) -> Mention:
        return replace(self, **changes)

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end
