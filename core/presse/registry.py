"""Everything the loaded plugins registered: stages, readers, writers, executors, commands.

Each table is filled on first use, by calling that one ``register_*`` hook of every plugin:
listing the CLI's commands calls ``register_commands`` only and imports no stage class.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import pluggy

from presse.errors import PresseError
from presse.plugins import PluginInfo, load_plugins

if TYPE_CHECKING:
    from presse.stage import Stage


@dataclass
class Registered:
    """A registered object and the plugin it came from."""

    obj: Any
    plugin: str


@dataclass
class Registry:
    pm: pluggy.PluginManager
    plugins: dict[str, PluginInfo]
    conflicts: list[str] = field(default_factory=list)
    _tables: dict[str, dict[str, Registered]] = field(default_factory=dict, repr=False)

    @property
    def stages(self) -> dict[str, Registered]:
        return self.table("stages")

    @property
    def readers(self) -> dict[str, Registered]:
        return self.table("readers")

    @property
    def writers(self) -> dict[str, Registered]:
        return self.table("writers")

    @property
    def executors(self) -> dict[str, Registered]:
        return self.table("executors")

    @property
    def commands(self) -> dict[str, Registered]:
        return self.table("commands")

    def table(self, kind: str) -> dict[str, Registered]:
        """The ``kind`` table (``stages``, ``commands``...), collected from every plugin once."""
        if kind not in self._tables:
            self._tables[kind] = {}
            for plugin_name, plugin in self.pm.list_name_plugin():
                self._collect(kind, plugin_name, plugin)
        return self._tables[kind]

    def load_all(self) -> Registry:
        """Fill every table (for listings of what each plugin provides)."""
        for kind, _ in _HOOKS.values():
            self.table(kind)
        return self

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
        """Add what ``plugin`` registers to every table already filled (the others will ask
        it when first used)."""
        for kind in list(self._tables):
            self._collect(kind, plugin_name, plugin)

    def _collect(self, kind: str, plugin_name: str, plugin: Any) -> None:
        """Call ``plugin``'s ``register_<kind>`` hook, if it has one, and record the entries."""
        hook_name = f"register_{kind}"
        impl = getattr(plugin, hook_name, None)
        if impl is None or not hasattr(impl, "presse_impl"):
            return
        try:
            impl(register=_collector(self, kind, plugin_name, _HOOKS[hook_name][1]))
        except Exception as exc:
            info = self.plugins[plugin_name]
            info.status = "failed"
            info.error = f"{hook_name} raised {type(exc).__name__}: {exc}"

    def plugin_of_stage(self, name: str) -> PluginInfo | None:
        reg = self.stages.get(name)
        return self.plugins.get(reg.plugin) if reg else None


def _collector(registry: Registry, table: str, plugin_name: str, key: Callable[[Any], str]):
    base = _base(table)

    def register(obj: Any, name: str | None = None) -> None:
        if base is not None and not (isinstance(obj, type) and issubclass(obj, base)):
            raise PresseError(
                f"register_{table}() got {obj!r}: expected a {base.__name__} subclass"
            )
        entries = registry.table(table)
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


_BASES = {  # table -> (module, class) every entry must subclass, imported when one registers
    "stages": ("presse.stage", "Stage"),
    "readers": ("presse.reading", "Reader"),
    "writers": ("presse.writing", "Writer"),
    "executors": ("presse.executors", "Executor"),
}


def _base(table: str) -> type | None:
    if table not in _BASES:
        return None
    module, name = _BASES[table]
    return getattr(importlib.import_module(module), name)


_HOOKS = {
    "register_stages": ("stages", lambda cls: cls.name),
    "register_readers": ("readers", lambda cls: cls.format),
    "register_writers": ("writers", lambda cls: cls.format),
    "register_executors": ("executors", lambda cls: cls.name),
    "register_commands": ("commands", lambda fn: fn.__name__.replace("_", "-")),
}


def build_registry() -> Registry:
    """Load plugins; each table calls its ``register_*`` hook of every plugin when first used."""
    pm, infos = load_plugins()
    return Registry(pm, infos)


@cache
def get_registry() -> Registry:
    """The process-wide registry, built on first use."""
    return build_registry()
