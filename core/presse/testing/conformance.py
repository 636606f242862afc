"""The conformance suite: one call checks that a stage keeps the presse stage contract."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import orjson
from pydantic import ValidationError

from presse.document import Document
from presse.registry import get_registry
from presse.stage import Stage
from presse.testing.running import make_docs

SAMPLE_TEXTS = (
    "La Russie et l'Iran soutiennent le régime de Bachar al-Assad, a déclaré lundi le porte-"
    "parole du ministère, selon l'agence Mehr.",
    "Le président Emmanuel Macron a reçu jeudi à Paris la cheffe de la diplomatie allemande.",
    "Turkey's foreign minister Hakan Fidan said on Saturday that Ankara backs the rebels.",
    "Offensive sur Alep",
    "« Nous condamnons fermement cette attaque », a indiqué Esmaeil Baghaei. Il a ajouté que "
    "l'Iran répondrait.\nCommentaires",
)


class ConformanceError(AssertionError):
    """Every contract violation found, one per line."""


def check_stage(
    stage: type[Stage],
    texts: Sequence[str] = SAMPLE_TEXTS,
    params: dict[str, Any] | None = None,
    plugin: ModuleType | None = None,
    before: Sequence[tuple[str, dict[str, Any]]] = (),
    long_chars: int = 100_000,
) -> None:
    """Check ``stage`` against the contract and raise :class:`ConformanceError` listing every
    violation: registration, parameter schema, declared ``provides`` (written, and nothing
    else), JSON-serialisable and deterministic output, empty and very long texts, and batch
    results equal to one-by-one results.

    ``before`` names stages (with parameters) that run first to provide what ``stage``
    requires, e.g. ``[("ner", {})]``; they are looked up among the installed plugins.
    """
    problems: list[str] = []
    params = params or {}
    _check_declaration(stage, plugin, problems)
    _check_params(stage, params, problems)
    if problems:
        raise ConformanceError("\n".join(problems))

    def fresh_docs(items: Sequence[str]) -> list[Document]:
        docs = make_docs(items)
        for name, options in before:
            upstream = get_registry().stage(name)(**options)
            upstream.setup()
            docs = upstream.process(docs)
        return docs

    batch = _attempt(problems, "processing the sample documents", stage, params, fresh_docs(texts))
    if batch is None:
        raise ConformanceError("\n".join(problems))
    _check_keys(stage, fresh_docs(texts), batch, problems)
    encoded = _encode(batch, problems)
    again = _attempt(problems, "a second run", stage, params, fresh_docs(texts))
    if again is not None and encoded is not None and _encode(again, problems) != encoded:
        problems.append("output is not deterministic: two runs on the same input differ")
    single = _one_by_one(stage, params, fresh_docs(texts), problems)
    if single is not None and encoded is not None and _encode(single, problems) != encoded:
        problems.append("batch results differ from one-by-one results")
    for label, text in (("empty text", ""), ("very long text", _long_text(texts, long_chars))):
        docs = _attempt(problems, label, stage, params, fresh_docs([text]))
        if docs is not None:
            _encode(docs, problems)
    if problems:
        raise ConformanceError(
            f"stage {stage.name!r} breaks the contract:\n- " + "\n- ".join(problems)
        )


def _check_declaration(stage: type[Stage], plugin: ModuleType | None, problems: list[str]) -> None:
    if not (isinstance(stage, type) and issubclass(stage, Stage)):
        problems.append(f"{stage!r} is not a presse.Stage subclass")
        return
    if not stage.name or not stage.name.replace("_", "").replace("-", "").isalnum():
        problems.append(f"name {stage.name!r} must be a non-empty identifier")
    for attribute in ("provides", "requires"):
        value = getattr(stage, attribute)
        if not isinstance(value, tuple) or not all(isinstance(k, str) for k in value):
            problems.append(f"{attribute} must be a tuple of document keys, got {value!r}")
    if set(stage.provides) & {"id", "text", "meta"}:
        problems.append("provides must not claim the core keys id, text, meta")
    if not (stage.__doc__ or "").strip():
        problems.append("the stage class needs a docstring (`presse stages` shows it)")
    if plugin is not None:
        registered: list[type] = []
        hook: Callable | None = getattr(plugin, "register_stages", None)
        if hook is None or not hasattr(hook, "presse_impl"):
            problems.append(f"plugin {plugin.__name__} has no @hookimpl register_stages")
        else:
            hook(register=registered.append)
            if stage not in registered:
                problems.append(
                    f"plugin {plugin.__name__}.register_stages does not register {stage.__name__}"
                )


def _check_params(stage: type[Stage], params: dict[str, Any], problems: list[str]) -> None:
    try:
        stage.Params(**params)
    except ValidationError as exc:
        problems.append(f"the parameters {params!r} do not validate: {exc}")
    try:
        stage.Params(no_such_parameter_xyz=1)
        problems.append("Params accepts unknown keys (subclass Stage.Params)")
    except ValidationError:
        pass
    schema = stage.Params.model_json_schema()
    for name, field in stage.Params.model_fields.items():
        if not field.description:
            problems.append(f"parameter {name!r} has no description (add a docstring under it)")
        if field.is_required():
            problems.append(f"parameter {name!r} has no default: a minimal config must work")
    if schema.get("type") != "object":
        problems.append("the parameter schema is not a JSON object schema")


def _attempt(
    problems: list[str],
    label: str,
    stage: type[Stage],
    params: dict[str, Any],
    docs: list[Document],
) -> list[Document] | None:
    instance = stage(**params)
    try:
        instance.setup()
        out = instance.process(list(docs))
        instance.teardown()
    except Exception as exc:
        problems.append(f"{label}: raised {type(exc).__name__}: {exc}")
        return None
    if not isinstance(out, list) or len(out) != len(docs):
        problems.append(f"{label}: process() must return the same number of documents")
        return None
    if [d.get("id") for d in out] != [d.get("id") for d in docs]:
        problems.append(f"{label}: process() changed the order or the ids of the documents")
        return None
    return out


def _one_by_one(
    stage: type[Stage], params: dict[str, Any], docs: list[Document], problems: list[str]
) -> list[Document] | None:
    instance = stage(**params)
    try:
        instance.setup()
        out = [instance.process([doc])[0] for doc in docs]
        instance.teardown()
    except Exception as exc:
        problems.append(f"one-by-one processing raised {type(exc).__name__}: {exc}")
        return None
    return out


def _check_keys(
    stage: type[Stage], before: list[Document], after: list[Document], problems: list[str]
) -> None:
    allowed = set(stage.provides) | {"skipped", "filtered"}
    extra = set()
    for old, new in zip(before, after, strict=True):
        extra |= set(new) - set(old) - allowed
    if extra:
        problems.append(f"wrote undeclared keys {sorted(extra)} (declare them in provides)")
    analysed = [d for d in after if d.skipped is None and d.filtered is None and "skipped" not in d]
    for key in stage.provides:
        if analysed and not any(key in d for d in analysed):
            problems.append(f"declares {key!r} in provides but never writes it")


def _encode(docs: list[Document], problems: list[str]) -> list[bytes] | None:
    try:
        return [orjson.dumps(d, option=orjson.OPT_SORT_KEYS) for d in docs]
    except TypeError as exc:
        problems.append(f"output is not JSON-serialisable: {exc}")
        return None


def _long_text(texts: Sequence[str], chars: int) -> str:
    base = " ".join(t for t in texts if t) or "Texte. "
    return (base + "\n") * (chars // (len(base) + 1) + 1)
