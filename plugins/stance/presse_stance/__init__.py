"""presse plugin: stance stage (under construction)."""

from presse import hookimpl


@hookimpl
def register_stages(register):
    pass
