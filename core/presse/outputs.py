"""Where a run's records go: the output, the errors and the filtered documents, and the
manifest that says what produced them.

Two strategies behind one interface. :class:`StreamOutputs` writes straight through (stdout).
:class:`CheckpointedOutputs` (an output file) writes numbered parts in a work directory and
commits them at checkpoints, so a killed run can resume after the last committed record; the
final files are assembled from the parts when the run completes.
"""

from __future__ import annotations

import gzip
import os
import platform
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from presse.errors import PresseError
from presse.writing import JsonlWriter, SideOutput, Writer, atomic_write, dumps_line, umask

if TYPE_CHECKING:
    from presse.pipeline import Pipeline
    from presse.registry import Registry
    from presse.report import RunReport
    from presse.runner import RunInfo

STATE_FORMAT = 1


class StreamOutputs:
    """Write through: the output streams as batches finish (used for stdout)."""

    resumable = False

    def __init__(self, writer: Writer, errors: Path, filtered: Path) -> None:
        self.writer = writer
        self.errors = SideOutput(errors)
        self.filtered = SideOutput(filtered)

    def write(self, lines: list[bytes], errors: list[dict], filtered: list[dict]) -> None:
        self.writer.write(lines)
        self.errors.write(errors)
        self.filtered.write(filtered)

    def checkpoint(self, state: dict[str, Any], save_stages: Callable[[Path], None]) -> None:
        """Nothing to do: a stream cannot be resumed."""

    def finish(self, ok: bool) -> dict[str, str | None]:
        (self.writer.commit if ok else self.writer.abort)()
        self.errors.commit()
        self.filtered.commit()
        return {
            "errors": str(self.errors.path) if self.errors.count else None,
            "filtered": str(self.filtered.path) if self.filtered.count else None,
        }


class CheckpointedOutputs:
    """One growing file per stream in ``.<output>.presse/``, committed at checkpoints.

    A checkpoint flushes and fsyncs the files, then records their committed sizes, the input
    position and the counts in ``state.json`` (written last, atomically: the commit point).
    Resuming truncates each file to its committed size, so nothing after the last commit
    survives and nothing before it is written twice. On success the output is renamed into
    place (JSON Lines) or streamed through its writer (other formats, e.g. gzip).

    Publishing can be resumed: the last checkpoint of a finished run says ``done``, and
    ``state.json`` stays until every file is in place. Each stream leaves a
    ``<stream>.published`` marker before it moves, so a stream whose part file is gone was
    published, and a part file still there is published (again) by ``--resume``.
    """

    resumable = True
    STREAMS = ("out", "errors", "filtered")

    def __init__(
        self, output: Path, writer_cls: type[Writer], errors: Path, filtered: Path, workdir: Path
    ) -> None:
        self.output, self.writer_cls = output, writer_cls
        self.finals = {"out": output, "errors": errors, "filtered": filtered}
        self.workdir = workdir
        self.committed: dict[str, int] = dict.fromkeys(self.STREAMS, 0)
        self.checkpoints = 0
        self.finished = False
        self._open: dict[str, Any] = {}

    def partial(self, stream: str) -> Path:
        return self.workdir / f"{stream}.jsonl.partial"

    # -- resume -----------------------------------------------------------------------
    def load_state(self) -> dict[str, Any] | None:
        path = self.workdir / "state.json"
        if not path.exists():
            return None
        try:
            state = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise PresseError(f"cannot read the checkpoint {path}: {exc}") from None
        if state.get("format") != STATE_FORMAT:
            raise PresseError(f"checkpoint {path} was written by another presse version")
        self.committed = state["committed"]
        self.checkpoints = state["checkpoints"]
        self.finished = bool(state.get("done"))
        for stream, size in self.committed.items():  # drop what came after the commit
            partial = self.partial(stream)
            if partial.exists():
                with partial.open("r+b") as handle:
                    handle.truncate(size)
            elif size and not self.published(stream).exists():
                raise PresseError(f"checkpoint {self.workdir} is incomplete: {partial} is gone")
        return state

    def published(self, stream: str) -> Path:
        return self.workdir / f"{stream}.published"

    def stage_dir(self, checkpoint: int | None = None) -> Path:
        number = self.checkpoints if checkpoint is None else checkpoint
        return self.workdir / "stages" / f"{number:06d}"

    def discard(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- writing ------------------------------------------------------------------------
    def write(self, lines: list[bytes], errors: list[dict], filtered: list[dict]) -> None:
        for stream, chunk in (
            ("out", lines),
            ("errors", [dumps_line(e) for e in errors]),
            ("filtered", [dumps_line(f) for f in filtered]),
        ):
            if chunk:
                self._handle(stream).write(b"".join(chunk))

    def _handle(self, stream: str):
        handle = self._open.get(stream)
        if handle is None:
            self.workdir.mkdir(parents=True, exist_ok=True)
            handle = self._open[stream] = self.partial(stream).open("ab")
        return handle

    def checkpoint(self, state: dict[str, Any], save_stages: Callable[[Path], None]) -> None:
        """Make the files durable, save the stages' state, then commit ``state.json``."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        for stream, handle in self._open.items():
            handle.flush()
            os.fsync(handle.fileno())
            self.committed[stream] = handle.tell()
        number = self.checkpoints + 1
        stage_dir = self.stage_dir(number)
        save_stages(stage_dir)
        state = {**state, "format": STATE_FORMAT, "checkpoints": number}
        atomic_write(
            self.workdir / "state.json", orjson.dumps({**state, "committed": self.committed})
        )
        self.checkpoints = number
        stages = self.workdir / "stages"
        for old in stages.iterdir() if stages.exists() else ():
            if old != stage_dir:
                shutil.rmtree(old, ignore_errors=True)

    def finish(self, ok: bool) -> dict[str, str | None]:
        """On success, move the files into place and remove the work dir. On failure the
        committed files stay for ``--resume``, and the errors met so far are shown."""
        for handle in self._open.values():
            handle.close()
        self._open.clear()
        if not ok:
            shown = self._publish("errors", keep=True)
            return {"errors": shown, "filtered": None, "checkpoint": str(self.workdir)}
        # state.json stays until the last file is in place: a run stopped while publishing
        # publishes on --resume (see the class docstring).
        self._publish("out", writer_cls=self.writer_cls, always=True)
        paths = {"errors": self._publish("errors"), "filtered": self._publish("filtered")}
        (self.workdir / "state.json").unlink(missing_ok=True)  # the commit point first: one killed
        self.discard()  # while the folder goes starts over rather than finding it half gone
        return paths

    def _publish(
        self,
        stream: str,
        writer_cls: type[Writer] = JsonlWriter,
        keep: bool = False,
        always: bool = False,
    ) -> str | None:
        """Move one stream into place. An empty side stream replaces a stale file left at
        its path by an earlier run with an empty one, and is not created otherwise."""
        partial, final = self.partial(stream), self.finals[stream]
        if not partial.exists() and self.published(stream).exists():
            return str(final)
        empty = not partial.exists() or not partial.stat().st_size
        if empty and not always and not os.path.lexists(final):
            return None
        if not partial.exists():
            partial.parent.mkdir(parents=True, exist_ok=True)
            partial.touch()
        if keep:
            _copy(partial, final, writer_cls)
            return str(final)
        self.published(stream).touch()  # from here on, a part file that is gone was published
        if writer_cls.format == "jsonl":
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(partial, 0o666 & ~umask())
            os.replace(partial, final)
        else:
            _copy(partial, final, writer_cls)
            partial.unlink()
        return str(final)


def _copy(partial: Path, final: Path, writer_cls: type[Writer]) -> None:
    """Write the lines of ``partial`` to ``final`` through ``writer_cls`` (atomically)."""
    writer = writer_cls(final)
    try:
        with partial.open("rb") as handle:
            while chunk := handle.read(1 << 22):
                writer.write([chunk])
    except BaseException:
        writer.abort()
        raise
    writer.commit()


# -- the manifest ----------------------------------------------------------------------------------
def read_output(path: Path) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """A run's JSON Lines output (``.jsonl``, or ``.jsonl.gz``) read back, for tools that
    read runs (reports, exports): ``(line number, record)`` for each line that is not
    blank, the record None where the line is not a JSON object."""
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = orjson.loads(line)
            except orjson.JSONDecodeError:
                record = None
            yield number, record if isinstance(record, dict) else None


def manifest_path(output: Path) -> Path:
    """``out.jsonl`` → ``out.jsonl.manifest.json``."""
    return output.with_name(output.name + ".manifest.json")


def build_manifest(
    info: RunInfo, pipeline: Pipeline, registry: Registry, report: RunReport
) -> dict[str, Any]:
    """What produced an output, so any output can be traced: presse and Python versions,
    the resolved config and its hash, the inputs, each stage's plugin, version and
    description, and the counts."""
    from presse import __version__

    stages = []
    here = {id(b) for b in pipeline.ready_stages()}
    for bound in pipeline.stages:
        plugin = registry.plugins.get(bound.plugin or "")
        # a stage set up in this process describes itself now; one that ran elsewhere
        # (worker processes, Ray actors) as it did there
        elsewhere = id(bound) not in here and bound.name in report.described
        facts = report.described[bound.name] if elsewhere else bound.stage.describe()
        stages.append(
            {
                "stage": bound.name,
                "plugin": bound.plugin,
                "distribution": plugin.distribution if plugin else None,
                "version": plugin.version if plugin else None,
                **facts,
            }
        )
    return {
        "presse": __version__,
        "python": platform.python_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_file": info.config.file,
        "config_hash": info.config_hash,
        "config": info.resolved,
        "inputs": info.inputs,
        "input_root": info.input_root,
        "stages": stages,
        "counts": report.to_dict()["documents"],
        "status": report.status,
    }


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    atomic_write(path, orjson.dumps(manifest, default=str, option=orjson.OPT_INDENT_2))
