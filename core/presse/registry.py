"""Everything the loaded plugins registered: stages, readers, writers, executors, commands."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pluggy

from presse.errors import PresseError
from presse.executing import Executor
from presse.plugins import PluginInfo, load_plugins
from presse.reading import Reader
from presse.stage import Stage
from presse.writing import Writer


@dataclass
class Registered:
    """A registered object and the plugin it came from."""

    obj: Any
    plugin: str


@dataclass
class Registry:
    pm: pluggy.PluginManager
    plugins: dict[str, PluginInfo]
    stages: dict[str, Registered] = field(default_factory=dict)
    readers: dict[str, Registered] = field(default_factory=dict)
    writers: dict[str, Registered] = field(default_factory=dict)
    executors: dict[str, Registered] = field(default_factory=dict)
    commands: dict[str, Registered] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    def stage(self, name: str) -> type[Stage]:
        """The stage class called ``name``, or an error that says what to do."""
        if name in self.stages:
            return self.stages[name].obj
        raise PresseError(self.unknown("stage", name, self.stages))

    def unknown(self, kind: str, name: str, known: dict[str, Registered]) -> str:
        """Explain a missing name: a failed plugin that may provide it, or a suggestion."""
        for info in self.plugins.values():
            if info.status == "failed" and name in (info.name, (info.distribution or "")[7:]):
                return (
                    f"{kind} {name!r} comes from plugin {info.name!r}, which failed to load: "
                    f"{info.error}"
                )
            if info.status == "disabled" and name == info.name:
                return (
                    f"{kind} {name!r} comes from plugin {info.name!r}, disabled by PRESSE_PLUGINS"
                )
        message = f"unknown {kind} {name!r}"
        close = difflib.get_close_matches(name, list(known), n=1)
        if close:
            message += f": did you mean {close[0]!r}?"
        elif known:
            message += f" (known: {', '.join(sorted(known))})"
        failed = [i.name for i in self.plugins.values() if i.status == "failed"]
        if failed:
            message += f"; plugins that failed to load: {', '.join(failed)} (see `presse plugins`)"
        return message

    def add_plugin(self, plugin: Any, name: str | None = None) -> None:
        """Register a plugin object (a module or class with hook implementations) by hand.

        Tests and embedding applications use this; installed plugins come from entry points.
        """
        name = self.pm.register(plugin, name=name)
        self.plugins[name] = PluginInfo(name, None, None)
        self.collect(name, plugin)

    def collect(self, plugin_name: str, plugin: Any) -> None:
        """Call ``plugin``'s ``register_*`` hooks and record what it registers."""
        for hook_name, (table, key) in _HOOKS.items():
            impl = getattr(plugin, hook_name, None)
            if impl is None or not hasattr(impl, "presse_impl"):
                continue
            try:
                impl(register=_collector(self, table, plugin_name, key))
            except Exception as exc:
                info = self.plugins[plugin_name]
                info.status = "failed"
                info.error = f"{hook_name} raised {type(exc).__name__}: {exc}"

    def plugin_of_stage(self, name: str) -> PluginInfo | None:
        reg = self.stages.get(name)
        return self.plugins.get(reg.plugin) if reg else None


def _collector(registry: Registry, table: str, plugin_name: str, key: Callable[[Any], str]):
    base = _BASES.get(table)

    def register(obj: Any, name: str | None = None) -> None:
        if base is not None and not (isinstance(obj, type) and issubclass(obj, base)):
            raise PresseError(
                f"register_{table}() got {obj!r}: expected a {base.__name__} subclass"
            )
        entries: dict[str, Registered] = getattr(registry, table)
        entry_name = name or key(obj)
        if entry_name in entries and entries[entry_name].plugin != plugin_name:
            registry.conflicts.append(
                f"{table[:-1]} {entry_name!r} registered by both "
                f"{entries[entry_name].plugin!r} and {plugin_name!r}; keeping the first"
            )
            return
        entries[entry_name] = Registered(obj, plugin_name)
        listing = getattr(registry.plugins[plugin_name], table, None)
        if listing is not None:
            listing.append(entry_name)

    return register


_BASES: dict[str, type] = {
    "stages": Stage,
    "readers": Reader,
    "writers": Writer,
    "executors": Executor,
}
_HOOKS = {
    "register_stages": ("stages", lambda cls: cls.name),
    "register_readers": ("readers", lambda cls: cls.format),
    "register_writers": ("writers", lambda cls: cls.format),
    "register_executors": ("executors", lambda cls: cls.name),
    "register_commands": ("commands", lambda fn: fn.__name__.replace("_", "-")),
}


def build_registry() -> Registry:
    """Load plugins and call every ``register_*`` hook, one plugin at a time."""
    pm, infos = load_plugins()
    registry = Registry(pm, infos)
    for plugin_name, plugin in pm.list_name_plugin():
        registry.collect(plugin_name, plugin)
    return registry


@cache
def get_registry() -> Registry:
    """The process-wide registry, built on first use."""
    return build_registry()
