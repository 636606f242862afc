"""The corpus overview: counts gathered while streaming, and the run report's error counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import Any

from presse_report.document import stance_label
from presse_report.records import DocInfo, as_dict, as_list, as_str, entity_label


@dataclass
class Overview:
    """Counts over the corpus; ``add`` one record at a time."""

    documents: int = 0
    languages: Counter = field(default_factory=Counter)
    entity_labels: Counter = field(default_factory=Counter)
    entity_docs: Counter = field(default_factory=Counter)
    entity_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    stance_labels: Counter = field(default_factory=Counter)
    clusters: Counter = field(default_factory=Counter)
    duplicates: int = 0
    passages: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    first_date: str = ""
    last_date: str = ""
    undated: int = 0

    def add(self, info: DocInfo, record: dict[str, Any]) -> None:
        self.documents += 1
        self.languages[info.language or "not detected"] += 1
        seen = set()
        for entity in as_list(record.get("entities")):
            entity = as_dict(entity)
            label = entity_label(entity)
            self.entity_labels[label] += 1
            entity_id = as_str(entity.get("entity_id")) or as_str(entity.get("text")).casefold()
            if entity_id and entity_id not in seen:
                seen.add(entity_id)
                self.entity_docs[entity_id] += 1
                name = as_str(entity.get("canonical")) or as_str(entity.get("text"))
                self.entity_names.setdefault(entity_id, (name, label))
        for stance in as_list(record.get("stances")):
            self.stance_labels[stance_label(as_dict(stance))] += 1
        dedup = as_dict(record.get("dedup"))
        if dedup:
            self.clusters[as_str(dedup.get("cluster")) or info.id] += 1
            self.duplicates += bool(as_str(dedup.get("duplicate_of")))
            for item in as_list(dedup.get("passages")):
                self.passages[as_str(as_dict(item).get("kind")) or "unknown"] += 1
        for stage in as_dict(record.get("skipped")):
            self.skipped[stage] += 1
        self.undated += not info.date
        if info.date:
            self.first_date = min(self.first_date or info.date, info.date)
            self.last_date = max(self.last_date, info.date)

    def multi_clusters(self) -> dict[str, int]:
        """Duplicate clusters with more than one document."""
        return {c: n for c, n in self.clusters.most_common() if n > 1}


def _counts(counter: Counter | dict, empty: str = "none") -> str:
    items = counter.most_common() if isinstance(counter, Counter) else counter.items()
    parts = [f"{escape(str(k))} <b>{n}</b>" for k, n in items]
    return " · ".join(parts) if parts else f'<span class="muted">{escape(empty)}</span>'


def run_report_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    """Rows for the run report: status, document counts, failure reasons, per-stage counts."""
    rows = []
    if report.get("status"):
        message = as_str(report.get("message"))
        rows.append(("run", as_str(report.get("status")) + (f": {message}" if message else "")))
    docs = as_dict(report.get("documents"))
    counts = [f"{k} {docs[k]}" for k in ("read", "written", "failed", "filtered") if k in docs]
    if counts:
        rows.append(("records", " · ".join(counts)))
    reasons = as_dict(report.get("failure_reasons"))
    if reasons:
        rows.append(("failures", " · ".join(f"{k} {v}" for k, v in reasons.items())))
    for name, stage in as_dict(report.get("stages")).items():
        stage = as_dict(stage)
        extra = [f"{k} {stage[k]}" for k in ("failed", "filtered", "skipped") if stage.get(k)]
        rows.append(
            (
                f"stage {name}",
                f"{stage.get('documents', '?')} documents"
                + (", " + ", ".join(extra) if extra else ""),
            )
        )
    return rows


def manifest_rows(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """Rows from the run's manifest: the pipeline with its models, and when it ran."""
    stages = []
    for stage in as_list(manifest.get("stages")):
        stage = as_dict(stage)
        models = as_dict(stage.get("models"))
        model = as_str(stage.get("model")) or ", ".join(as_str(m) for m in models.values())
        name = as_str(stage.get("stage"), "?")
        stages.append(f"{name} ({model})" if model else name)
    rows = [("pipeline", " → ".join(stages))] if stages else []
    if as_str(manifest.get("created")):
        rows.append(("run on", as_str(manifest.get("created")).replace("T", " ")[:16]))
    return rows


def run_summary(report: dict[str, Any] | None, manifest: dict[str, Any] | None) -> dict:
    """The run report, or failing that the counts the manifest keeps."""
    if report:
        return report
    manifest = manifest or {}
    return {"status": manifest.get("status"), "documents": as_dict(manifest.get("counts"))}


def render_overview(
    overview: Overview,
    bad_lines: int,
    report: dict[str, Any] | None,
    manifest: dict[str, Any] | None = None,
    top: int = 15,
) -> str:
    """The overview section as HTML."""
    dates = (
        f"{escape(overview.first_date)} to {escape(overview.last_date)}"
        if overview.first_date
        else '<span class="muted">no dates</span>'
    )
    if overview.undated and overview.first_date:
        dates += f", {overview.undated} without a date"
    clusters = overview.multi_clusters()
    rows = [
        ("documents", f"<b>{overview.documents}</b> ({dates})"),
        ("languages", _counts(overview.languages)),
        ("entity mentions", _counts(overview.entity_labels)),
        ("positions", _counts(overview.stance_labels)),
        ("shared passages", _counts(overview.passages)),
        (
            "duplicates",
            f"<b>{overview.duplicates}</b> documents marked duplicate, "
            f"<b>{len(clusters)}</b> clusters of 2+ documents",
        ),
    ]
    if overview.skipped:
        rows.append(("skipped", _counts(overview.skipped)))
    if bad_lines:
        rows.append(("unreadable lines", f'<b class="warn">{bad_lines}</b> lines were not records'))
    rows += [(k, escape(v)) for k, v in manifest_rows(manifest or {})]
    rows += [(k, escape(v)) for k, v in run_report_rows(run_summary(report, manifest))]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    people = "".join(
        f'<li><span class="ent ent-{escape(label)}" data-e="{escape(eid)}">{escape(name)}</span>'
        f' <span class="muted">{n} docs</span></li>'
        for eid, n in overview.entity_docs.most_common(top)
        for name, label in [overview.entity_names.get(eid, (eid, "MISC"))]
    )
    return (
        '<section id="overview"><h2>Overview</h2>'
        f'<table class="facts">{table}</table>'
        + (f'<h3>Most mentioned</h3><ul class="top">{people}</ul>' if people else "")
        + "</section>\n"
    )
