"""presse plugin: the ``langdetect`` stage (fastText + lingua language identification)."""

from presse import hookimpl
from presse_langdetect.stage import LangDetect


@hookimpl
def register_stages(register):
    register(LangDetect)


__all__ = ["LangDetect"]
