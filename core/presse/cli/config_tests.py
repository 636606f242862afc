"""``presse test CONFIG``: run a config's ``tests:`` blocks (inputs → expected outputs)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from presse.config.model import ConfigTest, PipelineConfig
from presse.pipeline import Pipeline
from presse.testing.running import make_docs

_MISSING = object()


@dataclass
class TestResult:
    __test__ = False  # not a pytest class
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def lookup(record: Any, path: str) -> Any:
    """``entities.0.text`` in nested dicts and lists; ``_MISSING`` when absent."""
    value = record
    for part in path.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif (
            isinstance(value, list)
            and part.lstrip("-").isdigit()
            and -len(value) <= int(part) < len(value)
        ):
            value = value[int(part)]
        else:
            return _MISSING
    return value


def _matches_item(item: Any, fields: dict[str, Any]) -> bool:
    return all(check(lookup(item, k), v) is None for k, v in fields.items())


PREDICATES = {
    "equals": lambda got, want: got == want,
    "contains": lambda got, want: isinstance(got, str | list | dict) and want in got,
    "not_contains": lambda got, want: isinstance(got, str | list | dict) and want not in got,
    "includes": lambda got, want: (
        isinstance(got, list) and any(_matches_item(item, want) for item in got)
    ),
    "min_length": lambda got, want: hasattr(got, "__len__") and len(got) >= want,
    "max_length": lambda got, want: hasattr(got, "__len__") and len(got) <= want,
    "matches": lambda got, want: isinstance(got, str) and re.search(want, got) is not None,
    "gt": lambda got, want: isinstance(got, int | float) and got > want,
    "lt": lambda got, want: isinstance(got, int | float) and got < want,
}


def check(got: Any, want: Any) -> str | None:
    """None if ``got`` satisfies ``want``, else what was wrong."""
    if isinstance(want, dict) and len(want) == 1 and next(iter(want)) in {*PREDICATES, "exists"}:
        name, argument = next(iter(want.items()))
        if name == "exists":
            return (
                None
                if (got is not _MISSING) == bool(argument)
                else ("is missing" if argument else f"should be absent, got {got!r}")
            )
        if got is _MISSING:
            return f"is missing (expected {name} {argument!r})"
        return (
            None
            if PREDICATES[name](got, argument)
            else (f"expected {name} {argument!r}, got {_short(got)}")
        )
    if got is _MISSING:
        return f"is missing (expected {want!r})"
    return None if got == want else f"expected {want!r}, got {_short(got)}"


def _short(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def run_test(test: ConfigTest, pipeline: Pipeline) -> TestResult:
    result = TestResult(test.name)
    outcome = pipeline.process(make_docs(test.input, prefix="test"))
    records = {doc["id"]: dict(doc) for doc in outcome.docs}
    failed = {error.id: error for error in outcome.failed}
    filtered = {doc["id"]: dict(doc) for doc in outcome.filtered}
    for expectation in test.expect:
        doc_id = str(expectation.get("id", "test-0"))
        wants = {k: v for k, v in expectation.items() if k != "id"}
        if wants.pop("failed", False):
            if doc_id not in failed:
                result.failures.append(f"{doc_id}: expected an error, but it went through")
            continue
        if doc_id in failed:
            error = failed[doc_id]
            result.failures.append(f"{doc_id}: failed in stage {error.stage}: {error.message}")
            continue
        record = records.get(doc_id, filtered.get(doc_id))
        if record is None:
            result.failures.append(f"{doc_id}: no such document in the test input")
            continue
        for path, want in wants.items():
            problem = check(lookup(record, path), want)
            if problem:
                result.failures.append(f"{doc_id}: {path} {problem}")
    return result


def run_tests(config: PipelineConfig, pipeline: Pipeline) -> list[TestResult]:
    pipeline.setup()
    try:
        return [run_test(test, pipeline) for test in config.tests]
    finally:
        pipeline.teardown()
