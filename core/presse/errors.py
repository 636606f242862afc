"""Exceptions a user sees, and the error record written for each record set aside."""

from __future__ import annotations

import base64
import hashlib
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
    ``source_size`` and ``record_sha256`` (the SHA-256 of the line at ``offset``: the
    record's line in a JSON Lines file, the first line of a text file) fingerprint the
    source when the record is made, so that ``replay`` can tell whether ``offset`` still
    points at the same record, or find it again by its line. Both depend on the content
    only, so two copies of a corpus give the same error records.
    """

    reason: str
    message: str
    source: str | None = None
    line: int | None = None
    offset: int | None = None
    source_size: int | None = None
    record_sha256: str | None = None
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
            self.source_size, self.record_sha256 = fingerprint(self.source, self.offset)

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


def fingerprint(source: str, offset: int | None) -> tuple[int | None, str | None]:
    """Size of a source file and the SHA-256 of its line at ``offset``. (None, None) if it
    is not a regular file; no digest without an offset, for compressed files (offsets count
    uncompressed bytes) or for a line longer than ``MAX_DIGESTED``."""
    try:
        with open(source, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if not S_ISREG(stat.st_mode):
                return None, None
            if offset is None or source.endswith(".gz"):
                return stat.st_size, None
            handle.seek(offset)
            data = handle.readline(MAX_DIGESTED + 1)
    except (OSError, ValueError):
        return None, None
    if not data or len(data) > MAX_DIGESTED:
        return stat.st_size, None
    return stat.st_size, record_digest(data)


MAX_DIGESTED = 64 << 20
"""Lines longer than this get no digest (replay then trusts the size alone)."""


def record_digest(data: bytes) -> str:
    """The ``record_sha256`` of a record's raw bytes."""
    return hashlib.sha256(data).hexdigest()
