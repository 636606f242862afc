"""presse plugin: the ``ner`` stage (spaCy named entities, cleaned and linked).

The stage class is imported when the ``stages`` table is first used, not with this package:
listing the CLI's commands loads every plugin and must stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presse import hookimpl

if TYPE_CHECKING:
    from presse_ner.stage import NerStage

__all__ = ["NerStage"]


def __getattr__(name: str) -> Any:
    if name == "NerStage":
        from presse_ner.stage import NerStage

        return NerStage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl
def register_stages(register):
    from presse_ner.stage import NerStage

    register(NerStage)
