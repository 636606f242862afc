"""Failures a user can cause end in one `error:` line and exit 1 (130 for Ctrl-C), never a
traceback; workers do not outlive their run."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from presse.config import load_config, parse_config
from presse.errors import ConfigError, PresseError
from presse.locking import OutputLock

from example_stages import read_jsonl, write_jsonl


def corpus(tmp_path, n: int = 20):
    return write_jsonl(
        tmp_path / "in.jsonl", [{"id": f"d{i}", "text": f"t {i}."} for i in range(n)]
    )


@pytest.fixture
def presse_proc(third_party_site, tmp_path):
    """Start the real `presse` command with the third-party plugins (shout, pause) installed."""

    def start(*args: str, **options) -> subprocess.Popen:
        env = dict(os.environ, PYTHONPATH=str(third_party_site))
        env.pop("PRESSE_PLUGINS", None)
        options.setdefault("stderr", subprocess.PIPE)
        return subprocess.Popen(
            [sys.executable, "-m", "presse", *args], cwd=tmp_path, env=env, **options
        )

    return start


def one_error_line(stderr: bytes) -> str:
    lines = stderr.decode().splitlines()
    assert "Traceback" not in stderr.decode(), stderr.decode()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_standard_output_on_a_full_disk(presse_proc, tmp_path):
    (tmp_path / "p.yaml").write_text("pipeline: [{stage: shout}]\n")
    with open("/dev/full", "wb") as full:
        process = presse_proc("run", "p.yaml", str(corpus(tmp_path)), "-q", stdout=full)
        _, stderr = process.communicate()
    assert process.returncode == 1
    assert one_error_line(stderr) == (
        "error: cannot write to standard output: No space left on device"
    )


def test_closed_standard_output(presse_proc, tmp_path):
    (tmp_path / "p.yaml").write_text("pipeline: [{stage: shout}]\n")
    process = presse_proc(
        "run", "p.yaml", str(corpus(tmp_path)), "-q", preexec_fn=lambda: os.close(1)
    )
    _, stderr = process.communicate()
    assert process.returncode == 1
    assert "standard output is closed" in one_error_line(stderr)


def test_closed_standard_input_is_an_error_record(presse_proc, tmp_path):
    (tmp_path / "p.yaml").write_text("pipeline: [{stage: shout}]\n")
    process = presse_proc("run", "p.yaml", "-", "-o", "out.jsonl", preexec_fn=lambda: os.close(0))
    _, stderr = process.communicate()
    assert process.returncode == 0 and b"Traceback" not in stderr, stderr.decode()
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert error["reason"] == "unreadable_input" and "standard input is closed" in error["message"]


def test_an_output_below_a_file_is_refused(presse_cli, tmp_path):
    (tmp_path / "p.yaml").write_text("pipeline: [{stage: shout}]\n")
    (tmp_path / "file").write_text("x")
    done = presse_cli("run", "p.yaml", str(corpus(tmp_path)), "-o", "file/out.jsonl", "-q")
    assert done.returncode == 1
    assert "Not a directory" in one_error_line(done.stderr)


def test_a_self_referencing_yaml_alias(presse_cli, tmp_path):
    (tmp_path / "p.yaml").write_text("a: &a [*a]\npipeline: [{stage: shout}]\n")
    done = presse_cli("validate", "p.yaml")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert b"this alias refers to a value that contains it" in done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &a [*a]\npipeline: [{stage: upper}]", "refers to a value that contains it"),
        ("a: &a {b: *a}\npipeline: [{stage: upper}]", "refers to a value that contains it"),
        ("a: " + "[" * 200 + "]" * 200 + "\npipeline: [{stage: upper}]", "levels deep"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\npipeline: [{stage: upper}]", "levels deep"),
    ],
)
def test_recursive_or_deep_yaml_is_a_config_error(registry, text, expected):
    with pytest.raises(ConfigError, match=expected):
        parse_config(text, "bad.yaml", registry=registry)


def test_an_oversized_config_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"pipeline: [{stage: upper}]\n# " + b"x" * (2 << 20) + b"\n")
    with pytest.raises(PresseError, match="larger than 1024 KiB"):
        load_config(big)


def test_ctrl_c_during_start_up_is_one_line_and_130(monkeypatch, capsys):
    from presse import cli

    def interrupted():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "app", interrupted)
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def test_ctrl_c_while_the_cli_is_still_loading_is_one_line_and_130(monkeypatch, capsys):
    """The console script imports the CLI (plugins, stages) inside a guard."""
    import builtins

    from presse import entry

    real_import = builtins.__import__

    def slow_import(name, *args, **kwargs):
        if name == "presse.cli":
            raise KeyboardInterrupt  # Ctrl-C arriving in the middle of the imports
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", slow_import)
    with pytest.raises(SystemExit) as caught:
        entry.main()
    assert caught.value.code == 130
    assert capsys.readouterr().err == "error: interrupted while starting; nothing was run\n"


def wait_for(condition, what: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_during_a_run_says_how_to_resume(presse_proc, presse_cli, tmp_path, workers):
    (tmp_path / "p.yaml").write_text(
        f"run: {{batch_size: 5, checkpoint_every: 10, workers: {workers}}}\n"
        "pipeline: [{stage: shout}, {stage: pause, seconds: 0.1}]\n"
    )
    path = corpus(tmp_path, 400)
    process = presse_proc("run", "p.yaml", str(path), "-o", "out.jsonl", "-q")
    wait_for(lambda: (tmp_path / ".out.jsonl.presse" / "state.json").exists(), "a checkpoint")
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate()
    assert process.returncode == 130
    assert one_error_line(stderr) == (
        "error: interrupted; run the same command with --resume to continue"
    )
    done = presse_cli("run", "p.yaml", str(path), "-o", "out.jsonl", "-q", "--resume")
    assert done.returncode == 0, done.stderr.decode()
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 400


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_workers_exit_when_their_run_is_killed(presse_proc, tmp_path):
    (tmp_path / "p.yaml").write_text(
        "run: {batch_size: 5, workers: 2}\n"
        "pipeline: [{stage: shout}, {stage: pause, seconds: 0.2}]\n"
    )
    process = presse_proc("run", "p.yaml", str(corpus(tmp_path, 400)), "-o", "out.jsonl", "-q")
    workers: set[int] = set()
    try:
        wait_for(lambda: len(children(process.pid)) >= 2, "two workers")
        workers = children(process.pid)
        process.kill()
        process.wait()
        wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to exit", 20)
        OutputLock(tmp_path / "out.jsonl").acquire().release()  # and the lock is free
    finally:
        process.kill()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
