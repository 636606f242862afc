"""A configured chain of stages, run batch by batch with per-document error isolation."""

from __future__ import annotations

import signal
import threading
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presse.document import Document
from presse.errors import ErrorRecord, PresseError
from presse.stage import Stage


@dataclass
class BoundStage:
    """A stage instance with the plugin that provided it (for error records)."""

    stage: Stage
    plugin: str | None = None
    plugin_version: str | None = None
    resources: dict[str, Any] | None = None
    """The step's ``resources:`` (CPUs, GPUs, workers) for distributed executors."""

    @property
    def name(self) -> str:
        return self.stage.name


@dataclass
class StageStats:
    docs: int = 0
    words: int = 0
    seconds: float = 0.0
    failed: int = 0
    filtered: int = 0
    skipped: int = 0
    reasons: Counter = field(default_factory=Counter)

    def add(self, other: StageStats) -> None:
        self.docs += other.docs
        self.words += other.words
        self.seconds += other.seconds
        self.failed += other.failed
        self.filtered += other.filtered
        self.skipped += other.skipped
        self.reasons.update(other.reasons)

    def state(self) -> list[Any]:
        """The figures as a JSON-able list (a checkpoint, a completed shard)."""
        return [
            self.docs,
            self.words,
            self.seconds,
            self.failed,
            self.filtered,
            self.skipped,
            dict(self.reasons),
        ]

    @classmethod
    def from_state(cls, state: list[Any]) -> StageStats:
        """The figures :meth:`state` saved."""
        docs, words, seconds, failed, filtered, skipped, reasons = state
        return cls(docs, words, seconds, failed, filtered, skipped, Counter(reasons))


@dataclass
class BatchResult:
    """What came out of one batch: the surviving documents in input order, and the rest."""

    docs: list[Document]
    failed: list[ErrorRecord] = field(default_factory=list)
    filtered: list[Document] = field(default_factory=list)
    stats: dict[str, StageStats] = field(default_factory=dict)
    described: dict[str, dict[str, Any]] = field(default_factory=dict)
    """What the stages that ran this batch say of themselves (``Stage.describe``), sent once
    per process: the manifest's facts about stages set up in another process."""

    def merge_tail(self, tail: BatchResult) -> None:
        """Replace the documents by what later stages made of them, keeping both accounts."""
        self.docs = tail.docs
        self.failed.extend(tail.failed)
        self.filtered.extend(tail.filtered)
        self.described.update(tail.described)
        for name, stats in tail.stats.items():
            self.stats.setdefault(name, StageStats()).add(stats)

    def merge(self, other: BatchResult) -> None:
        """Append ``other`` (a later part of the same stream) to this result."""
        self.docs.extend(other.docs)
        self.failed.extend(other.failed)
        self.filtered.extend(other.filtered)
        self.described.update(other.described)
        for name, stats in other.stats.items():
            self.stats.setdefault(name, StageStats()).add(stats)


class StageContractError(Exception):
    """A stage returned something other than the batch it was given."""


class StageTimeout(Exception):
    """A stage spent longer than ``run.stage_timeout`` on one call."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StageTimeout` in this thread after ``seconds``.

    In the main thread of a POSIX process a timer signal interrupts the stage, even in a
    blocking call. In another thread (Ray Data calls stages from one) a watchdog raises the
    exception at the thread's next Python instruction: a long call into C finishes first.
    """
    if not seconds:
        yield
    elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise StageTimeout(f"took longer than run.stage_timeout={seconds}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    import ctypes

    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(StageTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        timer.cancel()
        if state["fired"]:  # raised already, or still pending: either way, a timeout
            ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)
            raise StageTimeout(f"took longer than run.stage_timeout={seconds}s")


def error_for(doc: Document, reason: str, message: str, **fields: Any) -> ErrorRecord:
    """An error record for ``doc`` carrying its origin and original record."""
    origin = doc.origin
    return ErrorRecord(
        reason=reason,
        message=message,
        source=origin.source if origin else None,
        line=origin.line if origin else None,
        offset=origin.offset if origin else None,
        id=doc.get("id"),
        record=doc.original if doc.original is not None else dict(doc),
        **fields,
    )


class Pipeline:
    """Stages in order. :meth:`process` never raises because of one bad document."""

    def __init__(self, stages: list[BoundStage], timeout: float | None = None) -> None:
        self.stages = stages
        self.timeout = timeout
        self._ready: set[int] = set()
        self._described: set[int] = set()
        self.setup_seconds: dict[str, float] = {}

    @property
    def checkpointable(self) -> bool:
        return all(type(b.stage).checkpointable() for b in self.stages)

    def corpus_stages(self) -> list[tuple[int, BoundStage]]:
        return [(i, b) for i, b in enumerate(self.stages) if b.stage.corpus_level]

    def save_state(self, directory: Path) -> None:
        """Checkpoint every corpus-level stage into its own sub-directory."""
        for index, bound in self.corpus_stages():
            target = directory / f"{index:02d}-{bound.name}"  # parents created here
            target.mkdir(parents=True, exist_ok=True)
            bound.stage.save_state(target)

    def load_state(self, directory: Path) -> None:
        for index, bound in self.corpus_stages():
            bound.stage.load_state(directory / f"{index:02d}-{bound.name}")

    def setup(self, stages: list[BoundStage] | None = None) -> None:
        """Set up ``stages`` (default: all) that are not set up yet, in order."""
        for bound in self.stages if stages is None else stages:
            if id(bound) in self._ready:
                continue
            started = time.perf_counter()
            try:
                bound.stage.setup()
            except PresseError as exc:
                raise PresseError(f"stage {bound.name!r} failed to set up: {exc}") from exc
            except Exception as exc:
                raise PresseError(
                    f"stage {bound.name!r} failed to set up: {type(exc).__name__}: {exc}"
                ) from exc
            self._ready.add(id(bound))
            self.setup_seconds[bound.name] = time.perf_counter() - started

    def teardown(self) -> None:
        """Tear down, in reverse order, every stage this process set up."""
        for bound in reversed(self.stages):
            if id(bound) in self._ready:
                self._ready.discard(id(bound))
                bound.stage.teardown()

    def ready_stages(self) -> list[BoundStage]:
        """Stages set up in this process (with workers, corpus-level ones only)."""
        return [b for b in self.stages if id(b) in self._ready]

    def split(self) -> tuple[list[BoundStage], list[BoundStage]]:
        """(per-document stages before the first corpus-level one, the rest).

        The first part can run anywhere, in any number of processes; the rest must see the
        whole stream in order, in one process.
        """
        for index, bound in enumerate(self.stages):
            if bound.stage.corpus_level:
                return self.stages[:index], self.stages[index:]
        return list(self.stages), []

    def process(self, docs: list[Document], stages: list[BoundStage] | None = None) -> BatchResult:
        result = BatchResult(docs)
        for bound in stages if stages is not None else self.stages:
            stats = result.stats.setdefault(bound.name, StageStats())
            result.docs = self._run_stage(bound, result.docs, result, stats)
            if id(bound) not in self._described:
                self._described.add(id(bound))
                result.described[bound.name] = _describe(bound)
        return result

    def _run_stage(
        self, bound: BoundStage, docs: list[Document], result: BatchResult, stats: StageStats
    ) -> list[Document]:
        if not docs:
            return docs
        start = time.perf_counter()
        try:
            with deadline(self.timeout):
                out = _checked(bound.stage.process(list(docs)), docs)
        except Exception:
            out = []
            for doc in docs:  # retry one at a time so only the bad document is set aside
                try:
                    with deadline(self.timeout):
                        out.extend(_checked(bound.stage.process([doc]), [doc]))
                except Exception as exc:
                    stats.failed += 1
                    result.failed.append(self._failure(bound, doc, exc))
        stats.seconds += time.perf_counter() - start
        stats.docs += len(docs)
        stats.words += sum(doc.words for doc in docs)
        kept: list[Document] = []
        for doc in out:
            reason = doc.clear_skip()
            if reason is not None:
                doc.setdefault("skipped", {})[bound.name] = reason
                stats.skipped += 1
                stats.reasons[reason] += 1
            if doc.filtered is not None:
                stats.filtered += 1
                stats.reasons[f"filtered: {doc.filtered}"] += 1
                doc.setdefault("filtered", {"stage": bound.name, "reason": doc.filtered})
                result.filtered.append(doc)
            else:
                kept.append(doc)
        return kept

    @staticmethod
    def _failure(bound: BoundStage, doc: Document, exc: Exception) -> ErrorRecord:
        contract = isinstance(exc, StageContractError)
        reason = "stage_contract" if contract else "stage_error"
        if isinstance(exc, StageTimeout):
            reason = "stage_timeout"
        return error_for(
            doc,
            reason=reason,
            message=str(exc) or type(exc).__name__,
            stage=bound.name,
            plugin=bound.plugin,
            plugin_version=bound.plugin_version,
            exception_type=None if contract else type(exc).__name__,
            extra={} if contract else {"traceback": _short_traceback(exc)},
        )


def _describe(bound: BoundStage) -> dict[str, Any]:
    try:
        return dict(bound.stage.describe())
    except Exception as exc:  # a description must never cost the run a batch
        return {"error": f"describe() raised {type(exc).__name__}: {exc}"}


def _checked(out: Any, docs: list[Document]) -> list[Document]:
    """Enforce the stage contract: the same documents back, in the same order."""
    if not isinstance(out, list):
        raise StageContractError(f"process() returned {type(out).__name__}, expected a list")
    if len(out) != len(docs):
        raise StageContractError(f"process() returned {len(out)} documents for {len(docs)}")
    for given, got in zip(docs, out, strict=True):
        if got is given:
            continue
        if not isinstance(got, dict) or got.get("id") != given.get("id"):
            raise StageContractError("process() changed the order or the ids of the documents")
        given.clear()
        given.update(got)
        if isinstance(got, Document):
            given.filtered, given._skipped = got.filtered, got._skipped
            if got._shared:
                given.shared.update(got._shared)
    return docs


def _short_traceback(exc: BaseException, limit: int = 5) -> str:
    return "".join(traceback.format_exception(exc, limit=-limit)).strip()
