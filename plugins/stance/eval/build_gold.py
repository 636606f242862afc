"""Turn the hand-written gold (gold_*.yaml) into the scorer's JSONL, locating each evidence.

    python build_gold.py gold_seeds.yaml ../../../docs/examples > gold_seeds.jsonl
    python build_gold.py gold_news.yaml articles > gold_news.jsonl

Offsets index the raw ``<doc_id>.txt`` files (what ``run_stance.py`` reads). Actors are
declared once under ``actors:`` (principal name → aliases) and referred to by name.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

_END = re.compile(r"(?<![A-Z]\.)(?<!\bM\.)(?<=[.!?»\"”])\s+(?=[A-ZÀ-Ý«\"“])|\n")


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    bounds = [0] + [m.end() for m in _END.finditer(text)] + [len(text)]
    lo = max(b for b in bounds if b <= start)
    hi = min(b for b in bounds if b >= end)
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def main(spec_path: str, texts_dir: str) -> None:
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    actors = spec["actors"]
    for n, item in enumerate(spec["gold"], 1):
        doc_id, holder, target, label, evidence = (
            item["doc"],
            item["holder"],
            item["target"],
            item["label"],
            item["evidence"],
        )
        text = (Path(texts_dir) / f"{doc_id}.txt").read_text(encoding="utf-8")
        start = text.find(evidence)
        if start < 0:
            sys.exit(f"{doc_id}: evidence not found: {evidence!r}")
        s, e = sentence_of(text, start, start + len(evidence))
        print(
            json.dumps(
                {
                    "id": f"g{n}",
                    "doc_id": doc_id,
                    "holder": item.get("holder_text", holder),
                    "holder_aliases": [
                        holder,
                        *actors.get(holder, []),
                        *item.get("holder_aliases", []),
                    ],
                    "holder_principal": holder,
                    "target": target,
                    "target_aliases": [
                        target,
                        *actors.get(target, []),
                        *item.get("target_aliases", []),
                    ],
                    "label": label,
                    "required": item.get("required", True),
                    "sentence": text[s:e],
                    "sentence_span": [s, e],
                    "evidence": evidence,
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])
