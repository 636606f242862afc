"""Exceptions a user sees, and the error record written for each record set aside."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field, fields
from stat import S_ISREG
from typing import Any


class PresseError(Exception):
    """An error the user can act on; the CLI prints its message without a traceback."""


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a config: where it is and what was expected."""

    key: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or "<config>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(PresseError):
    """A config that cannot run; carries every issue found, not just the first."""

    def __init__(self, issues: list[ConfigIssue]) -> None:
        self.issues = issues
        lines = "\n".join(f"  - {issue}" for issue in issues)
        noun = "problem" if len(issues) == 1 else "problems"
        super().__init__(f"invalid config ({len(issues)} {noun}):\n{lines}")


@dataclass
class ErrorRecord:
    """A record that did not reach the output, as written to the errors JSONL.

    ``reason`` is a stable code (``invalid_json``, ``missing_text``, ``stage_error``, ...);
    ``message`` says what happened in words. ``record`` is the original record when it
    could be read; otherwise ``raw`` holds its text, or ``raw_base64`` its bytes.
    ``source_size`` and ``source_mtime_ns`` fingerprint the source file when the record is
    made, so that ``replay`` can tell whether ``offset`` still points at the same record.
    """

    reason: str
    message: str
    source: str | None = None
    line: int | None = None
    offset: int | None = None
    source_size: int | None = None
    source_mtime_ns: int | None = None
    id: str | None = None
    stage: str | None = None
    plugin: str | None = None
    plugin_version: str | None = None
    exception_type: str | None = None
    record: dict[str, Any] | None = None
    raw: str | None = None
    raw_base64: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.source_size is None and self.source not in (None, "-"):
            self.source_size, self.source_mtime_ns = fingerprint(self.source) or (None, None)

    @staticmethod
    def raw_fields(raw: bytes | str | None, limit: int = 4096) -> dict[str, str]:
        """The ``raw``/``raw_base64`` fields for undecodable input, cut to ``limit`` bytes."""
        if raw is None:
            return {}
        if isinstance(raw, str):
            return {"raw": raw[:limit]}
        try:
            return {"raw": raw[:limit].decode("utf-8")}
        except UnicodeDecodeError:
            return {"raw_base64": base64.b64encode(raw[:limit]).decode("ascii")}

    def to_dict(self) -> dict[str, Any]:
        data = {  # no deep copy: a record may be nested deeper than Python can recurse
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "extra" and getattr(self, f.name) is not None
        }
        data.update(self.extra)
        return data


def fingerprint(source: str) -> tuple[int, int] | None:
    """Size and modification time of a source file; None if it is not one."""
    try:
        stat = os.stat(source)
    except (OSError, ValueError):
        return None
    return (stat.st_size, stat.st_mtime_ns) if S_ISREG(stat.st_mode) else None
