"""presse: plugin-based text-analysis pipelines for news.

The public API for plugin authors is what this module exports::

    from presse import Document, Stage, hookimpl
"""

from importlib.metadata import PackageNotFoundError, version

from presse.document import Document, Origin
from presse.errors import ConfigError, ErrorRecord, PresseError
from presse.executing import Executor
from presse.hookspecs import hookimpl
from presse.reading import InputOptions, Reader, ReadFailure, Source
from presse.stage import Params, Stage
from presse.writing import Writer

try:
    __version__ = version("presse-core")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ConfigError",
    "Document",
    "ErrorRecord",
    "Executor",
    "InputOptions",
    "Origin",
    "Params",
    "PresseError",
    "ReadFailure",
    "Reader",
    "Source",
    "Stage",
    "Writer",
    "__version__",
    "hookimpl",
]
