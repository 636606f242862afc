"""presse plugin: the ``langdetect`` stage (fastText + lingua language identification).

The stage class is imported when the ``stages`` table is first used, not with this package:
listing the CLI's commands loads every plugin and must stay light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presse import hookimpl

if TYPE_CHECKING:
    from presse_langdetect.stage import LangDetect

__all__ = ["LangDetect"]


def __getattr__(name: str) -> Any:
    if name == "LangDetect":
        from presse_langdetect.stage import LangDetect

        return LangDetect
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@hookimpl
def register_stages(register):
    from presse_langdetect.stage import LangDetect

    register(LangDetect)
