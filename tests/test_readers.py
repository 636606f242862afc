"""Readers: text articles, JSON Lines, gzip, directories and globs; bad records become errors."""

from __future__ import annotations

import gzip
from pathlib import Path

from presse.default_plugins.readers import GzipJsonlReader, JsonlReader, TextReader
from presse.reading import InputOptions, ReadFailure, Source, plan_inputs

from example_stages import SEEDS, write_jsonl


def read(reader_cls, path: Path, **options) -> list:
    return list(reader_cls(InputOptions(**options)).read(Source(path)))


def test_seed_article_header_becomes_meta_and_leaves_the_text():
    (doc,) = read(TextReader, SEEDS / "000_2864f0dc32cebd5b.txt")
    assert doc.id == "000_2864f0dc32cebd5b"
    assert doc.meta["date"] == "2016-12"
    assert doc.meta["title"] == "Un envoyé spécial de Poutine en Iran"
    assert doc.text.startswith("L'envoyé spécial du président Vladimir Poutine")
    assert "date 2016-12" not in doc.text


def test_article_without_header_keeps_its_first_line():
    (doc,) = read(TextReader, SEEDS / "004_864b1bef05c49bf2.txt")
    assert doc.text.startswith("La Russie a annoncé samedi")
    assert "date" not in doc.meta


def test_text_repairs_bom_and_crlf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfdate 2024-11-30 Titre\r\n\r\nPremier.\r\nSecond.\r\n")
    (doc,) = read(TextReader, path)
    assert doc.meta == {"source": str(path), "date": "2024-11-30", "title": "Titre"}
    assert doc.text == "Premier.\nSecond.\n"


def test_text_that_is_not_utf8_or_is_binary_is_an_error(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Médias".encode("latin-1"))
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (bad,) = read(TextReader, latin)
    assert isinstance(bad, ReadFailure) and bad.reason == "invalid_utf8"
    (png,) = read(TextReader, binary)
    assert isinstance(png, ReadFailure) and png.reason in {"binary_input", "invalid_utf8"}


def test_jsonl_fields_ids_and_meta(tmp_path):
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        [
            {"id": "a", "text": "Bonjour", "lang": "fr"},
            {"text": "Sans identifiant", "meta": {"source": "AFP"}, "date": "2024-11-30"},
            {"id": 7, "text": "Id numérique"},
        ],
    )
    a, b, c = read(JsonlReader, path)
    assert (a.id, a.text, a.meta) == ("a", "Bonjour", {"lang": "fr"})
    assert b.id == "feed:2"
    assert b.meta == {"source": "AFP", "date": "2024-11-30"}
    assert c.id == "7"
    assert b.origin.line == 2 and b.origin.offset == len(path.read_bytes().splitlines(True)[0])


def test_jsonl_custom_field_names(tmp_path):
    path = write_jsonl(tmp_path / "x.jsonl", [{"guid": "g1", "body": "Texte"}])
    (doc,) = read(JsonlReader, path, id_field="guid", text_field="body")
    assert (doc.id, doc.text) == ("g1", "Texte")


def test_jsonl_bad_lines_are_failures_and_reading_goes_on(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "un"}\n'
        b"{not json\n"
        b"[1, 2]\n"
        b'{"id": "t", "text": null}\n'
        b'{"id": "n", "text": 3}\n'
        b'{"id": "m", "text": "x", "meta": "oops"}\n'
        b'{"id": "u", "text": "\xff\xfe"}\n'
        b"\n"
        b'{"id": "ok2", "text": "deux"}'  # no final newline
    )
    items = read(JsonlReader, path)
    reasons = [i.reason if isinstance(i, ReadFailure) else i.id for i in items]
    assert reasons == [
        "ok1",
        "invalid_json",
        "not_an_object",
        "missing_text",
        "missing_text",
        "invalid_meta",
        "invalid_utf8",
        "ok2",
    ]
    assert [i.origin.line for i in items] == [1, 2, 3, 4, 5, 6, 7, 9]


def test_gzip_jsonl_and_a_truncated_archive(tmp_path):
    lines = b"".join(b'{"id": "%d", "text": "ligne %d"}\n' % (i, i) for i in range(2000))
    whole = tmp_path / "feed.jsonl.gz"
    whole.write_bytes(gzip.compress(lines))
    assert [d.id for d in read(GzipJsonlReader, whole)] == [str(i) for i in range(2000)]
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    items = read(GzipJsonlReader, cut)
    assert isinstance(items[-1], ReadFailure) and items[-1].reason == "truncated_input"
    assert all(not isinstance(i, ReadFailure) for i in items[:-1])


def test_directories_and_globs_expand_in_sorted_order(registry, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("deux")
    (tmp_path / "b" / "1.txt").write_text("un")
    (tmp_path / "b" / "notes.md").write_text("ignored")
    write_jsonl(tmp_path / "a.jsonl", [{"text": "x"}])
    plan = plan_inputs(["b", "*.jsonl", "missing.txt"], tmp_path, "auto", registry, tmp_path)
    assert [s.path.name for s, _ in plan.sources] == ["1.txt", "2.txt", "a.jsonl"]
    assert plan.ignored == ["b/notes.md"]
    assert [f.reason for f in plan.failures] == ["input_not_found"]


def test_a_range_of_a_jsonl_file_keeps_lines_offsets_and_default_ids(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [b'{"id": "a", "text": "un"}\n', b'{"text": "deux"}\n', b"\n", b'{"text": "trois"}\n']
    path.write_bytes(b"".join(lines))
    whole = list(JsonlReader(InputOptions()).read(Source(path)))
    start = len(lines[0])
    end = start + len(lines[1]) + len(lines[2])
    part = list(JsonlReader(InputOptions()).read(Source(path, start, end, first_line=2)))
    rest = list(JsonlReader(InputOptions()).read(Source(path, end, None, first_line=4)))
    assert [(d.id, d.origin) for d in part + rest] == [(d.id, d.origin) for d in whole[1:]]
    assert [d.id for d in part + rest] == ["feed:2", "feed:4"]
