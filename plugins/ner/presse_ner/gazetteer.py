"""Gazetteer: spaCy EntityRuler-style patterns that override the model.

A pattern is ``{"label": "ORG", "pattern": "Hayat Tahrir al-Sham", "id": "Hayat Tahrir
al-Sham"}``: ``pattern`` is a phrase (matched on the exact token texts) or a list of token
dicts (spaCy ``Matcher`` syntax); the optional ``id`` is the canonical name every match
links to (so "HTS" and "Hayat Tahrir al-Sham" share one entity id).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from presse_ner.mentions import LABELS, Mention


def read_patterns(path: Path) -> list[dict[str, Any]]:
    """Patterns from a JSONL file: one per line; blank lines and ``//`` comments skipped."""
    patterns = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith(b"//"):
                continue
            try:
                patterns.append(orjson.loads(line))
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object: {exc}") from None
    return check_patterns(patterns, str(path))


def check_patterns(patterns: Iterable[Any], where: str = "patterns") -> list[dict[str, Any]]:
    """Validate patterns, with the position of the first bad one in the message."""
    checked = []
    for number, pattern in enumerate(patterns, 1):
        if not isinstance(pattern, dict) or "label" not in pattern or "pattern" not in pattern:
            raise ValueError(f"{where}: pattern {number} needs 'label' and 'pattern': {pattern!r}")
        if pattern["label"] not in LABELS:
            raise ValueError(
                f"{where}: pattern {number}: label {pattern['label']!r} is not one "
                f"of {', '.join(LABELS)}"
            )
        if not isinstance(pattern["pattern"], str | list):
            raise ValueError(
                f"{where}: pattern {number}: 'pattern' must be a string or a list of token dicts"
            )
        checked.append(pattern)
    return checked


class Gazetteer:
    """Matches the patterns on parsed spaCy docs of one pipeline."""

    def __init__(self, nlp: Any, patterns: list[dict[str, Any]]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.phrases = PhraseMatcher(nlp.vocab)
        self.tokens = Matcher(nlp.vocab)
        self.entries: list[tuple[str, str | None]] = []
        self.triggers: set[str] | None = set()
        self.trigger_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for pattern in patterns:
            key = str(len(self.entries))
            self.entries.append((pattern["label"], pattern.get("id")))
            if isinstance(pattern["pattern"], str):
                self.phrases.add(key, [nlp.make_doc(pattern["pattern"])])
            else:
                self.tokens.add(key, [pattern["pattern"]])
                words = _first_words(pattern["pattern"])
                self.triggers = (
                    None if words is None or self.triggers is None else self.triggers | words
                )
        if self.triggers:
            self.trigger_matcher.add("trigger", [nlp.make_doc(w) for w in sorted(self.triggers)])

    def __len__(self) -> int:
        return len(self.entries)

    def matches(self, spacy_doc: Any) -> list[Mention]:
        """Longest non-overlapping matches, in text order."""
        from spacy.util import filter_spans

        spans = []
        for matcher in (self.phrases, self.tokens):
            if not len(matcher) or (matcher is self.tokens and not self._may_match(spacy_doc)):
                continue
            for match_id, start, end in matcher(spacy_doc):
                span = spacy_doc[start:end]
                span.label_ = spacy_doc.vocab.strings[match_id]  # the entry index
                spans.append(span)
        found = []
        for span in filter_spans(spans):
            label, canonical = self.entries[int(span.label_)]
            found.append(Mention(span.start_char, span.end_char, label, "pattern", canonical))
        return found

    def _may_match(self, spacy_doc: Any) -> bool:
        """Cheap test: does the text hold a word some token pattern must start with?"""
        if self.triggers is None:
            return True
        return bool(self.trigger_matcher(spacy_doc))

    def __call__(self, mentions: list[Mention], spacy_doc: Any) -> list[Mention]:
        """The mentions with the matches laid over them.

        A match replaces the model mentions it overlaps, unless it lies strictly inside a
        longer model mention ("Russie" in "ambassade de Russie"), which is then kept.
        """
        out = list(mentions)
        for match in self.matches(spacy_doc):
            inside = any(
                m.start <= match.start
                and match.end <= m.end
                and (m.end - m.start) > (match.end - match.start)
                for m in out
                if m.source == "model"
            )
            if inside:
                continue
            out = [m for m in out if not m.overlaps(match)]
            out.append(match)
        return sorted(out, key=lambda m: (m.start, m.end))


def _first_words(pattern: list[dict[str, Any]]) -> set[str] | None:
    """Lower-case words a token pattern must start with, if its first token says so."""
    if not pattern or pattern[0].get("OP") in ("?", "*"):
        return None
    first = pattern[0]
    for key in ("LOWER", "ORTH", "TEXT"):
        value = first.get(key)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return {str(v).lower() for v in value["IN"]}
    return None
