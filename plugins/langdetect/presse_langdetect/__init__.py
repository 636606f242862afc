"""presse plugin: langdetect stage (under construction)."""

from presse import hookimpl


@hookimpl
def register_stages(register):
    pass
