"""presse plugin: the ``ner`` stage (spaCy named entities, cleaned and linked)."""

from presse import hookimpl
from presse_ner.stage import NerStage

__all__ = ["NerStage"]


@hookimpl
def register_stages(register):
    register(NerStage)
