"""What a page says about itself in its head: title, author, site, canonical URL, language,
and its date (htmldate, without its slow extensive search), read off the parsed page."""

from __future__ import annotations

from typing import Any

FIELDS = {
    "title": ('//meta[@property="og:title"]/@content', "//head/title/text()"),
    "author": ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content'),
    "sitename": (
        '//meta[@property="og:site_name"]/@content',
        '//meta[@name="application-name"]/@content',
    ),
    "url": ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'),
    "language": ("/html/@lang", '//meta[@http-equiv="content-language"]/@content'),
}


def head_metadata(tree: Any, url: str | None) -> dict[str, str]:
    """The fields of :data:`FIELDS` the page has (first XPath that finds a value wins),
    and ``date`` (YYYY-MM-DD) when htmldate finds one."""
    from htmldate import find_date

    found: dict[str, str] = {}
    for key, paths in FIELDS.items():
        for path in paths:
            values = [v.strip() for v in tree.xpath(path) if isinstance(v, str) and v.strip()]
            if values:
                found[key] = " ".join(values[0].split())
                break
    date = find_date(tree, url=url, extensive_search=False, original_date=True)
    if date:
        found["date"] = date
    return found
