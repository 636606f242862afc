"""What `presse --help` imports: entry points and command metadata, no stage and no pydantic.

Each check runs in a fresh interpreter (this test process has imported everything already).
Timings are measured by bench/bench_cli.py, never asserted here.
"""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = ("pydantic", "presse.stage", "presse_dedup.stage", "presse_ner.stage", "rich")


def fresh(code: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter with the installed plugins; print the heavy modules."""
    probe = f"{code}\nprint('HEAVY', *[m for m in {HEAVY!r} if m in sys.modules], file=sys.stderr)"
    env = {k: v for k, v in os.environ.items() if k != "PRESSE_PLUGINS"}
    return subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env
    )


def heavy(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stderr.strip().splitlines()[-1].split()[1:]


MAIN = "import sys\nfrom presse.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"


def test_help_lists_plugin_commands_without_importing_stages_or_pydantic():
    done = fresh(f"import sys\nsys.argv[0] = 'presse'\n{MAIN}", "--help")
    assert "report" in done.stdout and "Write a self-contained HTML report" in done.stdout
    assert "run" in done.stdout and "plugins" in done.stdout
    assert heavy(done) == []


def test_a_plugin_command_is_built_when_called():
    done = fresh(f"import sys\nsys.argv[0] = 'presse'\n{MAIN}", "report", "--help")
    assert "OUTPUT.jsonl" in done.stdout and "--run-report" in done.stdout
    assert not {"presse.stage", "presse_dedup.stage", "presse_ner.stage"} & set(heavy(done))


def test_the_commands_table_does_not_import_stage_classes():
    code = (
        "import sys\nfrom presse.registry import build_registry\nr = build_registry()\n"
        "print(sorted(r.commands))"
    )
    done = fresh(code)
    assert done.stdout.strip() == "['export', 'report']"
    assert heavy(done) == []
    done = fresh(code.replace("r.commands", "r.stages"))
    assert {"dedup", "ner", "stance", "langdetect"} <= set(eval(done.stdout))
    assert {"pydantic", "presse_dedup.stage"} <= set(heavy(done))


def test_presse_exports_are_imported_on_first_use():
    done = fresh("import sys\nimport presse\nprint(presse.hookimpl.project_name)")
    assert done.stdout.strip() == "presse" and heavy(done) == []
    done = fresh("import sys\nfrom presse import Stage, __version__\nprint(Stage.__name__)")
    assert done.stdout.strip() == "Stage" and "pydantic" in heavy(done)
