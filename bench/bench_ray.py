"""Local (1 process), local (N worker processes) and Ray (stream and sharded modes) on the
same per-document pipeline; and the driver's peak memory in a sharded dedup run.

One synthetic, CPU-bound per-document stage (tokenise, then hash every word a few rounds),
on generated news-like JSONL, through the real runner (reading, writing, accounting). For
each mode it prints docs/s, CPU-seconds per document, and both as ratios to the 1-process
baseline, all measured in the same run.

CPU time is that of this process and every process it started (worker processes, and for
Ray the local instance's processes: GCS, agents, actors), sampled from ``/proc`` (Linux),
so Ray's own processes count as the overhead they are. Ray is started once before its
measurement, as a cluster would already be running; that start-up time is printed apart.

Driver memory: a sharded run of ``dedup`` (documents and passages, paraphrase off) over an
evolving synthetic news stream (``bench_dedup.Corpus``), at two sizes, each driver in a
process of its own joined to the same Ray instance; its peak RSS (``VmHWM``) is that of the
driver only (Ray's processes and the actors are not counted), and the ratio of the two is
the figure to watch (target: flat, <= 1.2).

    uv run python bench/bench_ray.py                 # 3000 and 12000 documents, 2 workers / actors
    uv run python bench/bench_ray.py --docs 20000 --workers 4 --rounds 8 --rss-docs 5000 50000
    uv run python bench/bench_ray.py --docs --rss-docs 5000 50000   # driver memory only
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import orjson

from presse import Document, Stage, hookimpl
from presse.config import parse_config
from presse.registry import build_registry
from presse.runner import Run

sys.path.insert(0, str(Path(__file__).parent))
from bench_dedup import Corpus

VOCABULARY = (
    "le la les un une des gouvernement ministre réforme Paris Lyon Marseille grève syndicat "
    "police enquête tribunal élection maire conseil région budget hausse baisse selon a "
    "déclaré indiqué mardi mercredi jeudi vendredi contre pour avec dans sur après avant"
)


class Burn(Stage):
    """CPU-bound per-document work: hash each word ``rounds`` times, keep a digest."""

    name = "burn"
    provides = ("digest",)

    class Params(Stage.Params):
        rounds: int = 4

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            digest = hashlib.blake2b(digest_size=8)
            for word in doc.text.lower().split():
                token = word.encode()
                for _ in range(self.params.rounds):
                    token = hashlib.blake2b(token, digest_size=16).digest()
                digest.update(token)
            doc["digest"] = digest.hexdigest()
        return docs


class BenchPlugin:
    @staticmethod
    @hookimpl
    def register_stages(register):
        register(Burn)


def write_corpus(path: Path, n: int, seed: int = 7) -> None:
    rng, words = random.Random(seed), VOCABULARY.split()
    with path.open("wb") as out:
        for i in range(n):
            text = " ".join(rng.choice(words) for _ in range(rng.randint(150, 450)))
            out.write(orjson.dumps({"id": f"b{i:06d}", "text": text}) + b"\n")


def tree_cpu_ticks() -> dict[int, tuple[str, int]]:
    """(name, user + system CPU ticks) of this process and each of its live descendants."""
    parents: dict[int, int] = {}
    ticks: dict[int, tuple[str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = (
            "driver" if int(entry) == os.getpid() else stat[stat.index("(") + 1 : stat.rindex(")")]
        )
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = (name, int(fields[11]) + int(fields[12]))
    tree, frontier = {os.getpid()}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return {pid: ticks[pid] for pid in tree if pid in ticks}


class CpuMeter:
    """CPU seconds used by this process tree while running, processes that ended included.

    Ended processes are not always reaped by a process of the tree (Ray's workers are not),
    so the tree is sampled every ``interval`` seconds and each process's last reading kept;
    workers are idle when they are ended, so little is missed. ``by_name`` splits the total
    by process name (``driver`` is this process).
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.seconds = 0.0
        self.by_name: dict[str, float] = {}

    def __enter__(self) -> CpuMeter:
        self.baseline = {pid: t for pid, (_, t) in tree_cpu_ticks().items()}
        self.last = tree_cpu_ticks()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while not self.done.wait(self.interval):
            self.last.update(tree_cpu_ticks())

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()
        self.last.update(tree_cpu_ticks())
        tick = os.sysconf("SC_CLK_TCK")
        for pid, (name, t) in self.last.items():
            used = (t - self.baseline.get(pid, 0)) / tick
            self.by_name[name] = self.by_name.get(name, 0.0) + used
        self.seconds = sum(self.by_name.values())


def measure(
    corpus: Path, tmp: Path, executor: str, workers: int, rounds: int, n: int, options: str = ""
) -> dict:
    registry = build_registry()
    registry.add_plugin(BenchPlugin, "bench")
    text = (
        f"run:\n  executor: {executor}\n  workers: {workers}\n  batch_size: 64\n"
        f"  executor_options: {{actors: {workers}{options}}}\n"
        f"pipeline:\n  - stage: burn\n    rounds: {rounds}\n"
    )
    config = parse_config(text, "bench.yaml", registry=registry, base_dir=tmp)
    out = tmp / f"{executor}-{workers}{options.replace(' ', '').replace(':', '-')}.jsonl"
    with CpuMeter() as cpu:
        start = time.perf_counter()
        report = Run(config, [str(corpus)], str(out), registry=registry, progress=False).execute()
        wall = time.perf_counter() - start
    assert report.status == "ok" and report.written == n, report
    split = {name: seconds / n for name, seconds in cpu.by_name.items() if seconds / n >= 1e-5}
    return {
        "docs_s": n / wall,
        "cpu_doc": cpu.seconds / n,
        "split": split,
        "digest": out.read_bytes(),
    }


def speed(tmp: Path, docs: int, workers: int, rounds: int) -> dict[str, dict]:
    """The four modes on ``docs`` documents; Ray already running."""
    corpus = tmp / f"corpus-{docs}.jsonl"
    write_corpus(corpus, docs)
    rows = {
        "local, 1 process": measure(corpus, tmp, "local", 1, rounds, docs),
        f"local, {workers} workers": measure(corpus, tmp, "local", workers, rounds, docs),
        f"ray stream, {workers} a.": measure(
            corpus, tmp, "ray", workers, rounds, docs, ", mode: stream"
        ),
    }
    # sharded: Ray Data reads the shards and writes per-shard files; shards are the unit of
    # parallelism, so the corpus is cut into about 8 per actor; the actors reserve 0.75 CPU
    # each so that the read tasks find CPU (a pool that takes every CPU stalls Ray Data)
    shard_bytes = max(1, corpus.stat().st_size // (8 * workers))
    rows[f"ray shards, {workers} a."] = measure(
        corpus,
        tmp,
        "ray",
        workers,
        rounds,
        docs,
        f", mode: shards, shard_bytes: {shard_bytes}, actor_cpus: 0.75",
    )
    return rows


def print_speed(docs: int, rounds: int, rows: dict[str, dict]) -> None:
    base = rows["local, 1 process"]
    print(f"\n{docs} documents, burn rounds={rounds}")
    print(f"{'mode':<20} {'docs/s':>9} {'x base':>7} {'CPU ms/doc':>11} {'x base':>7}  output")
    for label, row in rows.items():
        same = "same" if row["digest"] == base["digest"] else "DIFFERENT"
        print(
            f"{label:<20} {row['docs_s']:>9.1f} {row['docs_s'] / base['docs_s']:>7.2f} "
            f"{row['cpu_doc'] * 1000:>11.2f} {row['cpu_doc'] / base['cpu_doc']:>7.2f}  {same}"
        )
    print("CPU ms/doc by process:")
    for label, row in rows.items():
        parts = sorted(row["split"].items(), key=lambda item: -item[1])
        print(f"  {label:<18} " + ", ".join(f"{name} {v * 1000:.2f}" for name, v in parts))


DEDUP_CONFIG = """run:
  executor: ray
  batch_size: 64
  executor_options: {{mode: shards, shard_bytes: {shard_bytes}, address: "{address}"}}
pipeline:
  - stage: dedup
    paraphrase: false
"""


def driver_rss(tmp: Path, docs: int, address: str) -> tuple[float, float, int]:
    """(wall seconds, driver peak RSS in MB, shards) of a sharded dedup run in a process of
    its own, joined to the Ray instance at ``address``."""
    corpus = tmp / f"news-{docs}.jsonl"
    with corpus.open("wb") as out:
        for doc_id, text in Corpus(kind="evolving").documents(docs):
            out.write(orjson.dumps({"id": doc_id, "text": text}) + b"\n")
    shard_bytes = 4 << 20  # 4 MiB: about 1,800 of these documents a shard
    config = tmp / f"dedup-{docs}.yaml"
    config.write_text(DEDUP_CONFIG.format(shard_bytes=shard_bytes, address=address))
    out = tmp / f"dedup-{docs}.jsonl"
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--driver", str(config), str(corpus), str(out)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"the dedup driver failed: {child.stderr[-3000:]}")
    shards = -(-corpus.stat().st_size // shard_bytes)
    return wall, float(child.stdout.split()[-1]), shards


def run_driver(config: str, corpus: str, output: str) -> None:
    """``--driver``: run ``config`` here, then print this process's peak RSS in MB."""
    registry = build_registry()
    parsed = parse_config(Path(config).read_text(), config, registry=registry)
    report = Run(parsed, [corpus], output, registry=registry, progress=False).execute()
    if report.status != "ok":
        raise SystemExit(f"run failed: {report.message}")
    status = Path("/proc/self/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    print(f"{peak_kb / 1024:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, nargs="*", default=[3000, 12000])
    parser.add_argument("--workers", type=int, default=2, help="worker processes and actors")
    parser.add_argument("--rounds", type=int, default=16, help="hash rounds per word")
    parser.add_argument("--rss-docs", type=int, nargs="*", default=[5000, 50000])
    parser.add_argument("--driver", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ["PRESSE_PLUGINS"] = "ray,dedup"
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
    if args.driver:
        run_driver(*args.driver)
        return
    import ray

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} logical CPUs, load average {load}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        start = time.perf_counter()
        ray.init(
            num_cpus=os.cpu_count(),
            include_dashboard=False,
            logging_level=logging.WARNING,
            _node_ip_address="127.0.0.1",
        )
        print(f"(Ray start-up, not counted below: {time.perf_counter() - start:.1f}s)")
        for docs in args.docs:
            print_speed(docs, args.rounds, speed(tmp, docs, args.workers, args.rounds))
        if args.rss_docs:
            address = ray.get_runtime_context().gcs_address
            print("\nsharded dedup (documents and passages), driver peak RSS")
            peaks = []
            for docs in args.rss_docs:
                wall, peak, shards = driver_rss(tmp, docs, address)
                peaks.append(peak)
                print(f"  {docs:>7,} docs, {shards:>3} shards: {wall:7.1f}s  driver {peak:7.1f} MB")
            if len(peaks) > 1:
                ratio = peaks[-1] / peaks[0]
                print(
                    f"  driver peak RSS {args.rss_docs[-1]:,} / {args.rss_docs[0]:,} = "
                    f"{ratio:.2f}  (target <= 1.2)"
                )
        ray.shutdown()


if __name__ == "__main__":
    main()
