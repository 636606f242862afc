"""The document record that flows through a pipeline."""

from __future__ import annotations

from typing import Any, NamedTuple


class Origin(NamedTuple):
    """Where a record came from: the input file (or ``-``), its line and byte offset."""

    source: str
    line: int | None = None
    offset: int | None = None

    def __str__(self) -> str:
        return self.source if self.line is None else f"{self.source}:{self.line}"


class Document(dict):
    """A plain JSON record: ``id``, ``text``, ``meta`` and one key per stage output.

    It *is* a ``dict``, so a stage writes ``doc["entities"] = [...]`` and orjson serialises
    it as is. A few attributes live beside the record and are never written out:

    - ``shared``: in-process artefacts a stage hands to later stages of the same process
      (the parsed spaCy ``Doc``, say). The JSON record stays the only contract between
      processes, so a stage must cope with ``shared`` being empty; it is not pickled.
    - ``origin``: the file, line and byte offset the record was read from.
    - ``original``: the record as read, for error output and replay.
    - ``position``: the record's place in the run's input order, given by the executor that
      reads it (an ``int``, or None); executors that send documents elsewhere use it to put
      results back in order.
    - ``filtered`` and ``skipped``: what the current stage said through :meth:`filter` and
      :meth:`skip` (read them; set them only through those methods).

    Everything but ``shared`` survives pickling.
    """

    # Class-level defaults: a document pays for these attributes only once they are set.
    origin: Origin | None = None
    original: dict[str, Any] | None = None
    position: int | None = None
    filtered: str | None = None
    _skipped: str | None = None
    _words: int | None = None
    _shared: dict[str, Any] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "meta" not in self:
            self["meta"] = {}

    @property
    def shared(self) -> dict[str, Any]:
        if self._shared is None:
            self._shared = {}
        return self._shared

    @shared.setter
    def shared(self, value: dict[str, Any]) -> None:
        self._shared = value

    @classmethod
    def of(cls, id: str, text: str, meta: dict[str, Any]) -> Document:
        """A document from its three fields, ``meta`` taken as is (readers' fast path: no
        keyword arguments, no checks)."""
        doc = dict.__new__(cls)
        doc["id"], doc["text"], doc["meta"] = id, text, meta
        return doc

    @classmethod
    def new(cls, id: str, text: str, meta: dict[str, Any] | None = None, **fields: Any) -> Document:
        """Build a document; handy in tests and plugins."""
        return cls(id=id, text=text, meta=dict(meta or {}), **fields)

    @property
    def id(self) -> str:
        return self["id"]

    @property
    def text(self) -> str:
        return self["text"]

    @property
    def meta(self) -> dict[str, Any]:
        return self["meta"]

    @property
    def words(self) -> int:
        """A cheap word count (spaces + 1), for throughput figures."""
        if self._words is None:
            text = self.get("text")
            self._words = text.count(" ") + 1 if text else 0
        return self._words

    def filter(self, reason: str) -> None:
        """Take this document out of the main output (it goes to the filtered output).

        Later stages do not see it; the run report counts it with ``reason``.
        """
        self.filtered = reason

    @property
    def skipped(self) -> str | None:
        """The reason the current stage gave to :meth:`skip`, or None. The pipeline moves it
        into the record's ``skipped`` key (``{stage: reason}``) after each stage."""
        return self._skipped

    def clear_skip(self) -> str | None:
        """Take the current stage's skip reason off the document (for executors that
        account for stages themselves); returns it."""
        reason, self._skipped = self._skipped, None
        return reason

    def skip(self, reason: str) -> None:
        """Record that the current stage passed this document through without analysing it.

        The document stays in the output, ``skipped[<stage>]`` holds the reason and the run
        report counts it per stage.
        """
        self._skipped = reason

    def __reduce__(self):
        # Crossing a process boundary: the record travels, ``shared`` (in-process artefacts
        # such as a parsed spaCy Doc) deliberately does not.
        state = (self.origin, self.original, self.filtered, self._skipped, self.position)
        return (_rebuild, (dict(self), state))

    def __repr__(self) -> str:
        text = self.get("text", "")
        short = text if len(text) <= 40 else text[:37] + "..."
        return f"Document(id={self.get('id')!r}, text={short!r}, keys={sorted(self)})"


def _rebuild(record: dict[str, Any], state: tuple) -> Document:
    doc = Document(record)
    doc.origin, doc.original, doc.filtered, doc._skipped, doc.position = state
    return doc
