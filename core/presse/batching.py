"""Cutting the input stream into batches, remembering what each batch consumed."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from presse.document import Document
from presse.errors import ErrorRecord
from presse.reading import NotADocument
from presse.seen import SeenIds


@dataclass
class Ticket:
    """What one batch stands for in the input: its documents, the unreadable records met
    while filling it, and the input position (records consumed) at its end."""

    size: int
    failures: list[ErrorRecord] = field(default_factory=list)
    position: int = 0
    duplicate_ids: list[str] = field(default_factory=list)
    not_documents: Counter = field(default_factory=Counter)
    """Records passed over because they hold no document, by reason."""


class InputStream:
    """Batches of documents from a stream of documents and read errors.

    Executors pull :meth:`batches` lazily and return results in order; the runner pops one
    :class:`Ticket` per result from :attr:`tickets`, so read errors are written in input order
    and a checkpoint knows exactly how far the input has been consumed.
    """

    def __init__(
        self,
        items: Iterable[Document | ErrorRecord | NotADocument],
        batch_size: int,
        skip: int = 0,
    ) -> None:
        self.items = items
        self.batch_size = batch_size
        self.skip = skip
        self.tickets: deque[Ticket] = deque()
        self._seen = SeenIds()

    def batches(self) -> Iterator[list[Document]]:
        docs: list[Document] = []
        failures: list[ErrorRecord] = []
        duplicates: list[str] = []
        passed: Counter = Counter()
        position, skip, size, seen = 0, self.skip, self.batch_size, self._seen.add
        for item in self.items:
            position += 1
            if isinstance(item, ErrorRecord):
                if position > skip:
                    failures.append(item)
                continue
            if isinstance(item, NotADocument):
                if position > skip:
                    passed[item.reason] += 1
                continue
            # ids are remembered as 64-bit hashes, not strings (the set is rebuilt by every
            # run, resumed or not, so the per-process salt of ``hash`` does not matter)
            if not seen(hash(item["id"])) and position > skip:
                duplicates.append(item["id"])
            if position <= skip:
                continue
            docs.append(item)
            if len(docs) >= size:
                self.tickets.append(Ticket(len(docs), failures, position, duplicates, passed))
                yield docs
                docs, failures, duplicates, passed = [], [], [], Counter()
        if docs or failures or passed:
            self.tickets.append(
                Ticket(len(docs), failures, max(position, skip), duplicates, passed)
            )
            yield docs
