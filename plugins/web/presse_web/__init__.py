"""presse-web: news from the web as documents.

- ``html``: saved pages (``.html``, ``.htm``, gzipped too), one document per page;
- ``warc``: web archives (``.warc``, ``.warc.gz``), one document per HTML response record;
- ``feed``: RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``), one document per entry.

Pages and archive records are read as raw HTML; the ``web_extract`` stage, which the run
puts at the head of the pipeline (``Reader.prepare``), turns each into its article body
with trafilatura, in the worker processes or Ray actors like any stage. Classes are
imported on first use: listing the CLI's commands loads every plugin and must stay light.
"""

from __future__ import annotations

from presse import hookimpl


@hookimpl
def register_readers(register):
    from presse_web.feeds import FeedReader
    from presse_web.pages import HtmlReader
    from presse_web.warc import WarcReader

    register(HtmlReader)
    register(WarcReader)
    register(FeedReader)


@hookimpl
def register_stages(register):
    from presse_web.extract import WebExtract

    register(WebExtract)
