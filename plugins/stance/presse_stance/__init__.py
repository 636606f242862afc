"""presse plugin: the `stance` stage (holder for/against target, with the evidence).

The stage class is imported when the ``stages`` table is first used, not with this package:
listing the CLI's commands loads every plugin and must stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presse import hookimpl

if TYPE_CHECKING:
    from presse_stance.stage import Stance

__all__ = ["Stance"]


def __getattr__(name: str) -> Any:
    if name == "Stance":
        from presse_stance.stage import Stance

        return Stance
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl
def register_stages(register):
    from presse_stance.stage import Stance

    register(Stance)
