"""Where a run's records go: the output, the errors and the filtered documents.

Two strategies behind one interface. :class:`StreamOutputs` writes straight through (stdout).
:class:`CheckpointedOutputs` (an output file) writes numbered parts in a work directory and
commits them at checkpoints, so a killed run can resume after the last committed record; the
final files are assembled from the parts when the run completes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from presse.default_plugins.writers import JsonlWriter
from presse.errors import PresseError
from presse.sinks import SideOutput, dumps_line
from presse.writing import Writer

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


def _fsync_replace(tmp: Path, final: Path) -> None:
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)


class CheckpointedOutputs:
    """Parts in ``.<output>.presse/``, committed atomically at each checkpoint.

    The commit point is ``state.json`` (written last, atomically): it names the number of
    committed parts, the input position and the counts. Anything newer is discarded on resume.
    """

    resumable = True
    STREAMS = ("out", "errors", "filtered")

    def __init__(
        self, output: Path, writer_cls: type[Writer], errors: Path, filtered: Path, workdir: Path
    ) -> None:
        self.output, self.writer_cls = output, writer_cls
        self.finals = {"errors": errors, "filtered": filtered}
        self.workdir = workdir
        self.parts = 0
        self._open: dict[str, Any] = {}
        self._written: dict[str, int] = dict.fromkeys(self.STREAMS, 0)

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
        self.parts = state["parts"]
        for leftover in self.workdir.glob("parts/*"):  # uncommitted parts of the killed run
            number = leftover.name.split(".", 1)[0]
            if leftover.suffix == ".tmp" or not number.isdigit() or int(number) > self.parts:
                leftover.unlink()
        return state

    def stage_dir(self, parts: int | None = None) -> Path:
        return self.workdir / "stages" / f"{self.parts if parts is None else parts:06d}"

    def discard(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- writing ------------------------------------------------------------------------
    def write(self, lines: list[bytes], errors: list[dict], filtered: list[dict]) -> None:
        for stream, chunk in (
            ("out", lines),
            ("errors", [dumps_line(e) for e in errors]),
            ("filtered", [dumps_line(f) for f in filtered]),
        ):
            if not chunk:
                continue
            handle = self._open.get(stream)
            if handle is None:
                (self.workdir / "parts").mkdir(parents=True, exist_ok=True)
                handle = self._open[stream] = self._part(stream, ".tmp").open("wb")
            handle.write(b"".join(chunk))
            self._written[stream] += len(chunk)

    def _part(self, stream: str, suffix: str = "", number: int | None = None) -> Path:
        number = self.parts + 1 if number is None else number
        return self.workdir / "parts" / f"{number:06d}.{stream}.jsonl{suffix}"

    def checkpoint(self, state: dict[str, Any], save_stages: Callable[[Path], None]) -> None:
        """Commit the current parts, the stages' state, then ``state.json``."""
        (self.workdir / "parts").mkdir(parents=True, exist_ok=True)
        for stream, handle in self._open.items():
            handle.close()
            _fsync_replace(self._part(stream, ".tmp"), self._part(stream))
        self._open.clear()
        number = self.parts + 1
        stage_dir = self.stage_dir(number)
        save_stages(stage_dir)
        tmp = self.workdir / "state.json.tmp"
        tmp.write_bytes(orjson.dumps({**state, "format": STATE_FORMAT, "parts": number}))
        _fsync_replace(tmp, self.workdir / "state.json")
        self.parts = number
        stages = self.workdir / "stages"
        for old in stages.iterdir() if stages.exists() else ():
            if old != stage_dir:
                shutil.rmtree(old, ignore_errors=True)

    def finish(self, ok: bool) -> dict[str, str | None]:
        """On success, assemble the final files from the parts and remove the work dir.

        On failure the committed parts stay, so ``--resume`` can continue the run.
        """
        for handle in self._open.values():
            handle.close()
        if not ok:  # keep the parts for --resume, but show the errors met so far
            parts = self._committed("errors")
            pending = self._part("errors", ".tmp")
            if pending.exists():
                parts.append(pending)
            if parts:
                self._assemble("errors", JsonlWriter(self.finals["errors"]), parts)
            return {
                "errors": str(self.finals["errors"]) if parts else None,
                "filtered": None,
                "checkpoint": str(self.workdir),
            }
        paths: dict[str, str | None] = {}
        writer = self.writer_cls(self.output)
        self._assemble("out", writer)
        for stream in ("errors", "filtered"):
            parts = self._committed(stream)
            paths[stream] = str(self.finals[stream]) if parts else None
            if parts:
                self._assemble(stream, JsonlWriter(self.finals[stream]))
        self.discard()
        return paths

    def _committed(self, stream: str) -> list[Path]:
        return [p for n in range(1, self.parts + 1) if (p := self._part(stream, number=n)).exists()]

    def _assemble(self, stream: str, writer: Writer, parts: list[Path] | None = None) -> None:
        try:
            for part in self._committed(stream) if parts is None else parts:
                with part.open("rb") as handle:
                    while chunk := handle.read(1 << 22):  # parts end with a newline
                        writer.write([chunk])
        except BaseException:
            writer.abort()
            raise
        writer.commit()
