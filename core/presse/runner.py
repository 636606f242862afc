"""Run a validated config: read, batch, execute, write, account for every record."""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from presse.accounting import Accounts
from presse.batching import InputStream, Ticket
from presse.config.model import PipelineConfig
from presse.document import Document
from presse.errors import ErrorRecord, PresseError
from presse.locking import OutputLock
from presse.outputs import (
    CheckpointedOutputs,
    StreamOutputs,
    build_manifest,
    manifest_path,
    write_manifest,
)
from presse.paths import check_paths
from presse.pipeline import BatchResult, BoundStage, Pipeline
from presse.reading import (
    InputOptions,
    InputPlan,
    inputs_hash_of,
    is_url,
    plan_inputs,
    read_error,
    read_source,
)
from presse.registry import Registry, get_registry
from presse.report import Progress, RunReport
from presse.writing import Writer, atomic_write, remove_temporaries


def config_hash(resolved: dict[str, Any]) -> str:
    """A stable hash of the resolved config (key order does not matter)."""
    canonical = orjson.dumps(resolved, option=orjson.OPT_SORT_KEYS)
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


@dataclass
class RunInfo:
    """What a run is about to do: handed to the lifecycle hooks and recorded in the manifest."""

    config: PipelineConfig
    inputs: list[str]
    output: str | None
    errors: str
    filtered: str
    report: str | None = None
    input_root: str | None = None
    """The absolute working directory that relative source names are relative to."""
    resolved: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolved = self.config.resolved()

    @property
    def config_hash(self) -> str:
        return config_hash(self.resolved)


def build_pipeline(config: PipelineConfig, registry: Registry | None = None) -> Pipeline:
    """Instantiate the config's stages (cheap: models load in ``setup``)."""
    registry = registry or get_registry()
    bound = [
        bind_stage(
            entry.stage,
            entry.params,
            Path(config.base_dir),
            registry,
            entry.resources.model_dump(exclude_none=True) if entry.resources else None,
        )
        for entry in config.pipeline
    ]
    return Pipeline(bound, timeout=config.run.stage_timeout)


def bind_stage(
    name: str,
    params: dict[str, Any],
    config_dir: Path,
    registry: Registry,
    resources: dict[str, Any] | None = None,
) -> BoundStage:
    """One stage, instantiated with ``params`` and tied to the plugin that registered it."""
    cls = registry.stage(name)
    stage = cls(cls.Params(**params))
    stage.config_dir = config_dir
    plugin = registry.plugin_of_stage(name)
    return BoundStage(
        stage, plugin.name if plugin else None, plugin.version if plugin else None, resources
    )


def add_preparation(pipeline: Pipeline, plan: InputPlan, config_dir: Path, registry) -> None:
    """Put at the head of ``pipeline`` the stage each reader of the inputs asks for
    (``Reader.prepare``), unless the config already has it."""
    present = {b.name for b in pipeline.stages}
    wanted = sorted({r.prepare for _, r in plan.sources if r.prepare} - present)
    for name in reversed(wanted):
        if name not in registry.stages:
            raise PresseError(
                f"the inputs need stage {name!r} to prepare their documents, and no "
                "installed plugin provides it"
            )
        pipeline.stages.insert(0, bind_stage(name, {}, config_dir, registry))


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


def workdir_for(output: Path) -> Path:
    """Where a run keeps its committed parts until it completes."""
    return output.with_name(f".{output.name}.presse")


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
        resume: bool = False,
        check_output: bool = False,
    ) -> None:
        self.config = config
        self.registry = registry or get_registry()
        cwd, base = Path.cwd(), Path(config.base_dir)
        self.cwd = cwd
        out_cfg = config.output
        if inputs:
            self.input_specs, self.input_base = list(inputs), cwd
        else:
            self.input_specs, self.input_base = list(config.input.paths), base
        if not self.input_specs:
            raise PresseError(
                "no input: give files on the command line (or `-` for stdin), "
                "or set input.paths in the config"
            )
        remote = output if output and is_url(output) else None
        if remote is None and output is None and out_cfg.path and is_url(out_cfg.path):
            remote = out_cfg.path
        # An output URL (s3://...): the run writes in a local staging folder (its checkpoints
        # too, so --resume works) and uploads the finished files beside the URL.
        self.remote_output = remote
        self.output = (
            staging_path(remote, cwd)
            if remote
            else (_path(output, cwd) or _path(out_cfg.path, base))
        )
        self.errors_path = (
            _path(errors, cwd) or _path(out_cfg.errors, base) or side_path(self.output, "errors")
        )
        self.filtered_path = _path(out_cfg.filtered, base) or side_path(self.output, "filtered")
        self.report_path = _path(report, cwd) or _path(out_cfg.report, base)
        self.progress = progress
        self.resume = resume
        self.report = RunReport()
        self.pipeline = build_pipeline(config, self.registry)
        self.accounts = Accounts(
            self.report,
            config.run,
            self.pipeline.stages,
            on_failure=lambda error: self.registry.pm.hook.document_failed(error=error),
            validator=self._validator() if check_output else None,
        )
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
            input_root=str(cwd),
        )

    @property
    def resumable(self) -> bool:
        """Whether an interrupted run can be continued with ``--resume``."""
        return self.output is not None and self.pipeline.checkpointable

    # -- the run ------------------------------------------------------------------------
    def execute(self) -> RunReport:
        """Run to the end; the output is committed only if the run succeeds. The paths are
        checked first, and an output file is locked for the whole run: a second run on it
        refuses to start."""
        plan = plan_inputs(
            self.input_specs, self.input_base, self.config.input.format, self.registry, self.cwd
        )
        self._check_paths(plan)
        add_preparation(self.pipeline, plan, Path(self.config.base_dir), self.registry)
        if self.output is None:
            return self._execute(plan)
        with OutputLock(self.output):
            for path in self._written_paths().values():  # a killed run's, now that we own them
                if path is not None:
                    remove_temporaries(path)
            report = self._execute(plan)
            if self.remote_output is not None and report.status == "ok":
                self._upload(report)
            return report

    def _upload(self, report: RunReport) -> None:
        """Put the finished files beside the output URL, each under a temporary name first,
        then remove the staging folder."""
        import fsspec

        folder = self.remote_output.rsplit("/", 1)[0]
        fs, _ = fsspec.core.url_to_fs(self.remote_output)
        local_to_remote = {}
        for kind, local in report.outputs.items():
            if local and Path(local).exists() and Path(local).parent == self.output.parent:
                local_to_remote[kind] = (Path(local), f"{folder}/{Path(local).name}")
        try:
            for local, remote in local_to_remote.values():
                _, path = fsspec.core.url_to_fs(remote)
                fs.put_file(str(local), path + ".presse-tmp")
                fs.mv(path + ".presse-tmp", path)
        except (OSError, ValueError) as exc:
            raise PresseError(
                f"cannot upload the output to {folder}: {exc}; the finished files stay in "
                f"{self.output.parent}"
            ) from None
        for kind, (_, remote) in local_to_remote.items():
            report.outputs[kind] = remote
        shutil.rmtree(self.output.parent, ignore_errors=True)

    def _written_paths(self) -> dict[str, Path | None]:
        """Every file the run writes, by what it is."""
        manifest = self.output is not None and self.config.output.manifest
        return {
            "output": self.output,
            "errors output": self.errors_path,
            "filtered output": self.filtered_path,
            "report": self.report_path,
            "manifest": manifest_path(self.output) if manifest else None,
        }

    def _check_paths(self, plan: InputPlan) -> None:
        check_paths(
            self._written_paths(),
            [source.path for source, _ in plan.sources if source.path is not None],
            [
                _path(spec, self.input_base)
                for spec in self.input_specs
                if spec != "-" and not is_url(spec)
            ],
        )

    def _execute(self, plan: InputPlan) -> RunReport:
        report = self.report
        report.outputs = {"output": self.info.output or "-"}
        report.ignored_inputs = plan.ignored
        self.input_plan = plan
        try:
            if self.executor.execute(self):  # it read, ran and wrote everything itself
                self._finish(report.status == "ok")
                return report
        except PresseError as exc:  # the report file still says why
            report.status, report.message = "failed", str(exc)
            self._finish(False)
            raise
        finally:
            if report.status != "running":
                self.pipeline.teardown()
        outputs = self._outputs()
        inputs_hash = inputs_hash_of(plan)
        skip = self._resume_from(outputs, inputs_hash)
        start = time.perf_counter() - report.seconds
        ok = False
        try:
            self.started()
            if not getattr(outputs, "finished", False):  # else only its publishing is left
                self._process(plan, outputs, inputs_hash, skip, start)
            ok = True
        except _Abort as exc:
            report.message = str(exc)
        except PresseError as exc:  # an executor's failure: the report says why too
            report.message = str(exc)
            raise
        except OSError as exc:  # stages' own errors are error records: this is the writing
            raise write_failure(exc, outputs, finished=False) from None
        finally:
            report.seconds = time.perf_counter() - start
            report.status = "ok" if ok else "failed"
            try:
                report.outputs.update(self._publish(outputs, ok))
                self._finish(ok)
            finally:
                self.pipeline.teardown()
        return report

    def _process(self, plan: InputPlan, outputs, inputs_hash: str, skip: int, start: float):
        """Read, run and write every record after ``skip``, checkpointing as it goes."""
        report = self.report
        self.pipeline.setup(self.pipeline.split()[1])  # corpus-level stages run here
        if skip and isinstance(outputs, CheckpointedOutputs):
            self.pipeline.load_state(outputs.stage_dir())
        stream = InputStream(self._items(plan), self.config.run.batch_size, skip)
        every, last = self.config.run.checkpoint_every, skip
        seconds, last_time = self.config.run.checkpoint_seconds, time.monotonic()
        with Progress(self.progress) as bar:
            for result in self.executor.map(self.pipeline, stream.batches()):
                ticket = stream.tickets.popleft()
                self._collect(result, ticket, outputs)
                due = ticket.position - last >= every or time.monotonic() - last_time >= seconds
                if outputs.resumable and due:
                    report.seconds = time.perf_counter() - start
                    outputs.checkpoint(
                        self._state(ticket.position, inputs_hash), self.pipeline.save_state
                    )
                    last, last_time = ticket.position, time.monotonic()
                bar.update(report.written, report.failed, time.perf_counter() - start)
        if outputs.resumable:  # the commit of a finished run: only publishing is left
            report.seconds = time.perf_counter() - start
            done = {**self._state(report.read, inputs_hash), "done": True}
            outputs.checkpoint(done, self.pipeline.save_state)

    def _publish(self, outputs, ok: bool) -> dict[str, str | None]:
        """Put the outputs in place; a failure says how to publish the finished run."""
        try:
            return outputs.finish(ok)
        except OSError as exc:
            raise write_failure(exc, outputs, finished=ok) from None

    def _outputs(self) -> StreamOutputs | CheckpointedOutputs:
        writer_cls = self._writer_cls()
        if self.output is None:
            if self.resume:
                raise PresseError("--resume needs an output file (-o): stdout cannot be resumed")
            return StreamOutputs(writer_cls(None), self.errors_path, self.filtered_path)
        if not self.pipeline.checkpointable:
            if self.resume:
                names = [b.name for b in self.pipeline.stages if not type(b.stage).checkpointable()]
                raise PresseError(
                    f"--resume is not available: stage(s) {', '.join(names)} "
                    "cannot checkpoint their state"
                )
            return StreamOutputs(writer_cls(self.output), self.errors_path, self.filtered_path)
        return CheckpointedOutputs(
            self.output, writer_cls, self.errors_path, self.filtered_path, workdir_for(self.output)
        )

    def _resume_from(self, outputs, inputs_hash: str) -> int:
        """The input position to continue from (0 for a fresh run)."""
        if not isinstance(outputs, CheckpointedOutputs):
            return 0
        if not self.resume:
            if outputs.workdir.exists():
                print(
                    f"presse: discarding the checkpoint of an interrupted run in "
                    f"{outputs.workdir} (use --resume to continue it)",
                    file=sys.stderr,
                )
                outputs.discard()
            return 0
        state = outputs.load_state()
        if state is None:
            print(
                "presse: no checkpoint to resume from; starting from the beginning", file=sys.stderr
            )
            outputs.discard()  # records written before the first commit would come back twice
            return 0
        if state["config_hash"] != self.info.config_hash:
            raise PresseError(
                "cannot resume: the config differs from the interrupted run's "
                f"({state['config_hash']} vs {self.info.config_hash}); run "
                "without --resume to start over"
            )
        if state["inputs_hash"] != inputs_hash:
            raise PresseError(
                "cannot resume: the inputs differ from the interrupted run's "
                "(files added, removed or modified, or named differently: records name "
                "files relative to the working directory, so resume from the same one); "
                "run without --resume to start over"
            )
        self.report.restore(state["report"])
        self.report.seconds = state.get("seconds", 0.0)
        return state["position"]

    def _state(self, position: int, inputs_hash: str) -> dict:
        return {
            "config_hash": self.info.config_hash,
            "inputs_hash": inputs_hash,
            "position": position,
            "report": self.report.state(),
            "seconds": self.report.seconds,
        }

    def _finish(self, ok: bool) -> None:
        report = self.report
        report.setup_seconds = dict(self.pipeline.setup_seconds)
        for bound in self.pipeline.ready_stages():  # those that ran in this process
            try:
                figures = bound.stage.summary()
            except Exception as exc:  # a summary must never cost the run its output
                figures = {"error": f"summary() raised {type(exc).__name__}: {exc}"}
            if figures:
                report.summaries[bound.name] = figures
        if self.output is not None and ok and self.config.output.manifest:
            path = manifest_path(self.output)
            report.outputs["manifest"] = str(path)
            write_manifest(path, build_manifest(self.info, self.pipeline, self.registry, report))
        if self.report_path is not None:
            atomic_write(
                self.report_path, orjson.dumps(report.to_dict(), option=orjson.OPT_INDENT_2)
            )
        self.registry.pm.hook.run_finished(run=self.info, report=report)

    def _validator(self):
        from jsonschema import Draft202012Validator

        from presse.schema import document_schema

        schema = document_schema([type(b.stage) for b in self.pipeline.stages])
        return Draft202012Validator(schema)

    def open_output(self) -> Writer:
        """A writer for the output, chosen by its suffix (for executors, see ``Job``)."""
        return self._writer_cls()(self.output)

    def work_folder(self, name: str) -> Path:
        """``.<output name>.presse-<name>`` beside the output (for executors, see ``Job``)."""
        if self.output is None:
            raise PresseError(f"{name} needs an output file (-o) to keep its work in")
        return self.output.with_name(f".{self.output.name}.presse-{name}")

    def started(self) -> None:
        """The ``run_started`` hook (for executors, see ``Job``)."""
        self.registry.pm.hook.run_started(run=self.info)

    def _writer_cls(self) -> type[Writer]:
        default = self.registry.writers["jsonl"].obj
        if self.output is None:
            return default
        best: tuple[int, type[Writer]] | None = None
        for entry in self.registry.writers.values():
            for suffix in entry.obj.suffixes:
                if self.output.name.endswith(suffix) and (best is None or len(suffix) > best[0]):
                    best = (len(suffix), entry.obj)
        chosen = best[1] if best else default
        if chosen.format in ("jsonl", "jsonl.gz"):
            return chosen
        from presse.schema import document_schema

        schema = document_schema([type(b.stage) for b in self.pipeline.stages])
        return type(chosen.__name__, (chosen,), {"record_schema": schema})  # for typed formats

    # -- reading --------------------------------------------------------------------------
    def _items(self, plan: InputPlan) -> Iterator[Document | ErrorRecord]:
        """Every input record in order: documents, or error records for unreadable ones."""
        options = self.input_options()
        for failure in plan.failures:
            yield read_error(failure)
        for source, reader_cls in plan.sources:
            yield from read_source(source, reader_cls, options)

    def input_options(self) -> InputOptions:
        return InputOptions(
            self.config.input.id_field,
            self.config.input.text_field,
            self.config.run.max_document_chars,
        )

    # -- collecting ------------------------------------------------------------------------
    def _collect(self, result: BatchResult, ticket: Ticket, outputs) -> None:
        accounts = self.accounts
        accounts.duplicates(ticket.duplicate_ids)
        lines, unwritable = accounts.encode(result.docs)
        failures = [*ticket.failures, *result.failed, *unwritable]
        outputs.write(lines, [f.to_dict() for f in failures], result.filtered)
        accounts.count(
            ticket.size + len(ticket.failures),
            len(lines),
            len(result.filtered),
            failures,
            result.stats,
            ticket.not_documents,
            result.described,
        )
        stop = accounts.first_error_stop(failures) or accounts.over_budget()
        if stop:
            raise _Abort(stop)


class _Abort(Exception):
    pass


def write_failure(exc: OSError, outputs, finished: bool) -> PresseError:
    """The one-line error for a failure to write (a full disk...), saying what is kept."""
    what = f"cannot write the output: {exc.strerror or exc}"
    if exc.filename:
        what += f": {exc.filename}"
    if outputs.resumable:
        kept, then = ("the finished run", "publish it") if finished else ("the work", "continue")
        what += (
            f"; {kept} is kept in {outputs.workdir}: fix the cause and rerun with --resume "
            f"to {then}"
        )
    return PresseError(what)


def staging_path(url: str, cwd: Path) -> Path:
    """Where a run to the output ``url`` writes before uploading: a folder of its own in
    ``.presse-remote/`` of the working directory, the same for the same URL (for
    ``--resume``)."""
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return cwd / ".presse-remote" / key / url.rstrip("/").rsplit("/", 1)[-1]


def _path(value: str | None, base: Path) -> Path | None:
    if value is None or value == "-":
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path
