"""presse plugin: ner stage (under construction)."""

from presse import hookimpl


@hookimpl
def register_stages(register):
    pass
