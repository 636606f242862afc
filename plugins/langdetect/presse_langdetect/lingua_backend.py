"""lingua-language-detector, optionally restricted to a list of languages."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata

from presse_langdetect.candidates import Candidate, merge
from presse_langdetect.codes import normalise


class LinguaBackend:
    """lingua's n-gram models (75 languages), loaded lazily per language and shared.

    ``detect_among`` restricts the decision to a few languages (the hybrid backend's use):
    only those languages' models are ever loaded, which keeps memory and time low.
    """

    name = "lingua"

    def __init__(
        self, languages: frozenset[str] | None = None, k: int = 5, low_accuracy: bool = False
    ) -> None:
        self.languages = languages
        self.k = k
        self.low_accuracy = low_accuracy
        self.supported: dict[str, object] = {}
        self._detector = None
        self._among = None

    def load(self) -> None:
        if self.supported:
            return
        from lingua import Language

        self.supported = {normalise(lang.iso_code_639_1.name): lang for lang in Language.all()}
        if self.languages:
            unknown = sorted(set(self.languages) - set(self.supported))
            if unknown:
                raise ValueError(
                    f"lingua does not know the language(s) {', '.join(unknown)}; "
                    f"it knows {', '.join(sorted(self.supported))}"
                )
        self._among = lru_cache(maxsize=512)(self._build)
        self._detector = self._build(tuple(sorted(self.languages or self.supported)))

    def _build(self, codes: tuple[str, ...]):
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_languages(*(self.supported[c] for c in codes))
        if self.low_accuracy:
            builder = builder.with_low_accuracy_mode()
        return builder.build()

    def detect(self, text: str) -> list[Candidate]:
        return self._rank(self._detector, text, self.k)

    def detect_among(self, text: str, codes: list[str]) -> list[Candidate]:
        """Rank only ``codes`` (at least two languages lingua knows); all of them returned."""
        return self._rank(self._among(tuple(sorted(codes))), text, len(codes))

    @staticmethod
    def _rank(detector, text: str, limit: int) -> list[Candidate]:
        values = detector.compute_language_confidence_values(text)[:limit]
        pairs = [(normalise(v.language.iso_code_639_1.name), v.value) for v in values]
        return merge([pair for pair in pairs if pair[1] > 0.0], limit)

    def describe(self) -> dict[str, str]:
        mode = "low" if self.low_accuracy else "high"
        return {
            "backend": "lingua",
            "model": f"lingua-language-detector {metadata.version('lingua-language-detector')}"
            f" ({mode} accuracy)",
        }
