"""Two runs on one output: the second refuses at once; a dead run's lock is taken over."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys

import pytest

from presse.config import parse_config
from presse.errors import PresseError
from presse.locking import OutputLock, lock_path
from presse.runner import Run, workdir_for

from example_stages import read_jsonl, write_jsonl


def corpus(tmp_path, n: int = 30):
    return write_jsonl(tmp_path / "in.jsonl", [{"id": f"d{i}", "text": f"t {i}"} for i in range(n)])


@pytest.mark.parametrize("resume", [False, True])
def test_a_second_run_on_a_live_output_refuses_and_touches_nothing(registry, tmp_path, resume):
    path = corpus(tmp_path)
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    out = tmp_path / "out.jsonl"
    workdir = workdir_for(out)
    workdir.mkdir()
    part = workdir / "out.jsonl.partial"
    part.write_bytes(b'{"id": "live"}\n')  # the live run's work in progress
    live = rf"another presse run is writing .*pid {os.getpid()}"
    with OutputLock(out), pytest.raises(PresseError, match=live):
        Run(config, [str(path)], str(out), registry=registry, resume=resume).execute()
    assert part.read_bytes() == b'{"id": "live"}\n'
    assert not out.exists()


def test_a_second_cli_run_says_error_and_exits_1(presse_cli, tmp_path):
    path = corpus(tmp_path)
    (tmp_path / "p.yaml").write_text("pipeline: [{stage: shout}]\n")
    with OutputLock(tmp_path / "o.jsonl"):
        done = presse_cli("run", "p.yaml", str(path), "-o", "o.jsonl", "-q", "--resume")
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: another presse run is writing")
    assert f"pid {os.getpid()}" in lines[0]


def test_the_lock_of_a_dead_run_is_taken_over(registry, tmp_path):
    path = corpus(tmp_path)
    out = tmp_path / "out.jsonl"
    lock_path(out).write_text("pid 999999999, started 2020-01-01 00:00:00: run p.yaml\n")
    config = parse_config("pipeline: [{stage: upper}]", registry=registry)
    report = Run(config, [str(path)], str(out), registry=registry, progress=False).execute()
    assert report.written == 30 and len(read_jsonl(out)) == 30
    assert not lock_path(out).exists()  # released at the end


HOLDER = """
import os, sys, time
from pathlib import Path
from presse.locking import OutputLock
OutputLock(Path(sys.argv[1])).acquire()
if os.fork() == 0:  # a worker process: it must not keep the lock once the run is gone
    time.sleep(60)
    os._exit(0)
print("locked", flush=True)
time.sleep(60)
"""


def test_a_killed_run_releases_its_lock_even_with_live_children(tmp_path):
    out = tmp_path / "out.jsonl"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)], stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        assert holder.stdout.readline() == b"locked\n"
        with pytest.raises(PresseError, match=f"pid {holder.pid}"):
            OutputLock(out).acquire()
        holder.kill()
        holder.wait()
        OutputLock(out).acquire().release()  # the orphaned child holds no lock
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(holder.pid, signal.SIGKILL)
