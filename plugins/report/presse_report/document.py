"""One document's section: its text with entities, stance evidence and language spans marked."""

from __future__ import annotations

from html import escape
from typing import Any

from presse_report.marks import Mark, render
from presse_report.records import (
    DocInfo,
    as_dict,
    as_float,
    as_list,
    as_str,
    entity_label,
    span,
    text_of,
)

LABELS = ("FAVOR", "AGAINST", "NONE")


def entity_marks(record: dict[str, Any]) -> list[Mark]:
    """Entities as marks, classed by label, with the entity id for the hover card."""
    text = text_of(record)
    marks = []
    for entity in as_list(record.get("entities")):
        entity = as_dict(entity)
        where = span(entity, len(text))
        if where is None:
            continue
        label = entity_label(entity)
        entity_id = as_str(entity.get("entity_id")) or text[where[0] : where[1]].casefold()
        canonical = as_str(entity.get("canonical"))
        title = f"{label} · {entity_id}" + (f" · {canonical}" if canonical else "")
        marks.append(
            Mark(*where, "ent", f"ent ent-{_css_token(label)}", title, (("e", entity_id),))
        )
    return marks


def party(value: Any) -> tuple[str, str]:
    """A stance holder or target as ``(key, display name)``; AUTHOR is the article itself."""
    if isinstance(value, str):
        value = {"text": value}
    value = as_dict(value)
    text = as_str(value.get("text"))
    key = as_str(value.get("entity_id")) or text.casefold() or "?"
    if key == "AUTHOR" or text == "AUTHOR":
        return "AUTHOR", "the article (author)"
    return key, as_str(value.get("canonical")) or text or key


def stance_label(stance: dict[str, Any]) -> str:
    """FAVOR, AGAINST or NONE (anything else reads as NONE)."""
    label = as_str(stance.get("label")).upper()
    return label if label in LABELS else "NONE"


def stance_marks(record: dict[str, Any]) -> list[Mark]:
    """Stance evidence as marks coloured by label, titled ``holder → target: LABEL (kind)``."""
    text = text_of(record)
    marks = []
    for stance in as_list(record.get("stances")):
        stance = as_dict(stance)
        where = span(stance.get("evidence"), len(text)) or span(stance.get("sentence"), len(text))
        if where is None:
            continue
        label = stance_label(stance)
        kind = as_str(stance.get("kind"))
        negated = " (negated)" if stance.get("negated") is True else ""
        title = (
            f"{party(stance.get('holder'))[1]} → {party(stance.get('target'))[1]}: {label}"
            + (f" ({kind})" if kind else "")
            + negated
        )
        marks.append(Mark(*where, "ev", f"ev ev-{label}", title))
    return marks


def language_marks(record: dict[str, Any]) -> list[Mark]:
    """Language spans whose language differs from the document's."""
    text = text_of(record)
    language = as_dict(record.get("language"))
    main = as_str(language.get("code"))
    marks = []
    for item in as_list(language.get("spans")):
        item = as_dict(item)
        code = as_str(item.get("code"))
        where = span(item, len(text))
        if where is None or not code or code == main:
            continue
        confidence = as_float(item.get("confidence"))
        title = f"language: {code}" + (f" ({confidence:.2f})" if confidence is not None else "")
        marks.append(Mark(*where, "lang", "lang", title, (("lang", code),)))
    return marks


def passage_marks(record: dict[str, Any]) -> list[Mark]:
    """Passages the dedup stage found shared with another document (or elsewhere in this one)."""
    text = text_of(record)
    marks = []
    for item in as_list(as_dict(record.get("dedup")).get("passages")):
        item = as_dict(item)
        where = span(item, len(text))
        if where is None:
            continue
        kind = as_str(item.get("kind")) or "shared"
        other = as_str(item.get("other_id")) or "?"
        title = f"{kind} passage, shared with {other}"
        marks.append(Mark(*where, "psg", f"psg psg-{_css_token(kind)}", title))
    return marks


def _css_token(value: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in value)


def _summary_badges(info: DocInfo, record: dict[str, Any]) -> list[str]:
    badges = []
    if info.language:
        badges.append(f"language {info.language}")
    for key, noun in (("entities", "entities"), ("stances", "positions")):
        count = len(as_list(record.get(key)))
        if count:
            badges.append(f"{count} {noun}")
    dedup = as_dict(record.get("dedup"))
    passages = len(as_list(dedup.get("passages")))
    if passages:
        badges.append(f"{passages} shared passages")
    if as_str(dedup.get("duplicate_of")):
        badges.append(f"duplicate of {as_str(dedup.get('duplicate_of'))}")
    skipped = as_dict(record.get("skipped"))
    if skipped:
        badges.append("skipped by " + ", ".join(sorted(skipped)))
    return badges


def render_document(info: DocInfo, record: dict[str, Any]) -> str:
    """The ``<details>`` section of one document (collapsed; the pager shows a page at a time)."""
    text = text_of(record)
    marks = (
        language_marks(record) + passage_marks(record) + stance_marks(record) + entity_marks(record)
    )
    body = render(text, marks)
    badges = "".join(
        f'<span class="badge">{escape(b)}</span>' for b in _summary_badges(info, record)
    )
    date = escape(info.date or "no date")
    return (
        f'<details class="doc pg-item" id="doc-{info.index}" data-i="{info.index}"'
        f' data-search="{escape((info.title + " " + info.id).casefold())}">'
        f'<summary><span class="date">{date}</span> <b>{escape(info.label)}</b>'
        f" <code>{escape(info.id)}</code> {badges}</summary>"
        f'<div class="text" lang="{escape(info.language or "und")}">{body}</div>'
        "</details>\n"
    )
