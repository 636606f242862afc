"""The plugin contract: every hook a presse plugin can implement.

A plugin is a module (or package) that implements some of these hooks with ``@hookimpl``
and is published under the entry-point group ``presse``::

    [project.entry-points.presse]
    shout = "presse_shout"

The ``register_*`` hooks are called once, when plugins load; each receives a ``register``
callback to call once per thing the plugin provides. The lifecycle hooks are called during
a run, in the main process. Plugins must keep their import light: import heavy
dependencies (spaCy, models) in :meth:`presse.Stage.setup`, not at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from presse.errors import ErrorRecord
    from presse.report import RunReport
    from presse.runner import RunInfo

hookspec = pluggy.HookspecMarker("presse")
hookimpl = pluggy.HookimplMarker("presse")


@hookspec
def register_stages(register: Callable[[type], None]) -> None:
    """Register pipeline stages.

    :param register: call ``register(StageClass)`` for each :class:`presse.Stage`
        subclass the plugin provides. The class's ``name`` is what configs write after
        ``stage:``; two plugins registering the same name is an error reported by
        ``presse plugins``.
    """


@hookspec
def register_readers(register: Callable[[type], None]) -> None:
    """Register input readers.

    :param register: call ``register(ReaderClass)`` for each :class:`presse.Reader`
        subclass. A reader declares the file ``suffixes`` it reads (``(".jsonl",)``) and
        a ``format`` name users can force with ``input.format``; it turns one input
        source into documents, and unreadable records into :class:`presse.ReadFailure`
        items (never exceptions), so that every record is accounted for.
    """


@hookspec
def register_writers(register: Callable[[type], None]) -> None:
    """Register output writers.

    :param register: call ``register(WriterClass)`` for each :class:`presse.Writer`
        subclass. A writer declares the ``suffixes`` it writes and must make its output
        appear atomically: nothing at the final path until :meth:`~presse.Writer.commit`.
        It receives each record as one JSON line; a writer of a typed format (Parquet)
        finds the records' JSON Schema, composed from the pipeline's stages as ``presse
        schema`` prints it, in its class attribute ``record_schema``, which the run sets
        on the class it writes with (``None`` for JSON Lines). A resumable run keeps its
        checkpoints as JSON Lines and writes them through the writer once it completes, so
        a writer needs no resume logic of its own.
    """


@hookspec
def register_executors(register: Callable[[type], None]) -> None:
    """Register executors, the engines that push batches through the stages.

    :param register: call ``register(ExecutorClass)`` for each :class:`presse.Executor`
        subclass. ``run.executor: NAME`` in a config picks one; the built-in ``local``
        executor runs in the current process.
    """


@hookspec
def register_commands(register: Callable[..., Any]) -> None:
    """Add sub-commands to the ``presse`` CLI.

    :param register: call ``register(function, name=None)``; the function becomes a typer
        command (its signature and docstring make its options and ``--help``), named after
        the function unless ``name`` is given.
    """


@hookspec
def run_started(run: RunInfo) -> None:
    """Called once when a run starts, after validation and stage set-up, before reading.

    :param run: the resolved config, its hash, the inputs and the output paths.
    """


@hookspec
def document_failed(error: ErrorRecord) -> None:
    """Called for each record set aside: unreadable input or a stage that raised.

    :param error: what failed, where (file, line, stage, plugin) and the original
        record; the same object is written to the errors JSONL.
    """


@hookspec
def run_finished(run: RunInfo, report: RunReport) -> None:
    """Called once when a run ends, successfully or not.

    :param run: as given to :func:`run_started`.
    :param report: the counts (read = written + failed + filtered) and per-stage times.
    """
