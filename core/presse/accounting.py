"""The run's bookkeeping, shared by every executor.

Whatever runs the stages (this process, a worker pool, Ray), the same :class:`Accounts`
counts each input record once (written, failed or filtered), encodes the output lines,
notes duplicate ids, tells the lifecycle hook about each failure and applies the error
budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import orjson

from presse.errors import ErrorRecord
from presse.pipeline import StageStats, error_for
from presse.report import RunReport
from presse.seen import SeenIds

if TYPE_CHECKING:
    from presse.config.model import RunSettings
    from presse.document import Document
    from presse.pipeline import BoundStage

_JSON_OPTIONS = orjson.OPT_APPEND_NEWLINE
DUPLICATE_EXAMPLES = 10
"""How many duplicate ids the report quotes."""


class Accounts:
    """Counts for one run, kept in its :class:`~presse.report.RunReport`.

    ``on_failure`` is called with every record set aside (the ``document_failed`` hook);
    ``validator`` (a JSON Schema validator, for ``--check-output``) makes :meth:`encode`
    set aside the records that do not match the composed output schema.
    """

    def __init__(
        self,
        report: RunReport,
        settings: RunSettings,
        stages: Iterable[BoundStage] = (),
        on_failure: Callable[[ErrorRecord], None] | None = None,
        validator: Any = None,
    ) -> None:
        self.report = report
        self.settings = settings
        self.stages = list(stages)
        self.on_failure = on_failure
        self.validator = validator
        self._seen = SeenIds()

    # -- what comes out ---------------------------------------------------------------------
    def encode(self, docs: list[Document]) -> tuple[list[bytes], list[ErrorRecord]]:
        """JSON lines of ``docs``, and error records for those that fail the output schema
        (``--check-output``) or cannot be written as JSON."""
        lines: list[bytes] = []
        failures: list[ErrorRecord] = []
        for doc in docs:
            if self.validator is not None and (problem := self._schema_error(doc)):
                failures.append(problem)
                continue
            try:
                lines.append(orjson.dumps(doc, option=_JSON_OPTIONS))
            except TypeError as exc:
                failures.append(
                    error_for(
                        doc,
                        "unserialisable_output",
                        f"the record cannot be written as JSON: {exc}",
                        stage="write",
                    )
                )
        return lines, failures

    def _schema_error(self, doc: Document) -> ErrorRecord | None:
        error = next(iter(self.validator.iter_errors(doc)), None)
        if error is None:
            return None
        key = str(error.absolute_path[0]) if error.absolute_path else None
        owner = next((b for b in self.stages if key in type(b.stage).provides), None)
        where = "/".join(map(str, error.absolute_path)) or "(record)"
        return error_for(
            doc,
            "schema_violation",
            f"{where}: {error.message}",
            stage=owner.name if owner else "check",
            plugin=owner.plugin if owner else None,
        )

    # -- counting ---------------------------------------------------------------------------
    def count(
        self,
        read: int,
        written: int,
        filtered: int,
        failures: Iterable[ErrorRecord] = (),
        stats: Mapping[str, StageStats] | None = None,
        not_documents: Mapping[str, int] | None = None,
        described: Mapping[str, dict[str, Any]] | None = None,
    ) -> None:
        """Add one piece of work: records read, written and filtered, the records set aside
        (each one also goes to ``on_failure``), the stages' figures, the input records
        passed over because they hold no document (by reason), and what the stages that
        ran it said of themselves."""
        report = self.report
        if described:
            report.described.update(described)
        if not_documents:
            report.not_documents.update(not_documents)
        report.read += read
        report.written += written
        report.filtered += filtered
        for record in failures:
            report.failed += 1
            report.failure_reasons[record.reason] += 1
            if self.on_failure is not None:
                self.on_failure(record)
        if stats:
            report.add_stats(stats)

    def restore(
        self,
        read: int,
        written: int,
        filtered: int,
        reasons: Mapping[str, int],
        stats: Mapping[str, list[Any]],
        not_documents: Mapping[str, int] | None = None,
    ) -> None:
        """Add work done earlier and saved (a completed shard of a resumed run): the same
        counts as :meth:`count`, from their saved form, without calling ``on_failure``."""
        report = self.report
        report.read += read
        report.written += written
        report.filtered += filtered
        report.failed += sum(reasons.values())
        report.failure_reasons.update(reasons)
        report.not_documents.update(not_documents or {})
        report.add_stats({name: StageStats.from_state(values) for name, values in stats.items()})

    def check_ids(self, ids: Iterable[str]) -> list[str]:
        """Note the ids met a second time in this run (the report counts and quotes them);
        returns them."""
        seen, again = self._seen.add, []
        for doc_id in ids:
            if not seen(hash(doc_id)):
                again.append(doc_id)
        self.duplicates(again)
        return again

    def duplicates(self, ids: list[str]) -> None:
        """Count ids found twice by someone else (the batcher)."""
        report = self.report
        report.duplicate_ids += len(ids)
        room = DUPLICATE_EXAMPLES - len(report.duplicate_examples)
        report.duplicate_examples.extend(ids[: max(room, 0)])

    # -- when to stop -----------------------------------------------------------------------
    def first_error_stop(self, failures: list[ErrorRecord]) -> str | None:
        """With ``run.on_error: fail``, why the run stops at the first of ``failures``."""
        if not failures or self.settings.on_error != "fail":
            return None
        first = failures[0]
        where = f"{first.source}:{first.line}" if first.line else (first.source or "")
        return (
            f"stopped at the first error (run.on_error: fail): {where} "
            f"[{first.stage}] {first.reason}: {first.message}"
        )

    def over_budget(self) -> str | None:
        """Why the run must stop because a stage fails too often (``run.max_error_rate``)."""
        rate, minimum = self.settings.max_error_rate, self.settings.error_rate_min_docs
        if rate is None:
            return None
        for name, stats in self.report.stages.items():
            if stats.docs >= minimum and stats.failed > rate * stats.docs:
                return (
                    f"stage {name!r} failed on {stats.failed} of {stats.docs} documents "
                    f"({stats.failed / stats.docs:.1%}), more than run.max_error_rate="
                    f"{rate:.1%}: stopping early; see the errors output"
                )
        return None

    def verdict(self) -> str | None:
        """For an executor that accounts for the whole run before judging it: why the run
        failed, or None."""
        report = self.report
        if report.failed and self.settings.on_error == "fail":
            return f"{report.failed} record(s) set aside and run.on_error: fail"
        return self.over_budget()
