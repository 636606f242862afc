"""Per-process state of the stage: parsers, lexicons, backends, and the per-document flow."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from presse import Document
from presse_stance.actors import AUTHOR, ActorIndex, Target, fold, with_principal
from presse_stance.aggregate import dedupe, document_record
from presse_stance.attribution import quote_spans
from presse_stance.evaluation import EvaluationLexicon, author_balance
from presse_stance.language import SUPPORTED, load_language
from presse_stance.lexicon import load_lexicon

_PARSERS: dict[str, Any] = {}


def parser(model: str) -> Any:
    """Load a spaCy pipeline once per process."""
    if model not in _PARSERS:
        import spacy
        from spacy.language import Language

        if "presse_line_breaks" not in Language.factories:
            Language.component("presse_line_breaks", func=_line_breaks)
        nlp = spacy.load(model)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("presse_line_breaks", before="parser")
        _PARSERS[model] = nlp
    return _PARSERS[model]


SPACY_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}


def spacy_entities(parsed: Any) -> list[dict[str, Any]]:
    """The model's own ``doc.ents`` in the NER stage's format, for measuring the stance
    stage without the ``ner`` stage (tests and evaluation)."""
    return [
        {
            "start": e.start_char,
            "end": e.end_char,
            "text": e.text,
            "label": SPACY_LABELS.get(e.label_, "MISC"),
            "entity_id": None,
            "canonical": e.text,
            "source": "spacy",
        }
        for e in parsed.ents
    ]


def _line_breaks(doc: Any) -> Any:
    """A line break ends a sentence (headlines and paragraphs carry no final full stop)."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if "\n" in prev.whitespace_ or "\n" in prev.text or token.text.startswith("\n"):
            token.is_sent_start = True
    return doc


class Runtime:
    """Everything `process` needs, built once in `setup`."""

    def __init__(self, params: Any, lexicon_path: Path | None, factory: Any) -> None:
        self.params = params
        self.lexicon_path = lexicon_path
        self.factory = factory
        self.backends: dict[str, Any] = {}
        self.evaluations: dict[str, EvaluationLexicon | None] = {}
        self.targets = [
            Target.parse(t.model_dump(), f"targets[{i}]") for i, t in enumerate(params.targets)
        ]
        self.models = {"fr": params.model, "en": params.english_model}

    def backend(self, code: str) -> Any:
        if code not in self.backends:
            language = load_language(code)
            lexicon = load_lexicon(code, self.lexicon_path, self.params.lexicon_mode == "replace")
            self.backends[code] = self.factory(lexicon, language)
        return self.backends[code]

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"model": f"{self.params.model} {_version(self.params.model)}"}
        for code, backend in self.backends.items():
            out[code] = backend.describe()
        return out

    def language_of(self, doc: Document) -> str:
        if self.params.language != "auto":
            return self.params.language
        value = doc.get("language")
        if isinstance(value, dict):
            value = value.get("code") or value.get("lang")
        return str(value or "fr").lower()[:2]

    def parse(self, doc: Document, code: str) -> Any:
        shared = doc.shared.get("spacy")
        if (
            shared is not None
            and _parses(shared, doc.text)
            and (code == "fr" or shared.lang_ == code)
        ):
            return shared
        return parser(self.models[code])(doc.text)

    def doc_targets(self, doc: Document) -> list[Target]:
        field = self.params.targets_field
        targets = list(self.targets)
        if field:
            value = doc.meta.get(field)
            extra = doc.meta.get(f"{field}_aliases")
            values = value if isinstance(value, list) else [value] if value else []
            for i, item in enumerate(values):
                if isinstance(item, str) and extra:
                    item = {"name": item, "aliases": list(extra)}
                targets.append(Target.parse(item, f"meta.{field}[{i}]"))
        return targets

    def annotate(self, doc: Document) -> None:
        code = self.language_of(doc)
        if code not in SUPPORTED:
            doc["stances"] = []
            doc.skip(f"no stance lexicon for language {code!r} (supported: {', '.join(SUPPORTED)})")
            return
        if (
            code != "fr"
            and doc.shared.get("spacy") is None
            and importlib.util.find_spec(self.models[code]) is None
        ):
            doc["stances"] = []
            doc.skip(
                f"language {code!r}: "
                + (
                    "no English spaCy model is installed (`english_model:`)"
                    if code == "en"
                    else "no parser"
                )
            )
            return
        targets = self.doc_targets(doc)
        parsed = self.parse(doc, code)
        backend = self.backend(code)
        actors = ActorIndex(
            doc.text,
            doc.get("entities") or [],
            targets,
            backend.lang if hasattr(backend, "lang") else load_language(code),
        )
        records = backend.analyse(doc.text, parsed, actors)
        principals = {fold(k): actors.named(v) for k, v in self.params.principals.items()}
        records = [self.finish(r, principals) for r in records]
        if targets and self.params.only_targets:
            wanted = {t.id for t in targets}
            records = [r for r in records if r["target"].get("entity_id") in wanted]
        if not self.params.keep_none:
            records = [r for r in records if r["label"] != "NONE"]
        records = [r for r in dedupe(records) if r["confidence"] >= self.params.min_confidence]
        if self.params.document_stance:
            balance = self.evaluation(code, parsed, actors, targets)
            records.extend(document_record(records, t, balance.get(t.id, (0, 0))) for t in targets)
        doc["stances"] = records

    def evaluation(
        self, code: str, parsed: Any, actors: ActorIndex, targets: list[Target]
    ) -> dict[str, tuple[int, int]]:
        if code not in self.evaluations:
            self.evaluations[code] = EvaluationLexicon.load(code, load_language(code).negators)
        lexicon = self.evaluations[code]
        if lexicon is None:
            return {}
        return author_balance(
            parsed, actors.mentions, {t.id for t in targets}, quote_spans(parsed.text), lexicon
        )

    @staticmethod
    def finish(record: dict[str, Any], principals: dict[str, tuple[str, str]]) -> dict[str, Any]:
        from presse_stance.actors import Actor

        holder = record["holder"]
        if holder.get("entity_id") != AUTHOR and principals:
            actor = Actor(
                holder["text"],
                *(holder["span"] or (None, None)),
                holder["entity_id"],
                holder["canonical"],
            )
            mapped, principal = with_principal(actor, principals)
            if principal:
                record["holder"] = mapped.record(principal)
        record["sentence_span"] = record["sentence"]
        record.setdefault("scope", "sentence")
        return record


def _parses(parsed: Any, text: str) -> bool:
    """Whether ``parsed`` (a spaCy Doc) is a parse of ``text``: its last token ends where the
    text does and its first token starts it (cheap: ``Doc.text`` rebuilds the string)."""
    if not len(parsed):
        return not text.strip()
    first, last = parsed[0], parsed[-1]
    return (
        last.idx + len(last.text_with_ws) == len(text)
        and text.startswith(first.text, first.idx)
        and text.startswith(last.text, last.idx)
    )


def _version(model: str) -> str:
    try:
        from importlib.metadata import version

        return version(model.replace("_", "-"))
    except Exception:
        return "?"
