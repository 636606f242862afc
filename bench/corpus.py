"""Synthetic French news corpora for the benchmarks, built from the bundled seed articles.

Each document is a shuffled selection of seed sentences with a few words swapped, so the
text looks like news (names, quotes, numbers) without copying any article whole.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import orjson

SEEDS = Path(__file__).resolve().parents[1] / "docs" / "examples"
SWAPS = {
    "Alep": ["Idleb", "Homs", "Hama"],
    "Russie": ["Turquie", "France"],
    "samedi": ["lundi", "jeudi"],
    "Iran": ["Irak", "Liban"],
}


def seed_sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text = re.sub(r"^\s*date \S+ .*$", "", text, flags=re.MULTILINE)
    return [s.strip() for s in re.split(r"(?<=[.!?»\"])\s+", text) if len(s.strip()) > 30]


def make_documents(n: int, sentences_per_doc: tuple[int, int] = (6, 14), seed: int = 0):
    rng = random.Random(seed)
    sentences = seed_sentences()
    for i in range(n):
        chosen = rng.sample(sentences, rng.randint(*sentences_per_doc))
        text = " ".join(chosen)
        for word, options in SWAPS.items():
            if rng.random() < 0.5:
                text = text.replace(word, rng.choice(options))
        yield {"id": f"synth-{i:07d}", "text": text, "meta": {"source": "bench"}}


def write_corpus(path: Path, n: int, seed: int = 0) -> Path:
    with path.open("wb") as out:
        for doc in make_documents(n, seed=seed):
            out.write(orjson.dumps(doc) + b"\n")
    return path
