"""Reading a run's output: one record at a time, and defensive access to its fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presse.outputs import read_output


@dataclass
class ReadStats:
    """Lines of the output that were not usable records."""

    bad_lines: int = 0
    first_bad_line: int | None = None


def iter_records(path: Path, stats: ReadStats | None = None) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSON Lines file one by one; count the lines that are not."""
    stats = stats if stats is not None else ReadStats()
    for number, record in read_output(path):
        if record is None or not isinstance(record.get("text", ""), str):
            stats.bad_lines += 1
            stats.first_bad_line = stats.first_bad_line or number
            continue
        yield record


def text_of(record: dict[str, Any]) -> str:
    """The document text, or "" when missing."""
    text = record.get("text")
    return text if isinstance(text, str) else ""


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_str(value: Any, default: str = "") -> str:
    """``value`` as a string: strings as they are, numbers formatted, anything else ``default``."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return default


def entity_label(entity: dict[str, Any]) -> str:
    """An entity's label upper-cased (PER, ORG, LOC, MISC...); MISC when missing or odd."""
    label = entity.get("label")
    return label.strip().upper() if isinstance(label, str) and label.strip() else "MISC"


def as_float(value: Any) -> float | None:
    """``value`` if it is a number, else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def span(value: Any, length: int) -> tuple[int, int] | None:
    """A valid ``[start, end)`` pair within a text of ``length`` characters, or None.

    Accepts ``[s, e]`` lists and ``{"start": s, "end": e}`` dicts.
    """
    if isinstance(value, dict):
        value = [value.get("start"), value.get("end")]
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    start, end = value
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return None
    if 0 <= start < end <= length:
        return start, end
    return None


@dataclass(frozen=True)
class DocInfo:
    """What identifies a document to a reader: index in the run, id, title, date, language."""

    index: int
    id: str
    title: str
    date: str
    language: str

    @property
    def label(self) -> str:
        """A short human name: the title, or the id when there is none."""
        return self.title or self.id


def doc_info(index: int, record: dict[str, Any]) -> DocInfo:
    """Read id, title, date and language from a record, tolerating any of them missing."""
    meta = as_dict(record.get("meta"))
    doc_id = as_str(record.get("id")) or f"#{index + 1}"
    title = as_str(meta.get("title")) or as_str(record.get("title"))
    date = as_str(meta.get("date")) or as_str(record.get("date"))
    language = as_str(as_dict(record.get("language")).get("code"))
    return DocInfo(index, doc_id, title.strip(), date.strip()[:10], language)
