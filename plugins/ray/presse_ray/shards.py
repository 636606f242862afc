"""Input shards and the per-shard output protocol (files, completion markers, quarantine).

A *shard* is one input file, or a range of whole lines of a large JSON Lines file. Each is
read by a Ray task, and its results end up in three files of the run's work directory::

    .<output>.presse-ray/
        run.json                          config and inputs the shards belong to
        shards/00042.out.jsonl            documents, in input order
        shards/00042.errors.jsonl         records set aside (file, line, stage, reason)
        shards/00042.filtered.jsonl       documents a stage filtered out
        shards/00042.done                 completion marker: the shard's counts
        parts/00042-<first>-<last>.pkl    a corpus-level plan's map phase: documents...
        parts/00042-<first>-<last>.feat   ...and their features, one pair per batch
        parts/00042.mapped                the shard's map phase is complete: its parts, counts
        attempts/<stage-group>-<shard>-<first record>   a batch being processed
        quarantine/00042.json             why the shard was set aside

Files are written under a temporary name, fsynced and renamed; the marker is written
last, so a shard with a marker is complete and a re-run (``--resume``) skips it. Nothing
else counts: partial files without a marker are overwritten.

With a corpus-level plan (dedup), the expensive part of a shard is its map phase (reading,
the per-document stages, the plan's features). Workers save each batch's results as a
part; the driver writes the shard's ``mapped`` marker once every part has come, so a
``--resume`` after a crash maps again only the shards that had no marker. The plan then
runs over every shard's features, and every shard is written from its parts.
"""

from __future__ import annotations

import pickle
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from presse.reading import InputPlan
from presse.writing import atomic_write

SEQ_BITS = 32
END_SEQ = (1 << SEQ_BITS) - 1


def position(shard: int, seq: int) -> int:
    """A record's place in the whole input: shard, then record within the shard."""
    return shard << SEQ_BITS | seq


def shard_of(pos: int) -> int:
    return pos >> SEQ_BITS


@dataclass(frozen=True)
class Shard:
    """A piece of the input one task reads: a file, or whole lines ``[start, end)`` of it."""

    index: int
    path: str
    reader: str  # the reader's format name
    start: int = 0
    end: int | None = None
    first_line: int = 1
    size: int = 0
    mtime_ns: int = 0
    label: str | None = None  # the name records give the file (Source.label)

    def path_obj(self) -> Path:
        return Path(self.path)

    def describe(self) -> str:
        if self.end is None and not self.start:
            return self.path
        return f"{self.path} from line {self.first_line}"


def plan_shards(plan: InputPlan, shard_bytes: int) -> list[Shard]:
    """One shard per input file; uncompressed JSON Lines files larger than ``shard_bytes``
    are cut into ranges of whole lines (one pass counting newlines)."""
    shards: list[Shard] = []
    for source, reader in plan.sources:
        path = source.path
        stat = path.stat()
        common = {
            "reader": reader.format,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "label": source.label,
        }
        if reader.format != "jsonl" or stat.st_size <= shard_bytes:
            shards.append(Shard(len(shards), str(path), **common))
            continue
        for start, end, line in _line_ranges(path, shard_bytes):
            shards.append(
                Shard(len(shards), str(path), start=start, end=end, first_line=line, **common)
            )
    return shards


def _line_ranges(path: Path, shard_bytes: int) -> list[tuple[int, int | None, int]]:
    """``(start, end, first line)`` of ranges of about ``shard_bytes``, cut after a newline."""
    ranges: list[tuple[int, int | None, int]] = []
    start, line, offset, lines = 0, 1, 0, 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            cut = start + shard_bytes - offset  # where, in this chunk, the range is full
            while 0 <= cut < len(chunk):
                newline = chunk.find(b"\n", cut)
                if newline < 0:
                    break
                end = offset + newline + 1
                lines_to = lines + chunk.count(b"\n", 0, newline + 1)
                ranges.append((start, end, line))
                start, line = end, 1 + lines_to
                cut = start + shard_bytes - offset
            lines += chunk.count(b"\n")
            offset += len(chunk)
    if start < offset or not ranges:
        ranges.append((start, None, line))
    elif ranges:
        last_start, _, last_line = ranges.pop()
        ranges.append((last_start, None, last_line))
    return ranges


class ShardStore:
    """The work directory of a sharded run (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.shards = root / "shards"
        self.attempts = root / "attempts"
        self.quarantine = root / "quarantine"
        self.parts = root / "parts"

    # -- the run ---------------------------------------------------------------------------
    def open(self, identity: dict[str, Any], resume: bool) -> dict[int, dict[str, Any]]:
        """Prepare the directory; the markers of completed shards when resuming the same
        run, else nothing (an earlier run's files are removed)."""
        done: dict[int, dict[str, Any]] = {}
        run_file = self.root / "run.json"
        same = run_file.exists() and orjson.loads(run_file.read_bytes()) == identity
        if resume and same:
            for marker in sorted(self.shards.glob("*.done")):
                info = orjson.loads(marker.read_bytes())
                done[info["shard"]] = info
        else:
            shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.attempts, ignore_errors=True)  # a killed driver's leftovers
        for directory in (self.shards, self.attempts, self.quarantine, self.parts):
            directory.mkdir(parents=True, exist_ok=True)
        atomic_write(run_file, orjson.dumps(identity))
        return done

    def path(self, shard: int, kind: str) -> Path:
        return self.shards / f"{shard:05d}.{kind}"

    def complete(
        self, shard: int, out: list[bytes], errors: list[bytes], filtered: list[bytes], info: dict
    ) -> None:
        """Write a shard's files atomically, then its marker (the commit point)."""
        for kind, lines in (("out", out), ("errors", errors), ("filtered", filtered)):
            target = self.path(shard, f"{kind}.jsonl")
            if lines:
                atomic_write(target, b"".join(lines))
            else:
                target.unlink(missing_ok=True)
        atomic_write(self.path(shard, "done"), orjson.dumps(info))

    # -- a plan's map phase ----------------------------------------------------------------
    def save_part(self, shard: int, rows: list[tuple[int, int, int, bytes, bytes]]) -> str:
        """Save a batch's rows of a shard (workers): the records, and apart the documents'
        features (what the plan's steps read); returns the part's name."""
        name = f"{shard:05d}-{rows[0][0] & END_SEQ}-{rows[-1][0] & END_SEQ}"
        records = [row[:4] for row in rows]
        features = [(row[0], row[1], row[4]) for row in rows if row[4]]
        atomic_write(self.parts / f"{name}.feat", pickle.dumps(features))
        atomic_write(self.parts / f"{name}.pkl", pickle.dumps(records))
        return name

    def load_part(self, name: str) -> list[tuple[int, int, int, bytes]]:
        """A part's rows: position, document index, kind, pickled record."""
        return pickle.loads((self.parts / f"{name}.pkl").read_bytes())

    def load_features(self, name: str) -> list[tuple[int, int, bytes]]:
        """A part's documents' features: position, document index, pickled features."""
        return pickle.loads((self.parts / f"{name}.feat").read_bytes())

    def mark_mapped(self, shard: int, info: dict[str, Any]) -> None:
        """Commit a shard's map phase: its parts (in order) and counts."""
        atomic_write(self.parts / f"{shard:05d}.mapped", pickle.dumps(info))

    def mapped(self) -> dict[int, dict[str, Any]]:
        """The committed map phases, by shard."""
        found = {}
        for marker in sorted(self.parts.glob("*.mapped")):
            info = pickle.loads(marker.read_bytes())
            found[info["shard"]] = info
        return found

    def quarantined(self, shard: int) -> dict[str, Any] | None:
        path = self.quarantine / f"{shard:05d}.json"
        return orjson.loads(path.read_bytes()) if path.exists() else None

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # -- on the workers --------------------------------------------------------------------
    def begin(self, key: str) -> int:
        """Record an attempt at a batch; return how many attempts came before (each ended
        by a crash, since a finished attempt removes its record)."""
        path = self.attempts / key
        try:
            before = int(path.read_text())
        except (FileNotFoundError, ValueError):
            before = 0
        atomic_write(path, str(before + 1).encode())
        return before

    def end(self, key: str) -> None:
        (self.attempts / key).unlink(missing_ok=True)

    def set_aside(self, shard: int, why: dict[str, Any]) -> None:
        atomic_write(self.quarantine / f"{shard:05d}.json", orjson.dumps(why))


def shard_identity(shards: list[Shard], config_hash: str) -> dict[str, Any]:
    return {"config_hash": config_hash, "shards": [asdict(s) for s in shards]}
