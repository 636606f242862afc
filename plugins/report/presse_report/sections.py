"""The static parts of the page: the stance graph's frame, the shared passages, the legend."""

from __future__ import annotations

from html import escape

from presse_report.passages import Link, Side
from presse_report.records import DocInfo
from presse_report.words import highlight, shared_words

KIND_HELP = {
    "verbatim": "the same words, copied",
    "near": "nearly the same words",
    "paraphrase": "the same content, reworded",
}


def doc_link(info: DocInfo | None, doc_id: str) -> str:
    """A link to a document's section (or just its id when it is not in this output)."""
    if info is None:
        return f'<code>{escape(doc_id)}</code> <span class="muted">(not in this output)</span>'
    date = escape(info.date or "no date")
    return f'<a href="#doc-{info.index}">{escape(info.label)}</a> <span class="muted">{date}</span>'


def render_link(link: Link) -> str:
    """One link: the two passages next to each other, common words highlighted."""
    common = shared_words(link.left.text or "", link.right.text or "")
    similarity = f"{link.similarity:.2f}" if link.similarity is not None else "?"
    sides = "".join(render_side(side, common) for side in (link.left, link.right))
    return (
        f'<div class="pair pg-item"><div class="sim">similarity {similarity}, '
        f"{len(common)} words in common</div>{sides}</div>"
    )


def render_side(side: Side, common: set[str]) -> str:
    """One passage in its sentence: the passage itself in bold, common words highlighted."""
    if side.text is None:
        body = '<span class="muted">(text not in this output)</span>'
    else:
        body = (
            f'<span class="ctx">{escape(side.before, quote=False)}</span>'
            f'<span class="core">{highlight(side.text, common)}</span>'
            f'<span class="ctx">{escape(side.after, quote=False)}</span>'
        )
    return (
        f'<div class="side"><div class="where">characters {side.start}–{side.end}</div>'
        f"<p>{body}</p></div>"
    )


def render_passages(
    grouped: dict[str, dict[tuple, list[Link]]],
    docs: dict[str, DocInfo],
    pairs_per_page: int = 5,
    links_per_page: int = 10,
) -> str:
    """The shared-passages section: one collapsible group per kind, then one block per pair
    of documents; pagers over the pairs of a kind and over the links of a pair."""
    if not grouped:
        body = (
            '<p class="muted">No shared passages in this output (no <code>dedup</code> '
            "stage, or nothing shared).</p>"
        )
        return f'<section id="passages"><h2>Shared passages</h2>{body}</section>\n'
    parts = [
        '<section id="passages"><h2>Shared passages</h2>'
        '<p class="help">Passages that appear in two documents, the older document on the left. '
        "Highlighted: the words both passages use.</p>"
    ]
    total = sum(len(v) for pairs in grouped.values() for v in pairs.values())
    for kind, pairs in grouped.items():
        count = sum(len(v) for v in pairs.values())
        is_open = " open" if total <= 60 else ""
        parts.append(
            f'<details class="kind kind-{escape(kind)}" data-kind="{escape(kind)}"{is_open}>'
            f'<summary><b>{escape(kind)}</b> <span class="muted">'
            f"{escape(KIND_HELP.get(kind, ''))}</span> · {count} passages, "
            f"{len(pairs)} document pairs</summary>"
            f'<div class="pager" data-size="{pairs_per_page}">'
        )
        for (left_id, right_id), links in pairs.items():
            left, right = docs.get(left_id), docs.get(right_id)
            same = " (within the same document)" if left_id == right_id else ""
            parts.append(
                f'<div class="pairblock pg-item"><div class="pairhead">'
                f"<div>{doc_link(left, left_id)}</div>"
                f"<div>{doc_link(right, right_id)}{escape(same)}</div></div>"
                f'<div class="pager" data-size="{links_per_page}">'
            )
            parts.extend(render_link(link) for link in links)
            parts.append("</div></div>")
        parts.append("</div></details>")
    parts.append("</section>\n")
    return "".join(parts)


GRAPH = """<section id="graph"><h2>Who is for or against whom</h2>
<p class="help">Each line goes from the actor holding a position (left) to the actor it is about
(right). <span class="k-FAVOR">Green: in favour</span>, <span class="k-AGAINST">red: against</span>,
<span class="k-NONE">grey: neutral</span>. Thicker lines mean more mentions. Click a line to read
the sentences it comes from.</p>
<div class="filters">
<label>Document <select id="f-doc"><option value="">all documents</option></select></label>
<label>From <input id="f-from" type="date"></label>
<label>to <input id="f-to" type="date"></label>
<label><input type="checkbox" class="f-label" value="FAVOR" checked> favour</label>
<label><input type="checkbox" class="f-label" value="AGAINST" checked> against</label>
<label><input type="checkbox" class="f-label" value="NONE"> neutral</label>
</div>
<div id="graph-note" class="muted"></div>
<div id="graph-box"><noscript>The graph needs JavaScript; the positions are listed with each
document below.</noscript></div>
<div id="strongest"></div>
<div id="evidence" class="muted">Click a line of the graph to see its evidence.</div>
</section>
"""

LEGEND = """<p class="legend">In the texts: <span class="ent ent-PER">person</span>
<span class="ent ent-ORG">organisation</span> <span class="ent ent-LOC">place</span>
<span class="ent ent-MISC">other name</span> (hover for the entity id and its other mentions);
<span class="ev ev-FAVOR">evidence in favour</span>, <span class="ev ev-AGAINST">against</span>,
<span class="ev ev-NONE">neutral</span>; <span class="psg">passage shared with another
document</span>; <span class="lang">text in another language</span>.</p>
"""
