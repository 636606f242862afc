"""The ``web_extract`` stage: a web page's article body becomes the document's text."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from presse import Document, Stage
from presse_web.metadata import head_metadata
from presse_web.page import PAGE_KEY


class WebExtract(Stage):
    """The article body of each web page (from the ``html`` and ``warc`` readers) becomes
    ``text``, extracted by trafilatura; the title, author, site name, canonical URL and
    language the page's head declares, and its date (htmldate), go to ``meta`` (without
    replacing what the reader put there). A page with no article body goes to the filtered
    output. Other documents pass through unchanged.

    The run puts this stage at the head of the pipeline when it reads web pages, so that
    extraction runs where stages run (worker processes, Ray actors); list it in the config
    to set its parameters.
    """

    name = "web_extract"
    output_schema: ClassVar[dict[str, Any]] = {}

    class Params(Stage.Params):
        include_comments: bool = False
        """Keep readers' comments below the article (off: they are not the article)."""
        include_tables: bool = True
        """Keep the text of tables inside the article."""
        favor: Literal["balanced", "precision", "recall"] = "balanced"
        """trafilatura's trade-off: less boilerplate (precision) or less missed text."""
        min_words: int = Field(10, ge=0)
        """Fewer words than this is no article (a login form, a photo gallery): the page
        goes to the filtered output."""

    def process(self, docs: list[Document]) -> list[Document]:
        import trafilatura

        p = self.params
        for doc in docs:
            page = doc.pop(PAGE_KEY, None)
            if page is None:
                continue
            tree = trafilatura.load_html(page["html"])
            if tree is None:
                doc.filter("not an HTML page")
                continue
            found = head_metadata(tree, page.get("url"))  # before extraction prunes the tree
            body = trafilatura.bare_extraction(
                tree,
                url=page.get("url"),
                include_comments=p.include_comments,
                include_tables=p.include_tables,
                favor_precision=p.favor == "precision",
                favor_recall=p.favor == "recall",
            )
            text = (body.text or "").strip() if body is not None else ""
            words = len(text.split())
            if words < max(p.min_words, 1):
                doc.filter(f"no article body in the page ({words} word{'s' * (words != 1)})")
                continue
            doc["text"] = text
            meta = doc.meta
            for key, value in found.items():
                if not meta.get(key):
                    meta[key] = value
        return docs
