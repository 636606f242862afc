"""CLI start-up: `presse --help`, `presse plugins` and `presse stages`, each from a fresh process.

Baseline in the same run: a bare interpreter start (`python -c pass`). Every command runs with
PYTHONDONTWRITEBYTECODE=1, as on the development machines, so only bytecode compiled at
install time (uv's `compile-bytecode`) is used. Prints the median and the fastest of N runs,
in seconds and as a ratio to the baseline, and whether `--help` imported pydantic or a stage.
Usage: uv run python bench/bench_cli.py [N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
PRESSE = str(Path(PYTHON).parent / "presse")
COMMANDS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "presse --help": [PRESSE, "--help"],
    "presse plugins": [PRESSE, "plugins"],
    "presse stages": [PRESSE, "stages"],
}
UV = shutil.which("uv")
if UV:  # uv syncs first, and with compile-bytecode re-compiles site-packages (uv issue 12202)
    COMMANDS["uv run presse --help"] = [UV, "run", "presse", "--help"]
HEAVY = (
    "pydantic",
    "presse.stage",
    "presse_dedup.stage",
    "presse_ner.stage",
    "presse_stance.stage",
    "rich",
)
PROBE = (
    "import sys\nsys.argv = ['presse', '--help']\nfrom presse.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
)


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def timed(argv: list[str]) -> float:
    """Wall seconds of one fresh process, output discarded."""
    start = time.perf_counter()
    subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(), check=True
    )
    return time.perf_counter() - start


def heavy_modules_imported_by_help() -> str:
    done = subprocess.run([PYTHON, "-c", PROBE], capture_output=True, text=True, env=env())
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "none"


def compiled_site_packages() -> bool:
    """True when the environment's installed packages carry .pyc files (typer as a sample)."""
    import typer

    return any(Path(typer.__file__).parent.glob("__pycache__/*.pyc"))


def main(n: int) -> None:
    print(
        f"{n} runs each, PYTHONDONTWRITEBYTECODE=1, compiled site-packages: "
        f"{compiled_site_packages()}, load average {os.getloadavg()[0]:.2f}"
    )
    for argv in COMMANDS.values():  # warm the OS file cache once
        timed(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(n):  # interleaved, so that load on the machine hits every command alike
        for name, argv in COMMANDS.items():
            times[name].append(timed(argv))
    base = statistics.median(times["python -c pass"])
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<20} median {median:.3f} s  fastest {min(values):.3f} s  "
            f"{median / base:5.1f}x the bare interpreter"
        )
    print(f"imported by --help: {heavy_modules_imported_by_help()}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
