"""Run the whole suite from N fresh clones in a row, as CI does, and report each clone.

Each round: ``git clone`` of the committed branch into a new temporary directory, then
``CI=true bash .ci/run`` there (a new .venv: uv installs from its cache and compiles the
bytecode; the suite runs with its own temporary profiles). Uncommitted changes are not
tested. Logs are kept. Usage (a few minutes per clone)::

    python3 tests/fresh_clones.py [N] [--branch BRANCH] [--logs DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"^=+ (.*\b(passed|failed|error|errors)\b.*) =+$")
# Variables of the calling environment that would point the clone at another venv.
UNSET = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH", "PRESSE_PLUGINS")


@dataclass
class Round:
    number: int
    returncode: int
    seconds: float
    summary: str
    problems: list[str]
    log: Path


def current_branch() -> str:
    done = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def run_round(number: int, branch: str, logs: Path, keep: bool) -> Round:
    """Clone, run .ci/run, and read the pytest summary from its log."""
    workdir = Path(tempfile.mkdtemp(prefix=f"presse-clone-{number}-"))
    clone = workdir / "presse"
    log = logs / f"clone-{number}.log"
    env = {k: v for k, v in os.environ.items() if k not in UNSET} | {"CI": "true"}
    start = time.monotonic()
    with log.open("w") as out:
        subprocess.run(
            ["git", "clone", "--quiet", "--branch", branch, str(REPO), str(clone)],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
        done = subprocess.run(
            ["bash", ".ci/run"], cwd=clone, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    seconds = time.monotonic() - start
    lines = log.read_text(errors="replace").splitlines()
    summaries = [m.group(1) for line in lines if (m := SUMMARY.match(line.strip()))]
    problems = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    summary = summaries[-1] if summaries else "no pytest summary (see the log)"
    return Round(number, done.returncode, seconds, summary, problems, log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=5, help="clones in a row (5)")
    parser.add_argument("--branch", default=None, help="branch to clone (the current one)")
    parser.add_argument("--logs", type=Path, default=None, help="where logs go (a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the clones")
    args = parser.parse_args()
    branch = args.branch or current_branch()
    logs = args.logs or Path(tempfile.mkdtemp(prefix="presse-fresh-clones-"))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"{args.n} fresh clones of {REPO} ({branch}); logs in {logs}", flush=True)
    rounds = []
    for number in range(1, args.n + 1):
        result = run_round(number, branch, logs, args.keep)
        rounds.append(result)
        verdict = "PASS" if result.returncode == 0 else f"FAIL (exit {result.returncode})"
        print(f"clone {number}: {verdict} in {result.seconds:.0f} s: {result.summary}", flush=True)
        for problem in result.problems:
            print(f"    {problem}", flush=True)
    green = sum(r.returncode == 0 for r in rounds)
    print(f"{green}/{len(rounds)} fresh-clone suites green")
    return 0 if green == len(rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
