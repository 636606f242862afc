"""presse plugin: near-duplicate documents and shared passages (stage ``dedup``).

The stage class is imported when the ``stages`` table is first used, not with this package:
listing the CLI's commands loads every plugin and must stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presse import hookimpl

if TYPE_CHECKING:
    from presse_dedup.stage import Dedup

__all__ = ["Dedup"]


def __getattr__(name: str) -> Any:
    if name == "Dedup":
        from presse_dedup.stage import Dedup

        return Dedup
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl
def register_stages(register):
    from presse_dedup.stage import Dedup

    register(Dedup)
