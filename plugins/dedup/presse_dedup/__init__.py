"""presse plugin: near-duplicate documents and shared passages (stage ``dedup``)."""

from presse import hookimpl
from presse_dedup.stage import Dedup

__all__ = ["Dedup"]


@hookimpl
def register_stages(register):
    register(Dedup)
