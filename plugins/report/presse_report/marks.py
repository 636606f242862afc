"""Marked-up text: annotations over a text become escaped HTML, however they overlap."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

# Outer to inner: language spans, shared passages, stance evidence, entities.
LAYERS = ("lang", "psg", "ev", "ent")


@dataclass(frozen=True)
class Mark:
    """One annotation: ``[start, end)`` in the text, its layer, CSS classes, a hover title and
    ``data-*`` attributes."""

    start: int
    end: int
    layer: str
    classes: str
    title: str = ""
    data: tuple[tuple[str, str], ...] = field(default=())


def segments(length: int, marks: list[Mark]) -> list[tuple[int, int, list[Mark]]]:
    """Cut ``[0, length)`` at every mark boundary; each piece lists the marks covering it.

    Linear in the number of marks (plus a sort); pieces without marks are included.
    """
    bounds = {0, length}
    for mark in marks:
        bounds.update((mark.start, mark.end))
    points = sorted(b for b in bounds if 0 <= b <= length)
    starts: dict[int, list[Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    active: list[Mark] = []
    pieces = []
    for left, right in pairwise(points):
        active = [m for m in active if m.end > left] + starts.get(left, [])
        pieces.append((left, right, list(active)))
    return pieces


def _open(layer_marks: list[Mark]) -> str:
    """The opening tag for the marks of one layer covering a piece (merged when several)."""
    first = layer_marks[0]
    classes = " ".join(dict.fromkeys(c for m in layer_marks for c in m.classes.split()))
    if len({m.classes for m in layer_marks}) > 1:
        classes += " mixed"
    titles = "\n".join(dict.fromkeys(m.title for m in layer_marks if m.title))
    attrs = [f'class="{escape(classes)}"']
    if titles:
        attrs.append(f'title="{escape(titles)}"')
    attrs += [f'data-{escape(k)}="{escape(v)}"' for k, v in first.data]
    return f"<span {' '.join(attrs)}>"


def render(text: str, marks: list[Mark]) -> str:
    """``text`` as escaped HTML with nested ``<span>`` elements for the marks.

    Each piece of text opens the spans of its marks in layer order (``LAYERS``), so tags
    always nest even when annotations overlap. Marks outside the text are ignored.
    """
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    out = []
    for left, right, active in segments(len(text), marks):
        chunk = escape(text[left:right], quote=False)
        opened = 0
        for layer in LAYERS:
            layer_marks = [m for m in active if m.layer == layer]
            if layer_marks:
                out.append(_open(layer_marks))
                opened += 1
        out.append(chunk)
        out.append("</span>" * opened)
    return "".join(out)
