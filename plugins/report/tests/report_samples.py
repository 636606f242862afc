"""Records shaped like a run of the default pipeline, for the report's tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
SEED_RUN = DATA / "seed-run.jsonl"  # uv run presse run configs/news-fr.yaml (real output)
SEED_REPORT = DATA / "seed-run.report.json"

OLD = "Moscou soutient le régime de Damas. La Turquie soutient les rebelles à Alep."
NEW = "Selon Ankara, la Turquie soutient les rebelles à Alep. Moscou condamne les rebelles."


def entity(text: str, doc: str, label: str, entity_id: str) -> dict[str, Any]:
    start = doc.index(text)
    return {
        "start": start,
        "end": start + len(text),
        "text": text,
        "label": label,
        "entity_id": entity_id,
        "canonical": text,
        "source": "model",
    }


def stance(doc: str, holder: str, hid: str, target: str, tid: str, label: str, ev: str):
    start = doc.index(ev)
    sentence_end = doc.index(".", start) + 1
    sentence_start = doc.rfind(". ", 0, start)
    sentence_start = 0 if sentence_start < 0 else sentence_start + 2
    return {
        "holder": {"text": holder, "entity_id": hid, "span": [0, 0]},
        "target": {"text": target, "entity_id": tid, "span": [0, 0]},
        "label": label,
        "confidence": 0.8,
        "sentence": [sentence_start, sentence_end],
        "evidence": {"text": ev, "start": start, "end": start + len(ev)},
        "attribution": {"speaker": "AUTHOR", "mode": "author"},
        "kind": "support" if label == "FAVOR" else "condemnation",
        "negated": False,
    }


def small_run() -> list[dict[str, Any]]:
    """Two documents: an old one and a newer one sharing a verbatim sentence."""
    shared = "la Turquie soutient les rebelles à Alep."
    return [
        {
            "id": "old",
            "text": OLD,
            "meta": {"date": "2016-12", "title": "Alep en 2016"},
            "language": {"code": "fr", "confidence": 0.99},
            "entities": [
                entity("Moscou", OLD, "LOC", "russia"),
                entity("Turquie", OLD, "LOC", "turkey"),
                entity("Alep", OLD, "LOC", "alep"),
            ],
            "stances": [
                stance(OLD, "Moscou", "russia", "régime", "regime", "FAVOR", "soutient le régime"),
                stance(OLD, "Turquie", "turkey", "rebelles", "rebels", "FAVOR", "soutient les"),
            ],
            "dedup": {"duplicate_of": None, "cluster": "old", "similarity": None, "passages": []},
        },
        {
            "id": "new",
            "text": NEW,
            "meta": {"date": "2024-11-30", "title": "Alep en 2024"},
            "language": {
                "code": "fr",
                "confidence": 0.98,
                "spans": [{"start": 0, "end": 12, "code": "en", "confidence": 0.7}],
            },
            "entities": [
                entity("Ankara", NEW, "LOC", "turkey"),
                entity("Turquie", NEW, "LOC", "turkey"),
                entity("Moscou", NEW, "LOC", "russia"),
            ],
            "stances": [
                stance(NEW, "Turquie", "turkey", "rebelles", "rebels", "FAVOR", "soutient les"),
                stance(NEW, "Moscou", "russia", "rebelles", "rebels", "AGAINST", "condamne"),
            ],
            "dedup": {
                "duplicate_of": None,
                "cluster": "new",
                "similarity": None,
                "passages": [
                    {
                        "start": NEW.index(shared),
                        "end": NEW.index(shared) + len(shared),
                        "other_id": "old",
                        "other_start": OLD.index("La Turquie"),
                        "other_end": OLD.index("La Turquie") + len(shared),
                        "similarity": 1.0,
                        "kind": "verbatim",
                    }
                ],
            },
        },
    ]


XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def hostile_run() -> list[dict[str, Any]]:
    """Markup everywhere a news text can put it: text, title, id, entity, stance, passage."""
    records = small_run()
    for record in records:
        record["text"] = record["text"] + " " + XSS
        record["meta"]["title"] = "</script><script>window.__xss=3</script>" + XSS
        record["entities"].append(
            {
                "start": len(record["text"]) - len(XSS),
                "end": len(record["text"]),
                "text": XSS,
                "label": '"><b>',
                "entity_id": '"]</script>',
                "canonical": XSS,
            }
        )
        record["stances"][0]["holder"]["text"] = XSS
        record["stances"][0]["holder"]["entity_id"] = "</script><script>window.__xss=4</script>"
        record["stances"][1]["holder"]["entity_id"] = "__proto__"
        record["stances"][1]["target"]["entity_id"] = "constructor"
    records[1]["dedup"]["passages"].append(
        {
            "start": len(NEW) + 1,
            "end": len(NEW) + 1 + len(XSS),
            "other_id": "old",
            "other_start": len(OLD) + 1,
            "other_end": len(OLD) + 1 + len(XSS),
            "similarity": 1.0,
            "kind": "<svg onload=window.__xss=5>",
        }
    )
    return records


def big_run(n: int) -> list[dict[str, Any]]:
    """``n`` documents cycling the small run, with distinct ids and dates."""
    base = small_run()
    out = []
    for i in range(n):
        record = json.loads(json.dumps(base[i % 2]))
        record["id"] = f"doc{i:05d}"
        record["meta"]["date"] = f"{2015 + i % 10}-{1 + i % 12:02d}-01"
        for passage in record["dedup"]["passages"]:
            passage["other_id"] = f"doc{i - 1:05d}"
        out.append(record)
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]], extra_lines: list[str] = ()) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        for line in extra_lines:
            handle.write(line + "\n")
    return path
