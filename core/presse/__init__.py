"""presse: plugin-based text-analysis pipelines for news.

The public API for plugin authors is what this module exports::

    from presse import Document, Stage, hookimpl

Names are imported on first use (PEP 562), so that ``presse --help`` and a plugin's
``from presse import hookimpl`` do not pay for pydantic and the stage machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from presse.hookspecs import hookimpl

if TYPE_CHECKING:
    from presse.document import Document, Origin
    from presse.errors import ConfigError, ErrorRecord, PresseError
    from presse.executors import Executor
    from presse.reading import InputOptions, NotADocument, Reader, ReadFailure, Source
    from presse.report import RunReport
    from presse.runner import RunInfo
    from presse.stage import DistributedPlan, Params, Stage, run_in_process
    from presse.writing import Writer

_EXPORTS = {
    "ConfigError": "presse.errors",
    "DistributedPlan": "presse.stage",
    "Document": "presse.document",
    "ErrorRecord": "presse.errors",
    "Executor": "presse.executors",
    "InputOptions": "presse.reading",
    "NotADocument": "presse.reading",
    "Origin": "presse.document",
    "Params": "presse.stage",
    "PresseError": "presse.errors",
    "ReadFailure": "presse.reading",
    "Reader": "presse.reading",
    "RunInfo": "presse.runner",
    "RunReport": "presse.report",
    "Source": "presse.reading",
    "Stage": "presse.stage",
    "Writer": "presse.writing",
    "run_in_process": "presse.stage",
}

__all__ = [
    "ConfigError",
    "DistributedPlan",
    "Document",
    "ErrorRecord",
    "Executor",
    "InputOptions",
    "NotADocument",
    "Origin",
    "Params",
    "PresseError",
    "ReadFailure",
    "Reader",
    "RunInfo",
    "RunReport",
    "Source",
    "Stage",
    "Writer",
    "__version__",
    "hookimpl",
    "run_in_process",
]


def __getattr__(name: str) -> Any:
    """Import an exported name on first access, then keep it in the module."""
    if name == "__version__":
        value: Any = _version()
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'presse' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("presse-core")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"
