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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from presse.reading import InputPlan, Source, is_url, remote_stamp
from presse_ray.storage import Folder

SEQ_BITS = 32
END_SEQ = (1 << SEQ_BITS) - 1


def position(shard: int, seq: int) -> int:
    """A record's place in the whole input: shard, then record within the shard."""
    return shard << SEQ_BITS | seq


def shard_of(pos: int) -> int:
    return pos >> SEQ_BITS


@dataclass(frozen=True)
class Shard:
    """A piece of the input one task reads: a file, or whole lines ``[start, end)`` of it.
    ``path`` is a local path, or a URL read through fsspec (object storage)."""

    index: int
    path: str
    reader: str  # the reader's format name
    start: int = 0
    end: int | None = None
    first_line: int = 1
    size: int = 0
    mtime_ns: int = 0
    label: str | None = None  # the name records give the file (Source.label)
    version: str = ""  # a remote file's version (modification time, ETag)

    def source(self) -> Source:
        """The :class:`presse.reading.Source` a reader reads this shard from."""
        if is_url(self.path):
            return Source(None, label=self.label, url=self.path)
        return Source(Path(self.path), self.start, self.end, self.first_line, label=self.label)

    def describe(self) -> str:
        if self.end is None and not self.start:
            return self.path
        return f"{self.path} from line {self.first_line}"


def plan_shards(plan: InputPlan, shard_bytes: int) -> list[Shard]:
    """One shard per input file; uncompressed local JSON Lines files larger than
    ``shard_bytes`` are cut into ranges of whole lines (one pass counting newlines). A
    remote file (a URL) is one shard: store large inputs as several files."""
    shards: list[Shard] = []
    for source, reader in plan.sources:
        if source.url is not None:
            size, version = remote_stamp(source.url)
            common = {"reader": reader.format, "size": size or 0, "label": source.label}
            shards.append(Shard(len(shards), source.url, version=str(version), **common))
            continue
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
    """The work directory of a sharded run (see the module docstring): a local or shared
    path, or a URL on object storage (:class:`presse_ray.storage.Folder`)."""

    def __init__(self, root: str | Path) -> None:
        self.folder = Folder(root)
        self.root = str(self.folder)

    # -- the run ---------------------------------------------------------------------------
    def open(self, identity: dict[str, Any], resume: bool) -> dict[int, dict[str, Any]]:
        """Prepare the directory; the markers of completed shards when resuming the same
        run, else nothing (an earlier run's files are removed)."""
        folder = self.folder
        done: dict[int, dict[str, Any]] = {}
        run = folder.read_or_none("run.json")
        if resume and run is not None and orjson.loads(run) == identity:
            for marker in folder.names("shards", ".done"):
                info = orjson.loads(folder.read(marker))
                done[info["shard"]] = info
        else:
            folder.remove()
        folder.remove("attempts")  # a killed driver's leftovers
        folder.make("shards", "attempts", "quarantine", "parts")
        folder.write("run.json", orjson.dumps(identity))
        return done

    @staticmethod
    def name(shard: int, kind: str) -> str:
        return f"shards/{shard:05d}.{kind}"

    def open_file(self, shard: int, kind: str) -> IO[bytes] | None:
        """A shard's file (``out.jsonl``...) opened for reading; None: it has none."""
        return self.folder.open(self.name(shard, kind))

    def complete(
        self, shard: int, out: list[bytes], errors: list[bytes], filtered: list[bytes], info: dict
    ) -> None:
        """Write a shard's files atomically, then its marker (the commit point)."""
        for kind, lines in (("out", out), ("errors", errors), ("filtered", filtered)):
            name = self.name(shard, f"{kind}.jsonl")
            if lines:
                self.folder.write(name, b"".join(lines))
            else:
                self.folder.delete(name)
        self.folder.write(self.name(shard, "done"), orjson.dumps(info))

    # -- a plan's map phase ----------------------------------------------------------------
    def save_part(self, shard: int, rows: list[tuple[int, int, int, bytes, bytes]]) -> str:
        """Save a batch's rows of a shard (workers): the records, and apart the documents'
        features (what the plan's steps read); returns the part's name."""
        name = f"{shard:05d}-{rows[0][0] & END_SEQ}-{rows[-1][0] & END_SEQ}"
        records = [row[:4] for row in rows]
        features = [(row[0], row[1], row[4]) for row in rows if row[4]]
        self.folder.write(f"parts/{name}.feat", pickle.dumps(features))
        self.folder.write(f"parts/{name}.pkl", pickle.dumps(records))
        return name

    def load_part(self, name: str) -> list[tuple[int, int, int, bytes]]:
        """A part's rows: position, document index, kind, pickled record."""
        return pickle.loads(self.folder.read(f"parts/{name}.pkl"))

    def load_features(self, name: str) -> list[tuple[int, int, bytes]]:
        """A part's documents' features: position, document index, pickled features."""
        return pickle.loads(self.folder.read(f"parts/{name}.feat"))

    def mark_mapped(self, shard: int, info: dict[str, Any]) -> None:
        """Commit a shard's map phase: its parts (in order) and counts."""
        self.folder.write(f"parts/{shard:05d}.mapped", pickle.dumps(info))

    def mapped(self) -> dict[int, dict[str, Any]]:
        """The committed map phases, by shard."""
        found = {}
        for marker in self.folder.names("parts", ".mapped"):
            info = pickle.loads(self.folder.read(marker))
            found[info["shard"]] = info
        return found

    def quarantined(self, shard: int) -> dict[str, Any] | None:
        data = self.folder.read_or_none(f"quarantine/{shard:05d}.json")
        return orjson.loads(data) if data is not None else None

    def discard(self) -> None:
        self.folder.remove()

    # -- on the workers --------------------------------------------------------------------
    def begin(self, key: str, node: str = "") -> list[str]:
        """Record an attempt at a batch on ``node``; return the nodes of the attempts that
        came before (each ended by a crash, since a finished attempt removes its record)."""
        data = self.folder.read_or_none(f"attempts/{key}")
        try:
            earlier = [str(n) for n in orjson.loads(data)] if data else []
        except (orjson.JSONDecodeError, TypeError):
            earlier = []
        self.folder.write(f"attempts/{key}", orjson.dumps([*earlier, node]))
        return earlier

    def end(self, key: str) -> None:
        self.folder.delete(f"attempts/{key}")

    def set_aside(self, shard: int, why: dict[str, Any]) -> None:
        self.folder.write(f"quarantine/{shard:05d}.json", orjson.dumps(why))


class LocalBatches:
    """Which of local mode's batches a document falls in: its index among all the input's
    documents, cut every ``batch_size``; ``counts`` gives each shard's documents, known
    for every earlier shard by the time a shard's documents are asked about."""

    def __init__(self, batch_size: int, counts: dict[int, int] | None = None) -> None:
        self.batch_size = batch_size
        self.counts: dict[int, int] = dict(counts or {})
        self._before: dict[int, int] = {}

    def key(self, shard: int, dix: int) -> int:
        """The batch of the shard's ``dix``-th document."""
        before = self._before.get(shard)
        if before is None:
            before = self._before[shard] = sum(self.counts.get(s, 0) for s in range(shard))
        return (before + dix) // self.batch_size


def shard_identity(shards: list[Shard], config_hash: str) -> dict[str, Any]:
    return {"config_hash": config_hash, "shards": [asdict(s) for s in shards]}
