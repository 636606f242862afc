"""The `presse` command, run for real in a subprocess, with a third-party plugin installed."""

from __future__ import annotations

import orjson

from example_stages import REPO, SEEDS

SHOUT = "pipeline:\n  - stage: shout\n    suffix: ' !!'\n"


def config(tmp_path, text: str = SHOUT):
    path = tmp_path / "pipe.yaml"
    path.write_text(text)
    return str(path)


def test_stdin_to_stdout(presse_cli, tmp_path):
    done = presse_cli("run", config(tmp_path), "-", input=b'{"id":"a","text":"Bonjour. Salut"}\n')
    assert done.returncode == 0, done.stderr.decode()
    (record,) = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert record == {"id": "a", "text": "Bonjour. Salut", "meta": {}, "shout": "BONJOUR !!"}
    assert b"read 1, written 1, failed 0" in done.stderr


def test_third_party_stage_on_the_seed_articles_to_a_file(presse_cli, tmp_path):
    done = presse_cli("run", config(tmp_path), str(SEEDS), "-o", "out/seeds.jsonl", "--quiet")
    assert done.returncode == 0 and done.stderr == b""
    records = [
        orjson.loads(x) for x in (tmp_path / "out" / "seeds.jsonl").read_bytes().split(b"\n") if x
    ]
    assert [r["meta"].get("date") for r in records] == ["2016-12", None]
    assert (
        records[0]["shout"] == "L'ENVOYÉ SPÉCIAL DU PRÉSIDENT VLADIMIR POUTINE POUR LA SYRIE, "
        "A ÉVOQUÉ HIER AVEC DES RESPONSABLES IRANIENS À TÉHÉRAN LA SITUATION À ALEP ET LA "
        "COORDINATION MILITAIRE ET POLITIQUE ENTRE LES DEUX PAYS EN SYRIE, ONT RAPPORTÉ LES "
        "MÉDIAS IRANIENS !!"
    )
    manifest = orjson.loads((tmp_path / "out" / "seeds.jsonl.manifest.json").read_bytes())
    assert manifest["stages"][0] == {
        "stage": "shout",
        "plugin": "shout",
        "distribution": "presse-shout",
        "version": "1.2.3",
    }


def test_set_overrides_a_stage_parameter(presse_cli, tmp_path):
    done = presse_cli(
        "run",
        config(tmp_path),
        "-",
        "--set",
        "pipeline.shout.suffix=?",
        input=b'{"id":"a","text":"Oui"}\n',
    )
    assert orjson.loads(done.stdout)["shout"] == "OUI?"


def test_validate_names_the_misspelt_key_and_suggests_the_right_one(presse_cli, tmp_path):
    path = config(tmp_path, "pipeline:\n  - stage: shout\n    sufix: '!'\n")
    done = presse_cli("validate", path)
    assert done.returncode == 1
    assert (
        f"{path}:3: pipeline[0].sufix: stage 'shout' has no parameter 'sufix': "
        "did you mean 'suffix'?"
    ) in done.stderr.decode()
    assert presse_cli("validate", config(tmp_path)).stdout.decode().endswith("valid (shout)\n")


def test_plugins_lists_installed_plugins_and_the_broken_one(presse_cli):
    done = presse_cli("plugins", "--json")
    assert done.returncode == 0
    plugins = {p["name"]: p for p in orjson.loads(done.stdout)}
    assert plugins["shout"]["status"] == "loaded"
    assert plugins["shout"]["stages"] == ["shout", "pause", "running_count", "sieve"]
    assert plugins["shout"]["version"] == "1.2.3"
    assert plugins["broken"]["status"] == "failed"
    assert "presse_dependency_that_does_not_exist" in plugins["broken"]["error"]
    assert plugins["presse.readers"]["readers"] == ["txt", "jsonl", "jsonl.gz"]


def test_a_broken_plugin_does_not_take_down_help_or_other_pipelines(presse_cli, tmp_path):
    assert presse_cli("--help").returncode == 0
    assert presse_cli("run", config(tmp_path), "-", input=b'{"text":"x"}\n').returncode == 0
    done = presse_cli("validate", config(tmp_path, "pipeline: [{stage: broken}]"))
    assert done.returncode == 1
    assert (
        "comes from plugin 'broken', which failed to load: ModuleNotFoundError"
        in done.stderr.decode()
    )


def test_presse_plugins_env_restricts_what_loads(presse_cli, tmp_path):
    listing = orjson.loads(presse_cli("plugins", "--json", plugins="shout").stdout)
    names = {p["name"] for p in listing if p["status"] == "loaded" and not p["builtin"]}
    assert names == {"shout"}
    done = presse_cli("validate", config(tmp_path), plugins="")
    assert "disabled by PRESSE_PLUGINS" in done.stderr.decode()


def test_stages_prints_the_parameter_schema(presse_cli):
    text = presse_cli("stages", "shout").stdout.decode()
    assert "provides: shout" in text
    assert "suffix: str (default '!')" in text and "Appended to the shout." in text
    schema = orjson.loads(presse_cli("stages", "shout", "--json").stdout)
    assert schema["parameters"][0]["name"] == "suffix"
    assert schema["schema"]["properties"]["suffix"]["default"] == "!"
    unknown = presse_cli("stages", "shuot")
    assert unknown.returncode == 1 and "did you mean 'shout'" in unknown.stderr.decode()


def test_exit_codes(presse_cli, tmp_path):
    assert presse_cli("run").returncode == 2  # usage error: missing CONFIG
    assert presse_cli("run", "nowhere.yaml").returncode == 1
    bad = presse_cli(
        "run", config(tmp_path), "-", "--set", "run.on_error=fail", input=b'{"id": 1}\n'
    )
    assert bad.returncode == 1
    assert b"missing_text" in bad.stderr


def test_default_config_reads_the_bundled_seeds(presse_cli):
    done = presse_cli("validate", str(REPO / "configs" / "news-fr.yaml"), cwd=REPO)
    assert done.returncode == 0, done.stderr.decode()


def test_bench_prints_throughput_per_stage(presse_cli, tmp_path):
    done = presse_cli("bench", config(tmp_path), str(SEEDS))
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert lines[0].startswith("2 documents, ")
    assert any(line.startswith("shout ") and "words/s" not in line for line in lines)


def test_info_lists_versions_for_bug_reports(presse_cli):
    facts = orjson.loads(presse_cli("info", "--json").stdout)
    assert facts["python"].startswith("3.")
    assert {
        "name": "shout",
        "distribution": "presse-shout",
        "version": "1.2.3",
        "status": "loaded",
    } in facts["plugins"]
    assert presse_cli("info", "--markdown").stdout.decode().startswith("## presse info")


def test_a_plugin_for_a_newer_presse_is_reported_not_loaded(presse_cli):
    plugins = {p["name"]: p for p in orjson.loads(presse_cli("plugins", "--json").stdout)}
    assert plugins["future"]["status"] == "failed"
    assert "unknown hook 'register_widgets'" in plugins["future"]["error"]


def test_a_misspelt_command_is_answered_with_the_right_one_plugins_included(presse_cli):
    done = presse_cli("reprot")  # `report` comes from the presse-report plugin
    assert done.returncode == 2
    assert "No such command 'reprot'. Did you mean 'report'" in done.stderr.decode()
    done = presse_cli("rnu")
    assert done.returncode == 2 and "Did you mean 'run'?" in done.stderr.decode()
