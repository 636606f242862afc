"""Run one stage, or a small pipeline, in process on a few documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from presse.config import parse_config
from presse.document import Document
from presse.pipeline import BatchResult
from presse.registry import Registry, get_registry
from presse.runner import build_pipeline
from presse.stage import Stage


def make_docs(
    texts: Iterable[str | dict[str, Any] | Document], prefix: str = "doc"
) -> list[Document]:
    """Documents from texts (ids ``doc-0``, ``doc-1``...) or from dicts with ``text``;
    documents are kept as they are."""
    docs = []
    for index, item in enumerate(texts):
        if isinstance(item, Document):
            docs.append(item)
            continue
        record = {"text": item} if isinstance(item, str) else dict(item)
        record.setdefault("id", f"{prefix}-{index}")
        doc = Document(record)
        doc.original = {"id": doc["id"], "text": doc["text"], "meta": dict(doc["meta"])}
        docs.append(doc)
    return docs


def run_stage(
    stage: type[Stage] | Stage,
    docs: Iterable[str | dict[str, Any] | Document],
    **params: Any,
) -> list[Document]:
    """Set up ``stage`` (a class, built with ``params``, or an instance), process ``docs`` in
    one batch and return them. Exceptions propagate: this is for tests."""
    instance = stage(**params) if isinstance(stage, type) else stage
    batch = make_docs(docs)
    instance.setup()
    try:
        return instance.process(batch)
    finally:
        instance.teardown()


def run_pipeline(
    config: str,
    docs: Iterable[str | dict[str, Any] | Document],
    registry: Registry | None = None,
) -> BatchResult:
    """Validate YAML config text and run its stages in process, with the runner's per-document
    error isolation; returns the surviving documents, the error records and the filtered ones."""
    registry = registry or get_registry()
    pipeline = build_pipeline(parse_config(config, "<test>", registry=registry), registry)
    batch = make_docs(docs)
    pipeline.setup()
    try:
        return pipeline.process(batch)
    finally:
        pipeline.teardown()
