"""Finding and loading plugins: entry points in the group ``presse``, then the built-ins."""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from importlib import metadata

import pluggy

from presse import hookspecs

ENTRY_POINT_GROUP = "presse"
DEFAULT_PLUGINS = (
    "presse.default_plugins.readers",
    "presse.default_plugins.replay",
    "presse.default_plugins.writers",
    "presse.default_plugins.executors",
)


@dataclass
class PluginInfo:
    """One plugin as ``presse plugins`` shows it."""

    name: str
    distribution: str | None
    version: str | None
    status: str = "loaded"  # loaded | failed | disabled
    error: str | None = None
    traceback: str | None = None
    stages: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    executors: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    builtin: bool = False


def allowed_plugins() -> set[str] | None:
    """Names in ``PRESSE_PLUGINS`` (comma list); ``None`` when unset (load all)."""
    value = os.environ.get("PRESSE_PLUGINS")
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def _check_hook_names(module: object) -> None:
    """A hook implementation must match a hook spec: an unknown name usually means the plugin
    was written for a newer presse."""
    known = {name for name in dir(hookspecs) if hasattr(getattr(hookspecs, name), "presse_spec")}
    for name in dir(module):
        if hasattr(getattr(module, name, None), "presse_impl") and name not in known:
            raise pluggy.PluginValidationError(
                module, f"implements unknown hook {name!r} (written for a newer presse?)"
            )


def load_plugins() -> tuple[pluggy.PluginManager, dict[str, PluginInfo]]:
    """Build the plugin manager: installed entry points first, then the core's built-ins.

    A plugin that fails to import is recorded with its error instead of raising, so the
    CLI and pipelines that do not need it keep working.
    """
    pm = pluggy.PluginManager("presse")
    pm.add_hookspecs(hookspecs)
    infos: dict[str, PluginInfo] = {}
    allowed = allowed_plugins()
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = ep.dist.name if ep.dist else None
        info = PluginInfo(ep.name, dist, ep.dist.version if ep.dist else None)
        infos[ep.name] = info
        if allowed is not None and ep.name not in allowed:
            info.status = "disabled"
            continue
        try:
            module = ep.load()
            _check_hook_names(module)
            pm.register(module, name=ep.name)  # rejects arguments no hook spec declares
        except Exception as exc:  # a broken plugin must not take the CLI down
            info.status = "failed"
            info.error = f"{type(exc).__name__}: {exc}"
            info.traceback = traceback.format_exc()
    import importlib

    from presse import __version__

    for module_name in DEFAULT_PLUGINS:
        module = importlib.import_module(module_name)
        name = module_name.rsplit(".", 1)[1]
        pm.register(module, name=f"presse.{name}")
        infos[f"presse.{name}"] = PluginInfo(
            f"presse.{name}", "presse-core", __version__, builtin=True
        )
    return pm, infos
