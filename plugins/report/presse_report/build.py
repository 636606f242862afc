"""Build the report: stream the output twice (the second time only if passages need text)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import orjson

from presse.writing import AtomicFile
from presse_report.document import render_document
from presse_report.overview import Overview, render_overview
from presse_report.page import head, tail
from presse_report.passages import PassageTable, passage_links
from presse_report.records import (
    DocInfo,
    ReadStats,
    as_dict,
    as_list,
    as_str,
    doc_info,
    iter_records,
)
from presse_report.sections import GRAPH, LEGEND, render_passages
from presse_report.stances import stance_rows

DOCS_PER_PAGE = 20


def load_run_report(path: Path | None) -> dict[str, Any] | None:
    """The JSON run report written by ``presse run --report``, if given."""
    if path is None:
        return None
    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the run report ({exc.strerror})") from None
    except orjson.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: not a run report ({exc}); pass the JSON written by presse run --report"
        ) from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a run report (expected a JSON object)")
    return data


def load_manifest(source: Path) -> dict[str, Any] | None:
    """The manifest ``presse run`` writes next to its output, if there is a readable one."""
    path = source.with_name(source.name + ".manifest.json")
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def build_report(
    source: Path, output: Path, run_report: dict[str, Any] | None = None, title: str = ""
) -> dict[str, int]:
    """Write the HTML report of the run output ``source`` to ``output`` (atomically).

    Documents are rendered while reading and spooled to a temporary file, so only the
    graph rows, the passage links and the counts are kept in memory. Returns counts.
    """
    stats = ReadStats()
    overview = Overview()
    passages = PassageTable()
    names: dict[str, str] = {}
    rows: list[list[Any]] = []
    infos: dict[str, DocInfo] = {}
    entity_docs: dict[str, list[int]] = {}
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for index, record in enumerate(iter_records(source, stats)):
            info = doc_info(index, record)
            infos.setdefault(info.id, info)
            overview.add(info, record)
            rows += stance_rows(index, record, names)
            passages.add(passage_links(record, info.id))
            _index_entities(index, record, entity_docs)
            spool.write(render_document(info, record))
        wanted = passages.missing()
        if wanted:
            for record in iter_records(source):
                doc_id = str(record.get("id", ""))
                if doc_id in wanted:
                    passages.fill(wanted, doc_id, record)
        order = {i.id: (i.date, i.index) for i in infos.values()}
        data = {
            "docs": [[i.id, i.label, i.date] for i in infos.values()],
            "names": names,
            "stances": rows,
            "entities": {
                eid: [overview.entity_names.get(eid, (eid, ""))[0], docs]
                for eid, docs in entity_docs.items()
            },
        }
        spool.seek(0)
        with AtomicFile(output, encoding="utf-8") as out:
            out.write(head(title or f"presse report: {source.name}"))
            out.write(render_overview(overview, stats.bad_lines, run_report, load_manifest(source)))
            out.write(GRAPH)
            out.write(render_passages(passages.grouped(order), infos))
            out.write(
                f'<section id="documents"><h2>Documents</h2>{LEGEND}'
                '<input id="doc-search" type="search" placeholder="filter by title or id">'
                f'<div class="pager" data-size="{DOCS_PER_PAGE}">\n'
            )
            shutil.copyfileobj(spool, out)
            out.write("</div></section>\n")
            out.write(tail(data))
    return {
        "documents": overview.documents,
        "bad_lines": stats.bad_lines,
        "stances": len(rows),
        "passages": len(passages.links),
    }


def _index_entities(index: int, record: dict[str, Any], entity_docs: dict[str, list[int]]) -> None:
    """Note which documents mention each entity (once per document), for the hover card."""
    for entity in as_list(record.get("entities")):
        entity = as_dict(entity)
        entity_id = as_str(entity.get("entity_id")) or as_str(entity.get("text")).casefold()
        if not entity_id:
            continue
        docs = entity_docs.setdefault(entity_id, [])
        if not docs or docs[-1] != index:
            docs.append(index)
