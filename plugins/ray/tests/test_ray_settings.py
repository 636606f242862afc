"""PRESSE_RAY_* environment variables, and Ray kept off stdout (no Ray instance needed)."""

import pytest

from presse import PresseError
from presse_ray import RaySettings


def test_defaults_need_no_option():
    settings = RaySettings.load({}, env={})
    assert settings.address is None and settings.actors is None
    assert settings.max_attempts == 2 and settings.headroom == 1


def test_config_options_then_variables_then_ray_address():
    options = {"actors": 4, "actor_cpus": 2, "address": "head:6379"}
    settings = RaySettings.load(options, env={"RAY_ADDRESS": "ray://elsewhere:10001"})
    assert (settings.address, settings.actors, settings.actor_cpus) == ("head:6379", 4, 2.0)

    env = {"PRESSE_RAY_ACTORS": "8", "PRESSE_RAY_ADDRESS": "auto"}
    overridden = RaySettings.load(options, env=env)
    assert (overridden.address, overridden.actors, overridden.actor_cpus) == ("auto", 8, 2.0)
    assert RaySettings.load({}, env={"RAY_ADDRESS": "ray://h:10001"}).address == "ray://h:10001"


@pytest.mark.parametrize("key,value", [("ACTORS", "0"), ("ACTORS", "two"), ("HEADROOM", "-1")])
def test_bad_variables_are_named(key, value):
    with pytest.raises(PresseError, match=f"PRESSE_RAY_{key}='{value}'"):
        RaySettings.load({}, env={f"PRESSE_RAY_{key}": value})


@pytest.mark.parametrize(
    "options,message",
    [
        ({"actor": 2}, "unknown option 'actor' for the ray executor \\(did you mean 'actors'"),
        ({"actors": 2.5}, "run.executor_options.actors=2.5: expected an integer >= 1"),
        ({"max_attempts": True}, "max_attempts=True: expected an integer"),
    ],
)
def test_bad_options_are_named(options, message):
    with pytest.raises(PresseError, match=message):
        RaySettings.load(options, env={})


def test_ray_notices_go_to_stderr_while_presse_may_stream_output_on_stdout(capsys):
    pytest.importorskip("ray")
    from ray._private import worker

    from presse_ray.session import _ray_output_on_stderr

    notice = {"lines": ["A worker died"], "pid": "raylet", "is_err": False}
    with _ray_output_on_stderr() as rerouted:
        worker.print_to_stdstream(notice, ignore_prefix=False)
    out, err = capsys.readouterr()
    assert rerouted and out == "" and "A worker died" in err


class FakeCluster:
    def __init__(self, **resources: float) -> None:
        self.resources = resources

    def cluster_resources(self) -> dict[str, float]:
        return self.resources


@pytest.mark.parametrize(
    "run,cluster,actors",
    [
        ({}, {"CPU": 2}, 1),  # headroom: never every CPU
        ({}, {"CPU": 64}, 63),
        ({"executor_options": {"actor_cpus": 2}}, {"CPU": 16}, 7),
        ({"executor_options": {"actor_gpus": 1}}, {"CPU": 16, "GPU": 2}, 2),
        ({"workers": 3}, {"CPU": 64}, 3),
        ({"workers": 3, "executor_options": {"actors": 5}}, {"CPU": 64}, 5),
    ],
)
def test_actor_pool_size_leaves_headroom_unless_told(run, cluster, actors):
    from presse.config.model import RunSettings
    from presse_ray import RayExecutor

    executor = RayExecutor(RunSettings(executor="ray", **run))
    assert executor._size(FakeCluster(**cluster), executor.options) == actors
