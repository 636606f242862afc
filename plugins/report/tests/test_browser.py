"""The report in a real browser: headless Chromium over the DevTools protocol.

CI installs Debian's ``chromium`` (see ``.ci/run``); without it these tests fail, they do
not skip. The screenshots stay in ``tests/output/`` as CI artefacts. A failing test shows
Chromium's stderr (see ``conftest.py``).
"""

import json
from pathlib import Path

import pytest
from report_cdp import Chromium, find_chromium
from report_samples import SEED_REPORT, SEED_RUN, big_run, hostile_run, write_jsonl

from presse_report.build import build_report, load_run_report

OUTPUT = Path(__file__).parents[3] / "tests" / "output"

# A horizontal SVG line has a zero-height box: one non-zero side is enough.
VISIBLE = """(sel) => Array.from(document.querySelectorAll(sel)).filter(e => {
  const r = e.getBoundingClientRect();
  return (r.width > 0 || r.height > 0) && e.checkVisibility({checkOpacity: true,
    checkVisibilityCSS: true});
}).length"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = find_chromium()
    if binary is None:
        pytest.fail(
            "chromium not found: the browser test needs Debian's chromium "
            "(apt-get install chromium; .ci/run installs it) or PRESSE_CHROMIUM=/path/to/chrome"
        )
    chromium = Chromium(binary, tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.close()


def visible(page, selector: str) -> int:
    return page.evaluate(f"({VISIBLE})({json.dumps(selector)})")


def assert_nothing_left_the_page(page, url: str) -> None:
    requests = [e["request"]["url"] for e in page.events("Network.requestWillBeSent")]
    assert requests[0] == url
    assert all(u == url or u.startswith("data:") for u in requests), requests
    logs = [e["entry"]["text"] for e in page.events("Log.entryAdded")]
    assert not [t for t in logs if "Content Security Policy" in t or "net::" in t], logs
    assert not page.events("Runtime.exceptionThrown")


def test_seed_report_shows_graph_and_passages_side_by_side(browser):
    html = OUTPUT / "report-seed.html"
    build_report(SEED_RUN, html, load_run_report(SEED_REPORT), "presse report: seed articles")
    url = html.resolve().as_uri()
    page = browser.open(url)
    assert page.evaluate("document.body.dataset.ready") == "1"

    # The stance graph is drawn and visible, with FAVOR and AGAINST edges.
    assert visible(page, "#stance-graph") == 1
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('#stance-graph g.link'), g => g.dataset.label)"
    )
    assert {"FAVOR", "AGAINST"} <= set(labels)
    assert visible(page, "#stance-graph path.edge") == len(labels)
    assert page.evaluate("document.querySelector('#strongest').textContent").count("is for") >= 2

    # Clicking an edge lists its evidence sentences.
    page.evaluate(
        "document.querySelector('#stance-graph g.link:last-of-type')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    assert visible(page, "#evidence .ev-list li") >= 1
    assert visible(page, "#evidence .ev-list li mark") >= 1

    # Shared passages: pairs visible, the two sides next to each other, common words marked.
    assert visible(page, "#passages .pair") >= 3
    left, right = page.evaluate(
        "Array.from(document.querySelectorAll('#passages .pair')[0].querySelectorAll('.side'),"
        " s => { const r = s.getBoundingClientRect(); return [r.left, r.top, r.width]; })"
    )
    assert left[1] == right[1] and right[0] >= left[0] + left[2]
    assert visible(page, "#passages .pair mark") >= 3

    # A document opens and its entities show their card on hover.
    page.evaluate("document.querySelector('details.doc').open = true")
    assert visible(page, "details.doc .ent") > 5
    tip = page.evaluate(
        "(() => { const e = document.querySelector('details.doc .ent[data-e]');"
        " const r = e.getBoundingClientRect();"
        " e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: r.x,"
        " clientY: r.y})); const t = document.getElementById('tip');"
        " return t.hidden ? null : t.textContent; })()"
    )
    assert tip and "entity id:" in tip and "mentions in this document" in tip
    assert visible(page, "details.doc .ev") >= 1

    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(OUTPUT / "report-seed.png")
    assert (OUTPUT / "report-seed.png").stat().st_size > 20_000
    assert_nothing_left_the_page(page, url)


def test_markup_in_the_news_does_not_run(browser, tmp_path):
    html = tmp_path / "hostile.html"
    build_report(write_jsonl(tmp_path / "run.jsonl", hostile_run()), html)
    url = html.resolve().as_uri()
    page = browser.open(url)
    assert page.evaluate("document.body.dataset.ready") == "1"
    assert page.evaluate("window.__xss === undefined")
    assert page.evaluate("document.querySelectorAll('main img, main script').length") == 0
    assert "<script>window.__xss=2</script>" in page.evaluate(
        "document.querySelector('details.doc .text').textContent"
    )
    page.evaluate(
        "document.querySelector('#stance-graph g.link')"
        ".dispatchEvent(new MouseEvent('click', {bubbles: true}))"
    )
    assert page.evaluate("window.__xss === undefined")
    # Names that are also JavaScript property names are drawn like any other.
    nodes = page.evaluate(
        "Array.from(document.querySelectorAll('#stance-graph text'), t => t.textContent)"
    )
    assert "Turquie (2)" in nodes and "rebelles (2)" in nodes, nodes
    assert_nothing_left_the_page(page, url)


def test_a_thousand_documents_stay_usable(browser, tmp_path):
    html = tmp_path / "big.html"
    build_report(write_jsonl(tmp_path / "run.jsonl", big_run(1000)), html)
    url = html.resolve().as_uri()
    page = browser.open(url)  # the DevTools client fails the test if the page never loads
    assert page.evaluate("document.body.dataset.ready") == "1"
    assert visible(page, "details.doc") == 20
    assert "page 1 of 50 (1000)" in page.evaluate(
        "document.querySelector('#documents .pager-bar').textContent"
    )
    assert visible(page, "#stance-graph path.edge") >= 2
    # Filtering the graph by date keeps only that year's documents.
    count = page.evaluate(
        "(() => { const f = document.getElementById('f-from'), t = document.getElementById('f-to');"
        " f.value = '2016-01-01'; t.value = '2016-12-31';"
        " f.dispatchEvent(new Event('change')); return document.getElementById('graph-note')"
        ".textContent; })()"
    )
    assert count.startswith("200 positions from 100 document(s)"), count
    # A link to a document on a later page brings that page up.
    page.evaluate("document.querySelector('#passages a[href=\"#doc-999\"]').click()")
    assert visible(page, "#doc-999") == 1 and page.evaluate(
        "document.getElementById('doc-999').open"
    )
    page.screenshot(OUTPUT / "report-1000.png", max_height=3000)
    assert_nothing_left_the_page(page, url)
