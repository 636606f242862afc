"""The HTML page around the sections: inline CSS and JS, a strict Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any

import orjson


@cache
def asset(name: str) -> str:
    """The text of a bundled asset (``report.css``, ``report.js``)."""
    return files("presse_report").joinpath("assets", name).read_text(encoding="utf-8")


def script_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def csp() -> str:
    """No network at all: nothing may be fetched, only the page's own script may run."""
    return (
        "default-src 'none'; "
        f"script-src {script_hash(asset('report.js'))}; "
        "style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``, so
    text from the news cannot close the element."""
    text = orjson.dumps(data).decode("utf-8")
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def head(title: str) -> str:
    """Everything up to the opening of ``<main>``."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp(), quote=False)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n<style>{asset('report.css')}</style></head>\n"
        f"<body><header><h1>{escape(title)}</h1>"
        '<nav><a href="#overview">overview</a> <a href="#graph">who backs whom</a> '
        '<a href="#passages">shared passages</a> <a href="#documents">documents</a></nav>'
        "</header><main>\n"
    )


def tail(data: Any) -> str:
    """The data block, the script, and the closing tags."""
    return (
        "</main>\n"
        f'<script type="application/json" id="report-data">{json_for_script(data)}</script>\n'
        f"<script>{asset('report.js')}</script>\n</body></html>\n"
    )
