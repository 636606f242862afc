"""Through a real run: keep filtering is counted, nothing is lost."""

import orjson

from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run

RECORDS = [
    {"id": "a", "text": "Le Conseil constitutionnel a validé l'essentiel de la loi immigration."},
    {"id": "b", "text": "The central bank left its key interest rate unchanged on Thursday."},
    {"id": "c", "text": "La grève des contrôleurs aériens perturbe le trafic à Orly."},
    {"id": "d", "text": "El Gobierno aprobó ayer el nuevo presupuesto para el próximo año."},
    {"id": "e", "text": "--- 2024 ---"},
]


def _read(path):
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def test_keep_filtering_is_counted_in_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSE_PLUGINS", "langdetect")
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in RECORDS))
    registry = build_registry()
    config = parse_config(
        "pipeline:\n  - stage: langdetect\n    keep: [fr]\n",
        "t.yaml",
        registry=registry,
        base_dir=tmp_path,
    )
    out = tmp_path / "out.jsonl"
    report = Run(config, [str(source)], str(out), registry=registry, progress=False).execute()

    assert (report.read, report.written, report.filtered, report.failed) == (5, 2, 3, 0)
    assert [r["id"] for r in _read(out)] == ["a", "c"]
    filtered = {r["id"]: r["filtered"] for r in _read(tmp_path / "out.filtered.jsonl")}
    assert filtered == {
        "b": {"stage": "langdetect", "reason": "language en not in keep"},
        "d": {"stage": "langdetect", "reason": "language es not in keep"},
        "e": {"stage": "langdetect", "reason": "language und not in keep"},
    }
    stats = report.stages["langdetect"]
    assert stats.filtered == 3 and stats.skipped == 1
    assert stats.reasons["filtered: language en not in keep"] == 1
