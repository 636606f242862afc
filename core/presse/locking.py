"""An exclusive lock on an output path, so two runs never write the same files at once.

The lock is ``flock`` on ``.<output>.presse.lock`` beside the output. The kernel releases it
when the holder dies however it dies (``kill -9`` included), so a lock left by a dead run is
simply taken over; the file names the holder (pid, start time, command) for the message a
second run shows. Forked children (worker processes) close their copy of the descriptor, so
the lock lives exactly as long as the run that took it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path

from presse.errors import PresseError

_held: set[int] = set()


def _close_in_child() -> None:
    for fd in _held:
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.presse.lock")


class OutputLock:
    """Hold ``lock_path(output)`` exclusively until :meth:`release`."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.path = lock_path(output)
        self._fd: int | None = None

    def acquire(self) -> OutputLock:
        """Take the lock, or raise :class:`PresseError` naming the run that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read(fd)
                os.close(fd)
                raise PresseError(
                    f"another presse run is writing {self.output} ({holder or 'holder unknown'}); "
                    "wait for it to finish, or stop it and continue it with --resume"
                ) from None
            except OSError:
                os.close(fd)
                raise
            # The holder before us may have removed the file after we opened it: then our
            # lock is on a file nobody else will find. Start again on the current file.
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        command = " ".join(sys.argv[1:])[:200]
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}: {command}\n".encode(), 0)
        self._fd = fd
        _held.add(fd)
        return self

    def release(self) -> None:
        """Remove the lock file and drop the lock (removing first: no one can take a lock
        on a file that is about to disappear)."""
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        _held.discard(self._fd)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read(fd: int) -> str:
    try:
        return os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
