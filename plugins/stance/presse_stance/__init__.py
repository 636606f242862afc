"""presse plugin: the `stance` stage (holder for/against target, with the evidence)."""

from presse import hookimpl
from presse_stance.stage import Stance


@hookimpl
def register_stages(register):
    register(Stance)


__all__ = ["Stance"]
