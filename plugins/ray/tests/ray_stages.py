"""Tiny stages for the Ray executor tests (shipped to the actors by value)."""

from __future__ import annotations

import os
import time

from presse import Document, Stage, hookimpl


class Words(Stage):
    """Count the words of each document into `words`."""

    name = "words"
    provides = ("words",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc["words"] = len(doc.text.split())
        return docs


class Fragile(Stage):
    """Raise on documents whose text contains `BOOM`; filter those containing `SPAM`."""

    name = "fragile"
    provides = ("checked",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if "BOOM" in doc.text:
                raise ValueError(f"cannot handle {doc.id}")
            if "SPAM" in doc.text:
                doc.filter("spam")
            doc["checked"] = True
        return docs


class Fatal(Stage):
    """End the process on documents whose text contains `CRASH` (as a segfault would)."""

    name = "fatal"
    provides = ("survived",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if "CRASH" in doc.text:
                os._exit(13)
            doc["survived"] = True
        return docs


class CrashOnce(Stage):
    """End the process the first time it meets `ONCE` (a transient crash: an OOM kill, a
    node lost); ``marker`` is the file that remembers it happened."""

    name = "crash_once"
    provides = ("retried",)

    class Params(Stage.Params):
        marker: str = "crashed-once"

    def process(self, docs: list[Document]) -> list[Document]:
        marker = self.path(self.params.marker)
        for doc in docs:
            if "ONCE" in doc.text and not marker.exists():
                marker.write_text(doc.id)
                os._exit(13)
            doc["retried"] = marker.exists()
        return docs


class Slow(Stage):
    """Take 3 seconds over documents whose text contains `SLOW` (a pathological input)."""

    name = "slow"
    provides = ("quick",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            if "SLOW" in doc.text:
                time.sleep(3)
            doc["quick"] = True
        return docs


class FirstWordCount(Stage):
    """Corpus-level: how many earlier documents started with the same word."""

    name = "first_word_count"
    provides = ("seen_before",)
    corpus_level = True

    def setup(self) -> None:
        self.counts: dict[str, int] = {}

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            word = (doc.text.split() or [""])[0]
            doc["seen_before"] = self.counts.get(word, 0)
            self.counts[word] = doc["seen_before"] + 1
        return docs


class BadSetup(Stage):
    """Cannot set itself up (a missing model, say)."""

    name = "bad_setup"
    provides = ("never",)

    def setup(self) -> None:
        raise RuntimeError("model 'xx_missing' is not installed")

    def process(self, docs: list[Document]) -> list[Document]:
        return docs


class Parse(Stage):
    """Leave an in-process artefact (as NER leaves its spaCy parse) for a later stage."""

    name = "parse"
    provides = ("parsed",)
    shares = ("tokens",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            doc.shared["tokens"] = doc.text.split()
            doc["parsed"] = True
        return docs


class UseParse(Stage):
    """Reuse the artefact when it is there, else compute it another way (as stance parses
    with its own model): an executor that splits the two changes the results."""

    name = "use_parse"
    requires = ("parsed",)
    provides = ("tokens",)
    reuses = ("tokens",)

    def process(self, docs: list[Document]) -> list[Document]:
        for doc in docs:
            tokens = doc.shared.get("tokens")
            doc["tokens"] = len(tokens) if tokens is not None else -len(doc.text)
        return docs


class Paced(Stage):
    """Take ``seconds`` per document, and touch ``marker`` once work has started (so a test
    can pull a node out from under a run that is under way)."""

    name = "paced"
    provides = ("paced",)

    class Params(Stage.Params):
        seconds: float = 0.05
        marker: str = "started"

    def process(self, docs: list[Document]) -> list[Document]:
        self.path(self.params.marker).touch()
        for doc in docs:
            time.sleep(self.params.seconds)
            doc["paced"] = len(doc.text)
        return docs


class StagesPlugin:
    @staticmethod
    @hookimpl
    def register_stages(register):
        for stage in (
            Words,
            Fragile,
            Fatal,
            CrashOnce,
            Slow,
            FirstWordCount,
            BadSetup,
            Parse,
            UseParse,
            Paced,
        ):
            register(stage)
