"""The CLI's command group: built-in commands, and plugin commands found and built on demand.

Plugin commands come from the ``register_commands`` hook alone (no stage class is imported);
they are looked up only when the group lists its commands (``--help``) or is asked for a name
that is not built in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer._click import Command, Context  # typer's own click, which its groups use


def plugin_commands() -> dict[str, Callable[..., Any]]:
    """Each plugin command's name and function, in plugin order."""
    from presse.registry import get_registry

    return {name: entry.obj for name, entry in get_registry().commands.items()}


def build_command(name: str, function: Callable[..., Any]) -> Command:
    """A click command made by typer from a plugin's function (its signature and docstring)."""
    sub = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    sub.command(name, context_settings={"help_option_names": ["-h", "--help"]})(function)
    return typer.main.get_command(sub)


class PresseGroup(TyperGroup):
    """Built-in commands first; plugin commands added when listed or called (built-ins win)."""

    def list_commands(self, ctx: Context) -> list[str]:
        names = super().list_commands(ctx)
        return [*names, *(name for name in plugin_commands() if name not in names)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            function = plugin_commands().get(cmd_name)
            if function is not None:
                command = self.commands[cmd_name] = build_command(cmd_name, function)
        return command

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        """An unknown name fails with a suggestion among every command, plugins' included."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2, cutoff=0.6)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint}")
        return super().resolve_command(ctx, args)
