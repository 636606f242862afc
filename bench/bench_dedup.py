"""Benchmark of the dedup stage against raw rensa doing the same signatures and index.

Synthetic corpora of French-looking news: sentences from templates over Zipf-distributed
vocabularies and 500 topics; 30 % of documents republish an earlier one with edits (a word
changed, the last sentence dropped, another dateline) and 10 % recycle two background
sentences. Two kinds of corpus:

- ``fixed``: the same 500 topics recur from the first document to the last, so the number
  of similar earlier documents (LSH candidates, shared phrases) grows with the corpus: a
  stress test, where raw rensa alone scales above linear;
- ``evolving``: stories come and go as in a news stream; 500 are running at any time and
  each new article starts a new story with probability 0.1, retiring the oldest one.

Each config runs in its own process over the largest size (generator-fed, batches of 1,000,
so the corpus is never held in memory); the smaller sizes are checkpoints on the way, the
same work as a run of that size since the corpus is deterministic. Times are CPU seconds
(process time) of the stage's calls. With ``--repeat R``, every batch is taken at its
fastest of the R rounds: a batch does the same work in every round, so a slower run of it
was disturbed (on a shared machine, bursts of other jobs move single rounds by ±20 %).
Reports docs per CPU second, peak RSS above the process's start per document, and
t(large)/t(small) with each round's own ratio beside it.

    uv run python bench/bench_dedup.py            # 5k and 50k
    uv run python bench/bench_dedup.py --repeat 5 # 5 rounds: each batch at its fastest
    uv run python bench/bench_dedup.py --sizes 5000 50000 500000 --configs docs
    uv run python bench/bench_dedup.py --corpus fixed   # one kind of corpus only

Configs: ``rensa`` (baseline: same tokenisation and content-word sets, RMinHash signatures,
RMinHashLSH query and insert per document; no verification, no passages), ``docs`` (the
stage, documents only), ``passages`` (documents and sentence links, paraphrase off),
``full`` (with paraphrases; loads spaCy).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import accumulate, pairwise

_SYLLABLES = """ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la
le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru
sa se si so su ta te ti to tu va ve vi vo tion ment ent eau ier ille on an in eur
ette"""
SYLLABLES = tuple(_SYLLABLES.split())
DETS = ("le", "la", "les", "un", "une", "des", "ce", "cette", "leur", "son", "sa")
PREPS = ("dans", "sur", "avec", "pour", "contre", "après", "avant", "selon", "depuis", "vers")
TIMES = (
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "hier",
    "cette semaine",
    "le mois dernier",
)
NEW_STORY = 0.1  # evolving corpus: chance that a new article starts a new story
TEMPLATES = (
    "{D} {N} {A} a {V} {T} {P} {d} {n} de {L}.",
    "Selon {d} {n} {a}, {D2} {N2} {V2} {d2} {n2} {P} {L}.",
    "{Pe} a {V} {T} que {d} {n} {a} {V2} {P} {d2} {n2} {a2}.",
    "{D} {N} de {L} {V} {d} {n} {a} {P} {d2} {n2}, a indiqué {Pe}.",
    "« {D} {N} {V} {d} {n} {a} », a déclaré {Pe} {T} {P} {L}.",
    "{P} {d} {n} {a}, {D} {N} {A} a {V} {d2} {n2} {P2} {L}.",
)


class Vocabulary:
    """Pseudo-French words with Zipfian frequencies."""

    def __init__(self, rng: random.Random, size: int, syllables: tuple[int, int]) -> None:
        words = set()
        while len(words) < size:
            n = rng.randint(*syllables)
            words.add("".join(rng.choice(SYLLABLES) for _ in range(n)))
        self.words = sorted(words)
        rng.shuffle(self.words)
        self.cum = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(size)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.cum)[0]


class Corpus:
    """Deterministic stream of ``(id, text)`` with republications and recycled sentences.

    Each new document has one of 500 topics; half of its nouns and adjectives come from the
    topic's own small vocabulary, the rest from large general ones, so that articles on one
    topic look alike (as real news does) and others do not.
    """

    def __init__(self, seed: int = 0, kind: str = "fixed") -> None:
        self.kind = kind
        self.rng = random.Random(seed)
        rng = self.rng
        self.nouns = Vocabulary(rng, 40000, (2, 4))
        self.verbs = Vocabulary(rng, 5000, (2, 3))
        self.adjs = Vocabulary(rng, 15000, (2, 4))
        self.places = [w.capitalize() for w in Vocabulary(rng, 3000, (2, 3)).words]
        self.people = [
            f"{a.capitalize()} {b.capitalize()}"
            for a, b in zip(
                Vocabulary(rng, 8000, (2, 3)).words,
                Vocabulary(rng, 8000, (2, 4)).words,
                strict=True,
            )
        ]
        self.topics = [self._new_topic() for _ in range(500)]
        self.topic = self.topics[0]

    def _new_topic(self) -> tuple[list[str], list[str], list[str], list[str]]:
        rng = self.rng
        return (
            rng.sample(self.nouns.words, 60),
            rng.sample(self.adjs.words, 30),
            rng.sample(self.places, 5),
            rng.sample(self.people, 8),
        )

    def _noun(self) -> str:
        r = self.rng
        return r.choice(self.topic[0]) if r.random() < 0.5 else self.nouns.draw(r)

    def _adj(self) -> str:
        r = self.rng
        return r.choice(self.topic[1]) if r.random() < 0.5 else self.adjs.draw(r)

    def sentence(self) -> str:
        r = self.rng
        fill = {}
        for suffix in ("", "2"):
            fill |= {
                f"D{suffix}": r.choice(DETS).capitalize(),
                f"d{suffix}": r.choice(DETS),
                f"N{suffix}": self._noun(),
                f"n{suffix}": self._noun(),
                f"A{suffix}": self._adj(),
                f"a{suffix}": self._adj(),
                f"V{suffix}": self.verbs.draw(r) + "é",
                f"P{suffix}": r.choice(PREPS),
            }
        fill |= {"T": r.choice(TIMES), "L": r.choice(self.topic[2]), "Pe": r.choice(self.topic[3])}
        return r.choice(TEMPLATES).format(**fill)

    def documents(self, n: int) -> Iterator[tuple[str, str]]:
        r = self.rng
        recent: list[list[str]] = []
        for i in range(n):
            roll = r.random()
            if recent and roll < 0.3:  # republication with edits
                sentences = list(r.choice(recent))
                k = r.randrange(len(sentences))
                words = sentences[k].split()
                words[r.randrange(len(words))] = self.nouns.draw(r)
                sentences[k] = " ".join(words)
                if len(sentences) > 4 and r.random() < 0.5:
                    sentences.pop()
            else:
                if self.kind == "evolving" and r.random() < NEW_STORY:
                    self.topics.pop(0)
                    self.topics.append(self._new_topic())
                self.topic = r.choice(self.topics)
                sentences = [self.sentence() for _ in range(r.randint(6, 14))]
                if recent and roll < 0.4:  # recycled background
                    sentences[-2:] = r.choice(recent)[:2]
            recent.append(sentences)
            if len(recent) > 2000:
                recent.pop(0)
            dateline = f"{r.choice(self.places).upper()}, {r.randint(1, 28)} mars (AFP) - "
            yield f"d{i}", dateline + "\n".join(sentences)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(config: str, sizes: list[int], corpus_kind: str = "fixed", batch: int = 1000) -> dict:
    """Run one configuration over the largest of ``sizes`` documents of a ``corpus_kind``
    corpus, in this process: the CPU time of every batch, and a checkpoint (time, peak
    memory, documents linked) when the stream reaches each size (the corpus is
    deterministic: its first 5k documents are the 5k corpus)."""
    from itertools import islice

    from presse import Document
    from presse_dedup import Dedup
    from presse_dedup.normalize import dateline_end, words
    from presse_dedup.stopwords import STOPWORDS

    sizes = sorted(set(sizes))
    corpus = Corpus(kind=corpus_kind).documents(sizes[-1])
    start_rss = _rss_mb()
    done, dups = 0, 0
    batches: list[tuple[int, float]] = []  # (documents done after the batch, its CPU time)
    checkpoints = []
    if config == "rensa":
        import rensa

        lsh = rensa.RMinHashLSH(0.5, 128, 32)
    else:
        stage = Dedup(passages=config != "docs", paraphrase=config == "full")
        stage.setup()
    while len(checkpoints) < len(sizes):
        chunk = list(islice(corpus, min(batch, sizes[len(checkpoints)] - done)))
        if not chunk:
            break
        if config == "rensa":
            t0 = time.process_time()
            sets = [
                sorted({w for w in words(text[dateline_end(text) :]) if w not in STOPWORDS})
                for _, text in chunk
            ]
            for key, mh in enumerate(rensa.RMinHash.from_token_sets(sets, 128, 42), done):
                dups += bool(lsh.query(mh))
                lsh.insert(key, mh)
        else:
            docs = [Document.new(i, t) for i, t in chunk]
            t0 = time.process_time()
            for doc in stage.process(docs):
                dups += doc["dedup"]["duplicate_of"] is not None
        done += len(chunk)
        batches.append((done, time.process_time() - t0))
        if done == sizes[len(checkpoints)]:
            peak = _rss_mb() - start_rss
            checkpoints.append({"docs": done, "peak_mb": round(peak, 1), "linked": dups})
    return {"config": config, "corpus": corpus_kind, "batches": batches, "checkpoints": checkpoints}


def best_seconds(runs: list[dict], docs: int) -> float:
    """CPU time for the first ``docs`` documents, each batch at its fastest over ``runs``
    (the same batch does the same work in every run: a slower run of it was disturbed)."""
    per_batch = zip(*(run["batches"] for run in runs), strict=True)
    return sum(min(t for _, t in same) for same in per_batch if same[0][0] <= docs)


def run_seconds(run: dict, docs: int) -> float:
    return sum(t for done, t in run["batches"] if done <= docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--configs", nargs="+", default=["rensa", "docs", "passages"])
    parser.add_argument(
        "--corpus", nargs="+", choices=["fixed", "evolving"], default=["fixed", "evolving"]
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds over every corpus and config, one process each, which times every "
        "batch on its way to the largest size. Times and ratios take each batch at its "
        "fastest over the rounds (other jobs on a shared machine only ever slow a batch "
        "down); every round's own ratio is printed too",
    )
    parser.add_argument(
        "--one", nargs=3, metavar=("CONFIG", "CORPUS", "SIZES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        config, kind, sizes = args.one
        print(json.dumps(measure(config, [int(n) for n in sizes.split(",")], kind)))
        return
    runs: dict[tuple[str, str], list[dict]] = {}
    sizes = sorted(set(args.sizes))
    for _ in range(max(1, args.repeat)):
        for kind in args.corpus:
            for config in args.configs:
                out = subprocess.run(
                    [sys.executable, __file__, "--one", config, kind, ",".join(map(str, sizes))],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                runs.setdefault((kind, config), []).append(json.loads(out.strip().splitlines()[-1]))
    for (kind, config), done in runs.items():
        base = runs.get((kind, "rensa"))
        for point in done[-1]["checkpoints"]:
            n, seconds = point["docs"], best_seconds(done, point["docs"])
            versus = f"  {seconds / best_seconds(base, n):.2f}x rensa time" if base else ""
            print(
                f"{kind:8s} {config:9s} {n:>7,} docs  {n / seconds:>7,.0f} docs/s  "
                f"peak +{point['peak_mb']:.0f} MB ({point['peak_mb'] * 1024 / n:.2f} KB/doc)  "
                f"linked {point['linked']:,}{versus if config != 'rensa' else ''}"
            )
    for (kind, config), done in runs.items():
        for small, big in pairwise(sizes):
            ratio = best_seconds(done, big) / best_seconds(done, small)
            each = sorted(run_seconds(r, big) / run_seconds(r, small) for r in done)
            print(
                f"{kind:8s} {config:9s} t({big:,})/t({small:,}) = {ratio:.1f}  "
                f"linear: {big / small:.0f}  (rounds alone: {', '.join(f'{r:.1f}' for r in each)})"
            )


if __name__ == "__main__":
    main()
