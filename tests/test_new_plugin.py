"""`presse new-plugin`: the scaffold installs, works from a config, and its tests pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import orjson

from example_stages import install_into


def test_a_new_plugin_is_usable_at_once_and_its_tests_pass(tmp_path):
    uv = os.environ.get("UV") or shutil.which("uv")
    presse = [sys.executable, "-m", "presse"]
    made = subprocess.run(
        [*presse, "new-plugin", "keywords", "--dir", str(tmp_path)], capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    root = tmp_path / "presse-keywords"
    assert (root / "presse_keywords" / "__init__.py").exists()

    site = install_into(tmp_path / "site", root)
    (tmp_path / "pipe.yaml").write_text("pipeline:\n  - stage: keywords\n    min_length: 4\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("PRESSE_PLUGINS", None)
    done = subprocess.run(
        [*presse, "run", "pipe.yaml", "-", "-q"],
        cwd=tmp_path,
        env=env,
        input=b'{"id": "a", "text": "Alep est la deuxieme ville"}\n',
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert orjson.loads(done.stdout)["keywords"] == {"words": 3}

    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    tests = subprocess.run(
        [uv, "run", "--quiet", "pytest", "-q"], cwd=root, env=env, capture_output=True, text=True
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "2 passed" in tests.stdout
