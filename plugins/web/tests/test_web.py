"""Saved pages, the same pages in a web archive, and feeds, read as news documents."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson

from presse_web.archive import http_response, warc_record, write_warc

from .pages import BODIES, EMPTY_PAGE, page

EMPTY = "pipeline: []\n"


def pages_folder(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "alep.html").write_bytes(page("alep"))
    (folder / "port.html.gz").write_bytes(gzip.compress(page("port")))
    return folder


def test_a_folder_of_pages_gives_one_article_per_page(run, tmp_path):
    out = run(EMPTY, [pages_folder(tmp_path)])
    records = {r["id"]: r for r in out["records"]}
    assert set(records) == {"alep", "port"}
    alep = records["alep"]
    assert (
        alep["text"].startswith("Alep, la bataille reprend")
        or "quartiers de l'est" in (alep["text"])
    )
    for paragraph in BODIES["alep"][1]:
        assert paragraph in alep["text"]
    assert "Accueil" not in alep["text"] and "mentions légales" not in alep["text"]
    assert "web_page" not in alep  # the raw page never reaches the output
    meta = alep["meta"]
    assert meta["date"] == "2024-11-30" and meta["sitename"] == "Le Quotidien"
    assert meta["author"] == "Claire Dumont" and meta["source"].endswith("alep.html")
    assert out["report"].read == 2 and out["report"].written == 2


def test_the_same_pages_in_a_web_archive_give_the_same_articles(run, tmp_path):
    from_pages = run(EMPTY, [pages_folder(tmp_path)], name="pages")["records"]
    archive = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            ("https://quotidien.example/alep", page("alep")),
            ("https://quotidien.example/port", page("port")),
        ],
    )
    out = run(EMPTY, [archive], name="archive")
    assert [r["text"] for r in out["records"]] == [r["text"] for r in from_pages]
    first = out["records"][0]
    assert first["meta"]["url"] == "https://quotidien.example/alep"
    assert first["meta"]["warc_date"] == "2024-11-30T10:00:00Z"
    assert first["meta"]["warc_record_id"].startswith("<urn:uuid:")
    # the request records hold no document: counted apart, not read, not errors
    assert dict(out["report"].not_documents) == {"WARC request record": 2}
    assert out["report"].read == 2 and out["report"].failed == 0


def test_records_that_hold_no_page_are_counted_by_reason(run, tmp_path):
    archive = tmp_path / "mixed.warc"
    date = "2024-11-30T10:00:00Z"
    archive.write_bytes(
        warc_record("warcinfo", "", b"software: a crawler\r\n", date)
        + warc_record("response", "https://x.example/a", http_response(page("alep")), date)
        + warc_record(
            "response", "https://x.example/logo", http_response(b"\x89PNG", "image/png"), date
        )
        + warc_record(
            "response",
            "https://x.example/cut",
            http_response(page("port")),
            date,
            extra="WARC-Truncated: length\r\n",
        )
        + warc_record("metadata", "https://x.example/a", b"fetchTimeMs: 120\r\n", date)
    )
    out = run(EMPTY, [archive])
    assert [r["meta"]["url"] for r in out["records"]] == ["https://x.example/a"]
    assert dict(out["report"].not_documents) == {
        "WARC warcinfo record": 1,
        "WARC response not HTML": 1,
        "WARC response truncated": 1,
        "WARC metadata record": 1,
    }
    assert out["report"].balanced


def test_a_page_without_an_article_is_filtered_with_its_reason(run, tmp_path):
    folder = pages_folder(tmp_path)
    (folder / "login.html").write_bytes(EMPTY_PAGE)
    out = run(EMPTY, [folder])
    assert [r["id"] for r in out["filtered"]] == ["login"]
    assert out["filtered"][0]["filtered"] == {
        "stage": "web_extract",
        "reason": "no article body in the page (1 word)",
    }
    assert "web_page" not in out["filtered"][0]
    assert out["report"].filtered == 1 and out["report"].balanced


def test_broken_files_are_error_records_naming_the_file(run, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "cut.html.gz").write_bytes(gzip.compress(page("alep"))[:40])
    (folder / "empty.html").write_bytes(b"  \n")
    (folder / "bad.warc.gz").write_bytes(b"not an archive at all")
    out = run(EMPTY, [folder])
    errors = {e["source"].rsplit("/", 1)[-1]: e["reason"] for e in out["errors"]}
    assert errors["cut.html.gz"] == "unreadable_input"
    assert errors["empty.html"] == "missing_text"
    assert "bad.warc.gz" in errors
    assert out["report"].balanced


def test_extraction_runs_in_the_worker_processes_with_the_same_result(run, tmp_path):
    folder = pages_folder(tmp_path)
    one = run(EMPTY, [folder], workers=1, name="one")
    two = run(EMPTY, [folder], workers=2, name="two")
    assert one["records"] == two["records"]
    assert two["report"].stages["web_extract"].docs == 2  # a stage like any other


def test_feed_entries_are_documents(run, tmp_path):
    feed = tmp_path / "monde.rss"
    feed.write_text(
        """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Le Quotidien — Monde</title>
<item><title>Alep</title><link>https://quotidien.example/alep</link>
<guid>alep-2024</guid><pubDate>Sat, 30 Nov 2024 08:00:00 GMT</pubDate>
<description>Résumé court.</description>
<content:encoded><![CDATA[<p>Les forces gouvernementales ont repris samedi plusieurs
quartiers.</p><p>Des milliers d'habitants ont fui.</p>]]></content:encoded></item>
<item><title>Marseille</title><link>https://quotidien.example/port</link>
<description>Le port modernise ses quais.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    out = run(EMPTY, [feed])
    first, second = out["records"]
    assert first["id"] == "alep-2024" and "Des milliers d'habitants ont fui." in first["text"]
    assert "Résumé" not in first["text"]  # the full content wins over the summary
    assert first["meta"]["date"] == "2024-11-30T08:00:00Z"
    assert first["meta"]["feed"] == "Le Quotidien — Monde"
    assert second["id"] == "https://quotidien.example/port"
    assert second["text"] == "Le port modernise ses quais."


def test_an_xml_file_that_is_no_feed_is_an_error(run, tmp_path):
    sitemap = tmp_path / "plan.xml"
    sitemap.write_text("<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>")
    out = run(EMPTY, [sitemap])
    assert [e["reason"] for e in out["errors"]] == ["not_a_feed"]


def test_the_web_config_runs_the_four_analysis_stages_on_pages(tmp_path, monkeypatch):
    """configs/web-fr.yaml on two pages written for this test and the same pages archived."""
    from presse.config import load_config
    from presse.registry import build_registry
    from presse.runner import Run

    monkeypatch.delenv("PRESSE_PLUGINS", raising=False)
    registry = build_registry()
    repo = Path(__file__).resolve().parents[3]
    folder = pages_folder(tmp_path)
    archive = write_warc(
        tmp_path / "crawl.warc.gz",
        [(f"https://quotidien.example/{key}", page(key)) for key in ("alep",)],
    )
    config = load_config(repo / "configs" / "web-fr.yaml", registry=registry)
    out = tmp_path / "web.jsonl"
    report = Run(
        config, [str(folder), str(archive)], str(out), registry=registry, progress=False
    ).execute()
    records = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    assert report.status == "ok" and report.balanced and len(records) == 3
    alep = next(r for r in records if r["id"] == "alep")
    assert alep["language"]["code"] == "fr"
    assert {"Alep", "Londres"} <= {e["text"] for e in alep["entities"]}
    assert "stances" in alep and "dedup" in alep
    copy = next(r for r in records if r["meta"].get("url"))  # the archived copy of alep
    assert copy["dedup"]["duplicate_of"] == "alep"
