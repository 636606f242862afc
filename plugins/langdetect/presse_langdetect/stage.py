"""The ``langdetect`` stage: language of each document (and of each part of it)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from presse import Document, Stage
from presse_langdetect.candidates import Backend, Candidate
from presse_langdetect.codes import UNDETERMINED, known, normalise
from presse_langdetect.schema import LANGUAGE
from presse_langdetect.spans import detect_spans
from presse_langdetect.text import dominant_script, has_letters, prepare


class LangDetect(Stage):
    """Tell the language of each document (ISO 639-1, or "und"), offline, with a confidence.

    Default backend "hybrid": fastText's bundled small model for clear text, lingua among
    fastText's candidates for short or unclear text (words, headlines, names).
    mode "spans" also gives the language of each run of sentences; keep [..] sends other
    languages to the filtered output.
    """

    name = "langdetect"
    provides = ("language",)
    output_schema: ClassVar[dict[str, Any]] = {"language": LANGUAGE}

    class Params(Stage.Params):
        backend: Literal["hybrid", "fasttext", "lingua"] = "hybrid"
        """hybrid (fastText, then lingua on short/unclear text), fasttext (fastest) or lingua."""
        languages: list[str] | None = None
        """Only answer with these languages (ISO codes). Makes lingua faster and smaller."""
        min_confidence: float = Field(0.0, ge=0.0, le=1.0)
        """Below this confidence the answer is "und". 0 = always give the best guess."""
        mode: Literal["document", "spans"] = "document"
        """spans: also detect per sentence and merge runs into language.spans."""
        keep: list[str] | None = None
        """Documents whose language is not listed go to the filtered output ("und" included)."""
        short_chars: int = Field(50, ge=0)
        """hybrid: texts shorter than this are always checked by lingua."""
        confident: float = Field(0.7, ge=0.0, le=1.0)
        """hybrid: fastText confidence that skips lingua, or keeps a language lingua lacks."""
        candidates: int = Field(15, ge=2, le=50)
        """hybrid: how many of fastText's top languages lingua chooses among."""
        fasttext_weight: float = Field(0.2, ge=0.0, le=1.0)
        """hybrid: weight of fastText against lingua in the blended score."""
        lingua_low_accuracy: bool = False
        """lingua: low-accuracy mode (less memory, much worse on short text)."""
        min_span_chars: int = Field(15, ge=1)
        """spans: shorter sentences in the same script join the neighbouring run."""

        @field_validator("languages", "keep", mode="before")
        @classmethod
        def _one_code_is_a_list(cls, codes: Any) -> Any:
            return [codes] if isinstance(codes, str) else codes

        @field_validator("languages", "keep")
        @classmethod
        def _normalise_codes(cls, codes: list[str] | None) -> list[str] | None:
            if codes is None:
                return None
            out = sorted({normalise(code) for code in codes})
            if not out:
                raise ValueError("give at least one language code, or leave it out")
            unknown = [code for code in codes if not known(normalise(code))]
            if unknown:
                raise ValueError(
                    f"unknown language code(s) {', '.join(map(repr, unknown))}: use codes "
                    "such as fr, en, de, ar (ones fastText or lingua can detect)"
                )
            return out

    def setup(self) -> None:
        if getattr(self, "backend", None) is None:
            self.backend = make_backend(self.params)
        self.backend.load()

    def process(self, docs: list[Document]) -> list[Document]:
        params = self.params
        keep = set(params.keep) if params.keep else None
        for doc in docs:
            text = doc.text
            if not isinstance(text, str):
                raise TypeError(f"text must be a string, got {type(text).__name__}")
            ranked = self.rank(text)
            if ranked is None:
                doc["language"] = {"code": UNDETERMINED, "confidence": 0.0, "candidates": []}
                doc.skip("no letters")
            else:
                doc["language"] = self.describe_language(text, ranked)
                if params.mode == "spans":
                    doc["language"]["spans"] = detect_spans(
                        text,
                        self.best,
                        sentences=doc.get("sentences"),
                        min_chars=params.min_span_chars,
                    )
            code = doc["language"]["code"]
            if keep is not None and code not in keep:
                doc.filter(f"language {code} not in keep")
        return docs

    def rank(self, text: str) -> list[Candidate] | None:
        """Candidates for ``text`` best first; ``None`` when it has no letters to go on."""
        prepared = prepare(text)
        if not has_letters(prepared):
            return None
        return self.backend.detect(prepared)

    def best(self, text: str) -> Candidate | None:
        """The best candidate for one piece of text (``und`` below ``min_confidence``)."""
        ranked = self.rank(text)
        if not ranked:
            return None
        top = ranked[0]
        return (
            top if top.confidence >= self.params.min_confidence else top._replace(code=UNDETERMINED)
        )

    def describe_language(self, text: str, ranked: list[Candidate]) -> dict[str, Any]:
        top = ranked[0] if ranked else Candidate(UNDETERMINED, 0.0)
        code = top.code if top.confidence >= self.params.min_confidence else UNDETERMINED
        return {
            "code": code,
            "confidence": round(top.confidence, 4),
            "script": dominant_script(text),
            "candidates": [
                {"code": c.code, "confidence": round(c.confidence, 4)} for c in ranked[:3]
            ],
        }

    def describe(self) -> dict[str, Any]:
        backend = getattr(self, "backend", None) or make_backend(self.params)
        return {**backend.describe(), "mode": self.params.mode}


def make_backend(params: LangDetect.Params) -> Backend:
    """The backend a stage's parameters ask for (nothing loaded yet)."""
    from presse_langdetect.fasttext_backend import FastTextBackend
    from presse_langdetect.hybrid import HybridBackend
    from presse_langdetect.lingua_backend import LinguaBackend

    languages = frozenset(params.languages) if params.languages else None
    if params.backend == "lingua":
        return LinguaBackend(languages, low_accuracy=params.lingua_low_accuracy)
    # The hybrid's lingua needs no list of its own: it only ever ranks fastText's
    # candidates, which are already restricted (and may include languages lingua lacks).
    lingua = LinguaBackend(low_accuracy=params.lingua_low_accuracy)
    fasttext = FastTextBackend(languages)
    if params.backend == "fasttext":
        return fasttext
    return HybridBackend(
        fasttext,
        lingua,
        short_chars=params.short_chars,
        confident=params.confident,
        candidates=params.candidates,
        weight=params.fasttext_weight,
    )
