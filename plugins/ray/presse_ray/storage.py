"""Where a sharded run keeps its work: a local (or shared POSIX) folder, or object storage.

A :class:`Folder` is named by a path or by a URL fsspec reads (``s3://bucket/prefix``,
``gs://...``). Every node of a cluster opens the same folder from its name, so with object
storage no shared file system is needed. Writes are all-or-nothing: a local file is written
under a temporary name, fsynced and renamed; an object is uploaded in one request (object
stores never show half an object).
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import IO

from presse import PresseError
from presse.reading import is_url
from presse.writing import atomic_write


class Folder:
    """A folder of files named relative to it (``shards/00042.done``)."""

    def __init__(self, root: str | Path) -> None:
        self.name = str(root).rstrip("/")
        self.remote = is_url(self.name)
        if self.remote:
            import fsspec

            try:
                self.fs, self._root = fsspec.core.url_to_fs(self.name)
            except (ValueError, ImportError) as exc:  # an unknown scheme, a missing back-end
                raise PresseError(
                    f"cannot keep a sharded run's work in {self.name}: {exc} "
                    "(run.executor_options.workdir)"
                ) from None
        else:
            self.local = Path(root)

    def __str__(self) -> str:
        return self.name

    def _key(self, name: str) -> str:
        return f"{self._root}/{name}"

    def write(self, name: str, data: bytes) -> None:
        """Put ``data`` at ``name``, all at once."""
        if self.remote:
            self.fs.pipe_file(self._key(name), data)
        else:
            atomic_write(self.local / name, data)

    def read(self, name: str) -> bytes:
        if self.remote:
            return self.fs.cat_file(self._key(name))
        return (self.local / name).read_bytes()

    def read_or_none(self, name: str) -> bytes | None:
        try:
            return self.read(name)
        except FileNotFoundError:
            return None

    def open(self, name: str) -> IO[bytes] | None:
        """``name`` opened for reading, or None when there is no such file."""
        try:
            if self.remote:
                return self.fs.open(self._key(name), "rb")
            return (self.local / name).open("rb")
        except FileNotFoundError:
            return None

    def exists(self, name: str) -> bool:
        if self.remote:
            return self.fs.exists(self._key(name))
        return (self.local / name).exists()

    def delete(self, name: str) -> None:
        if self.remote:
            with contextlib.suppress(FileNotFoundError):
                self.fs.rm_file(self._key(name))
        else:
            (self.local / name).unlink(missing_ok=True)

    def names(self, folder: str, suffix: str) -> list[str]:
        """The files of sub-folder ``folder`` ending in ``suffix``, sorted by name."""
        if self.remote:
            try:
                found = self.fs.ls(self._key(folder), detail=False, refresh=True)
            except FileNotFoundError:
                return []
            names = [str(key).rstrip("/").rsplit("/", 1)[-1] for key in found]
        else:
            directory = self.local / folder
            names = [p.name for p in directory.iterdir()] if directory.is_dir() else []
        return sorted(f"{folder}/{n}" for n in names if n.endswith(suffix))

    def make(self, *folders: str) -> None:
        """Create sub-folders (object stores need none)."""
        if not self.remote:
            for folder in folders:
                (self.local / folder).mkdir(parents=True, exist_ok=True)

    def remove(self, folder: str = "") -> None:
        """Remove a sub-folder (or the whole folder) and everything in it."""
        if self.remote:
            key = self._key(folder) if folder else self._root
            with contextlib.suppress(FileNotFoundError):
                self.fs.rm(key, recursive=True)
        else:
            shutil.rmtree(self.local / folder if folder else self.local, ignore_errors=True)
