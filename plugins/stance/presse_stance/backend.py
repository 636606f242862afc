"""The interface a stance backend implements, so that another plugin can provide its own."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from presse_stance.actors import ActorIndex


@runtime_checkable
class StanceBackend(Protocol):
    """Finds stance records in one parsed document.

    ``parsed`` is the spaCy ``Doc`` of ``text`` (shared by the NER stage or parsed by the
    stance stage); ``actors`` resolves character offsets to entities and configured targets.
    Each returned record follows the ``stances`` schema (see ``docs/stages/stance.md``);
    the stage then applies ``principals``, ``min_confidence`` and ``document_stance``.
    """

    name: str

    def analyse(self, text: str, parsed: Any, actors: ActorIndex) -> list[dict[str, Any]]: ...

    def describe(self) -> dict[str, Any]: ...
