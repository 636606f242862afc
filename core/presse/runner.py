"""Run a validated config: read, batch, execute, write, account for every record."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import orjson

from presse.config.model import PipelineConfig
from presse.document import Document
from presse.errors import ErrorRecord, PresseError
from presse.inputs import plan_inputs, reader_for
from presse.manifest import build_manifest, manifest_path, write_manifest
from presse.pipeline import BatchResult, BoundStage, Pipeline, error_for
from presse.progress import Progress
from presse.reading import InputOptions, ReadFailure
from presse.registry import Registry, get_registry
from presse.report import RunReport
from presse.runinfo import RunInfo
from presse.sinks import SideOutput

_JSON_OPTIONS = orjson.OPT_APPEND_NEWLINE


def build_pipeline(config: PipelineConfig, registry: Registry | None = None) -> Pipeline:
    """Instantiate the config's stages (cheap: models load in ``setup``)."""
    registry = registry or get_registry()
    bound = []
    for entry in config.pipeline:
        cls = registry.stage(entry.stage)
        stage = cls(cls.Params(**entry.params))
        stage.config_dir = Path(config.base_dir)
        plugin = registry.plugin_of_stage(entry.stage)
        bound.append(
            BoundStage(stage, plugin.name if plugin else None, plugin.version if plugin else None)
        )
    return Pipeline(bound)


def side_path(output: Path | None, kind: str) -> Path:
    """``out.jsonl`` → ``out.<kind>.jsonl``; ``presse-<kind>.jsonl`` for stdout."""
    if output is None:
        return Path(f"presse-{kind}.jsonl")
    name = output.name
    for suffix in (".jsonl.gz", ".jsonl", ".ndjson", ".json", ".gz"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return output.with_name(f"{name}.{kind}.jsonl")


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Run:
    """One execution of a config over some inputs."""

    def __init__(
        self,
        config: PipelineConfig,
        inputs: list[str] | None = None,
        output: str | None = None,
        errors: str | None = None,
        report: str | None = None,
        progress: bool = True,
        registry: Registry | None = None,
    ) -> None:
        self.config = config
        self.registry = registry or get_registry()
        cwd = Path.cwd()
        base = Path(config.base_dir)
        out_cfg = config.output
        if inputs:
            self.input_specs, self.input_base = inputs, cwd
        else:
            self.input_specs, self.input_base = config.input.paths, base
        if not self.input_specs:
            raise PresseError(
                "no input: give files on the command line (or `-` for stdin), "
                "or set input.paths in the config"
            )
        self.output = _path(output, cwd) or _path(out_cfg.path, base)
        self.errors_path = (
            _path(errors, cwd) or _path(out_cfg.errors, base) or side_path(self.output, "errors")
        )
        self.filtered_path = _path(out_cfg.filtered, base) or side_path(self.output, "filtered")
        self.report_path = _path(report, cwd) or _path(out_cfg.report, base)
        self.progress = progress
        self.report = RunReport()
        self.pipeline = build_pipeline(config, self.registry)
        executor = config.run.executor
        if executor not in self.registry.executors:
            raise PresseError(
                "run.executor: "
                + self.registry.unknown("executor", executor, self.registry.executors)
            )
        self.executor = self.registry.executors[executor].obj(config.run)
        self.info = RunInfo(
            config,
            [str(s) for s in self.input_specs],
            str(self.output) if self.output else None,
            str(self.errors_path),
            str(self.filtered_path),
            str(self.report_path) if self.report_path else None,
        )

    def execute(self) -> RunReport:
        """Run to the end; the output is committed only if the run succeeds."""
        report, hook = self.report, self.registry.pm.hook
        report.outputs = {
            "output": self.info.output or "-",
            "errors": str(self.errors_path),
            "filtered": str(self.filtered_path),
        }
        writer = self._writer()
        errors, filtered = SideOutput(self.errors_path), SideOutput(self.filtered_path)
        start = time.perf_counter()
        ok = False
        try:
            plan = plan_inputs(
                self.input_specs, self.input_base, self.config.input.format, self.registry
            )
            report.ignored_inputs = plan.ignored
            self.pipeline.setup()
            hook.run_started(run=self.info)
            for failure in plan.failures:
                report.read += 1
                self._fail([self._read_error(failure)], errors)
            documents = self._documents(plan.sources, errors)
            batches = batched(documents, self.config.run.batch_size)
            with Progress(self.progress) as bar:
                for result in self.executor.map(self.pipeline, batches):
                    self._collect(result, writer, errors, filtered)
                    bar.update(report.written, report.failed, time.perf_counter() - start)
            ok = True
        except _Abort as exc:
            report.message = str(exc)
        finally:
            report.seconds = time.perf_counter() - start
            report.status = "ok" if ok else "failed"
            if ok:
                writer.commit()
            else:
                writer.abort()
            errors.commit()
            filtered.commit()
            if not errors.count:
                report.outputs["errors"] = None
            if not filtered.count:
                report.outputs["filtered"] = None
            self._finish(ok)
        return report

    def _finish(self, ok: bool) -> None:
        report = self.report
        if self.output is not None and ok and self.config.output.manifest:
            path = manifest_path(self.output)
            report.outputs["manifest"] = str(path)
            write_manifest(path, build_manifest(self.info, self.pipeline, self.registry, report))
        if self.report_path is not None:
            self.report_path.parent.mkdir(parents=True, exist_ok=True)
            self.report_path.write_bytes(orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2))
        self.registry.pm.hook.run_finished(run=self.info, report=report)

    def _writer(self):
        if self.output is None:
            return self.registry.writers["jsonl"].obj(None)
        best = None
        for entry in self.registry.writers.values():
            for suffix in entry.obj.suffixes:
                if self.output.name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                    best = (len(suffix), entry.obj)
        cls = best[1] if best else self.registry.writers["jsonl"].obj
        return cls(self.output)

    def _documents(self, sources, errors: SideOutput) -> Iterator[Document]:
        options = InputOptions(
            self.config.input.id_field,
            self.config.input.text_field,
            self.config.run.max_document_chars,
        )
        limit = options.max_document_chars
        for source, reader_cls in sources:
            reader = reader_cls(options)
            for item in reader.read(source):
                self.report.read += 1
                if isinstance(item, ReadFailure):
                    self._fail([self._read_error(item)], errors)
                    continue
                if len(item["text"]) > limit:
                    error = error_for(
                        item,
                        "document_too_long",
                        f"text has {len(item['text']):,} characters, more than "
                        f"run.max_document_chars={limit:,}",
                    )
                    error.record = {**item.original, "text": item["text"][:1000]}
                    self._fail([error], errors)
                    continue
                yield item

    def _read_error(self, failure: ReadFailure) -> ErrorRecord:
        origin = failure.origin
        return ErrorRecord(
            reason=failure.reason,
            message=failure.message,
            source=origin.source,
            line=origin.line,
            offset=origin.offset,
            stage="read",
            **ErrorRecord.raw_fields(failure.raw),
        )

    def _fail(self, records: list[ErrorRecord], errors: SideOutput) -> None:
        if not records:
            return
        self.report.failed += len(records)
        for record in records:
            self.report.failure_reasons[record.reason] += 1
            self.registry.pm.hook.document_failed(error=record)
        errors.write([r.to_dict() for r in records])
        if self.config.run.on_error == "fail":
            first = records[0]
            where = f"{first.source}:{first.line}" if first.line else (first.source or "")
            raise _Abort(
                f"stopped at the first error (run.on_error: fail): {where} "
                f"[{first.stage}] {first.reason}: {first.message}"
            )

    def _collect(
        self, result: BatchResult, writer, errors: SideOutput, filtered: SideOutput
    ) -> None:
        self.report.add_stats(result.stats)
        failures = list(result.failed)
        lines = []
        for doc in result.docs:
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
        writer.write(lines)
        self.report.written += len(lines)
        if result.filtered:
            filtered.write(result.filtered)
            self.report.filtered += len(result.filtered)
        self._fail(failures, errors)


class _Abort(Exception):
    pass


def _path(value: str | None, base: Path) -> Path | None:
    if value is None or value == "-":
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


__all__ = ["Run", "batched", "build_pipeline", "reader_for", "side_path"]
