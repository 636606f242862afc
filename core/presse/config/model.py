"""The config's sections as typed models; every key has a default but ``pipeline``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class InputSettings(Section):
    """Where documents come from when no input is given on the command line."""

    paths: list[str] = Field(default_factory=list)
    """Files, directories or globs; relative paths are relative to the config file."""
    format: str = "auto"
    """Reader to use: `auto` (by file suffix), `txt`, `jsonl`, or one a plugin adds."""
    id_field: str = "id"
    """JSON field holding the document id (a missing id becomes `<file stem>:<line>`)."""
    text_field: str = "text"
    """JSON field holding the document text."""

    @field_validator("paths", mode="before")
    @classmethod
    def _one_path(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class OutputSettings(Section):
    """Where results go; every path is optional."""

    path: str | None = None
    """JSON Lines output file (`.jsonl` or `.jsonl.gz`); standard output when unset."""
    errors: str | None = None
    """Errors JSONL; default `<output>.errors.jsonl`, or `presse-errors.jsonl` for stdout."""
    filtered: str | None = None
    """Documents a stage filtered out; default `<output>.filtered.jsonl`."""
    report: str | None = None
    """Run report as JSON (counts, per-stage times)."""
    manifest: bool = True
    """Write `<output>.manifest.json` next to an output file."""


class RunSettings(Section):
    """How the run executes."""

    batch_size: PositiveInt = 64
    """Documents per batch handed to each stage."""
    workers: PositiveInt | Literal["auto"] = 1
    """Worker processes for per-document stages (`auto`: one per core)."""
    executor: str = "local"
    """Engine that runs the batches (`local`, or one a plugin adds)."""
    executor_options: dict[str, Any] = Field(default_factory=dict)
    """Settings for the chosen executor, as its documentation lists them (e.g. `address`)."""
    on_error: Literal["continue", "fail"] = "continue"
    """`continue`: set failing documents aside in the errors output; `fail`: stop the run."""
    max_document_chars: PositiveInt = 10_000_000
    """Longer documents are set aside as errors instead of being processed."""
    max_error_rate: float | None = Field(default=None, ge=0, le=1)
    """Stop the run when a stage fails on more than this share of its documents (e.g. 0.01),
    judged once it has seen `error_rate_min_docs` documents. Unset: never stop."""
    error_rate_min_docs: PositiveInt = 100
    """Documents a stage must have seen before `max_error_rate` is applied."""
    stage_timeout: float | None = Field(default=None, gt=0)
    """Seconds a stage may spend on one batch; a batch past it is retried document by
    document, and documents that still time out become `stage_timeout` errors."""
    checkpoint_every: PositiveInt = 10_000
    """Commit output to disk every this many input records, so `--resume` can continue a
    killed run (file outputs only)."""
    checkpoint_seconds: float = Field(default=60.0, gt=0)
    """Also commit when this many seconds have passed since the last commit."""


class StageResources(Section):
    """What a stage asks of a distributed executor (``run.executor: ray``); the local
    executor ignores it. Consecutive stages with the same resources share one pool."""

    num_cpus: float | None = Field(default=None, ge=0)
    """CPUs each worker running the stage reserves (default: the executor's, 1 for Ray)."""
    num_gpus: float | None = Field(default=None, ge=0)
    """GPUs each worker running the stage reserves (default 0)."""
    concurrency: PositiveInt | None = None
    """Workers running the stage (default: what the cluster holds, less the CPU headroom)."""


class StageEntry(BaseModel):
    """One pipeline step: the stage name and its parameters (validated by the stage)."""

    stage: str
    params: dict[str, Any] = Field(default_factory=dict)
    resources: StageResources | None = None
    """Optional `resources:` key of a step: CPUs, GPUs and workers for distributed runs."""


class ConfigTest(Section):
    """A unit test of the pipeline, run by `presse test CONFIG`."""

    name: str
    """What the test checks, shown in the results."""
    input: list[dict[str, Any]] = Field(min_length=1)
    """Documents (`{id, text, meta?}`) to run through the pipeline."""
    expect: list[dict[str, Any]] = Field(min_length=1)
    """One entry per document to check: `id`, then `dotted.path: value` (equality) or
    `dotted.path: {predicate: value}` with predicates equals, contains, not_contains,
    includes (a list has an item matching these fields), min_length, max_length, matches
    (regular expression), gt, lt, exists; `failed: true` expects the document in the errors."""


class PipelineConfig(Section):
    """A validated pipeline config."""

    version: Literal[1] = 1
    """Config format version."""
    input: InputSettings = Field(default_factory=InputSettings)
    output: OutputSettings = Field(default_factory=OutputSettings)
    run: RunSettings = Field(default_factory=RunSettings)
    pipeline: list[StageEntry]
    """The stages in order; empty to read and write only (a format conversion)."""
    """The stages, in order: `- stage: NAME` followed by the stage's parameters."""
    tests: list[ConfigTest] = Field(default_factory=list)
    """Unit tests of this pipeline, run by `presse test` (ignored by `presse run`)."""
    base_dir: str = Field(default=".", exclude=True)
    file: str | None = Field(default=None, exclude=True)

    def resolved(self) -> dict[str, Any]:
        """The config as it will run, with every default filled in (for the manifest)."""
        data = self.model_dump(mode="json", exclude={"tests"})
        data["pipeline"] = [
            {"stage": e.stage, **e.params}
            | ({"resources": e.resources.model_dump(exclude_none=True)} if e.resources else {})
            for e in self.pipeline
        ]
        return data


TOP_LEVEL_KEYS = ("version", "input", "output", "run", "pipeline", "tests")
