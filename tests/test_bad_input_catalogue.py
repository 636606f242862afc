"""The bad-input catalogue: every case gives an error record or a documented repair, a count
in the report, and the run goes on. Afterwards read = written + failed + filtered."""

from __future__ import annotations

import gzip
import os
from collections import Counter

import orjson
import pytest

from presse.config import parse_config
from presse.errors import ConfigError

GOOD = b'{"id": "good-%d", "text": "Texte valide."}\n'


def catalogue(root) -> dict[str, bytes]:
    """File name → content. Each file also holds good records, which must survive."""
    nested = b"[" * 5000 + b"]" * 5000
    whole_gz = gzip.compress(b"".join(GOOD % i for i in range(100, 400)))
    return {
        "invalid-utf8.jsonl": GOOD % 1 + b'{"id": "u", "text": "caf\xe9"}\n',
        "bom.jsonl": b"\xef\xbb\xbf" + GOOD % 2,
        "crlf.jsonl": GOOD.replace(b"\n", b"\r\n") % 3,
        "truncated-last-line.jsonl": GOOD % 4 + b'{"id": "cut", "text": "coup',
        "malformed.jsonl": GOOD % 5 + b"{'id': 'single quotes'}\n",
        "not-an-object.jsonl": GOOD % 6 + b'"just a string"\n[1, 2]\n',
        "missing-text.jsonl": b'{"id": "nt"}\n{"id": "null", "text": null}\n'
        b'{"id": "num", "text": 42}\n' + GOOD % 7,
        "empty-texts.jsonl": b'{"id": "empty", "text": ""}\n{"id": "blank", "text": "  \\n "}\n',
        "huge.jsonl": b'{"id": "huge", "text": "' + b"a" * 50_000_000 + b'"}\n' + GOOD % 8,
        "binary.txt": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" + os.urandom(512),
        "nul-bytes.jsonl": b'{"id": "nul", "text": "a\\u0000b"}\n',
        "long-line.jsonl": b'{"id": "long", "text": "' + b"mot " * 500_000 + b'"}\n',
        "duplicate-ids.jsonl": GOOD % 9 + GOOD % 9,
        "deeply-nested.jsonl": b'{"id": "deep", "text": "x", "meta": {"a": ' + nested + b"}}\n",
        "nested-300.jsonl": b'{"id": "d300", "text": "x", "a": ' + b"[" * 300 + b"]" * 300 + b"}\n",
        "invalid-meta.jsonl": b'{"id": "badmeta", "text": "x", "meta": [1]}\n',
        "empty.jsonl": b"",
        "truncated.jsonl.gz": whole_gz[: len(whole_gz) // 2],
        "crlf-article.txt": b"date 2024-11-30 Titre\r\n\r\nPremier paragraphe.\r\n",
    }


@pytest.fixture
def bad_inputs(tmp_path):
    root = tmp_path / "inputs"
    root.mkdir()
    for name, content in catalogue(root).items():
        (root / name).write_bytes(content)
    (root / "dangling.jsonl").symlink_to(root / "does-not-exist.jsonl")
    return root


def test_every_bad_input_is_accounted_for(bad_inputs, run_config, tmp_path):
    out = run_config(
        "run: {max_document_chars: 3000000}\npipeline: [{stage: upper}]",
        [bad_inputs, tmp_path / "missing.jsonl"],
    )
    report = out.report
    assert report.status == "ok"
    assert report.balanced, report.to_dict()["documents"]
    reasons = Counter(e["reason"] for e in out.errors)
    assert reasons == {
        "invalid_utf8": 2,  # a line with latin-1 bytes; the binary .txt
        "invalid_json": 3,  # truncated last line, single quotes, deep nesting
        "not_an_object": 2,
        "missing_text": 3,  # absent, null, a number
        "document_too_long": 1,  # 50 MB, above run.max_document_chars
        "invalid_meta": 1,
        "too_deeply_nested": 1,  # 300 levels: readable, but deeper than presse can write
        "truncated_input": 1,  # the gzip cut in half
        "unreadable_input": 1,  # the dangling symlink
        "input_not_found": 1,
    }
    written = {r["id"] for r in out.records}
    good = {f"good-{i}" for i in range(1, 10)}
    assert good <= written
    assert {"empty", "blank", "nul", "long"} <= written  # odd but valid documents go through
    gz_ids = {i for i in written if i.startswith("good-") and int(i[5:]) >= 100}
    assert gz_ids == {f"good-{i}" for i in range(100, 100 + len(gz_ids))} and gz_ids
    assert report.duplicate_ids == 1 and report.duplicate_examples == ["good-9"]
    assert [r["text"] for r in out.records if r["id"] == "crlf-article"] == [
        "Premier paragraphe.\n"
    ]
    invalid = next(e for e in out.errors if e["source"].endswith("invalid-utf8.jsonl"))
    assert invalid["reason"] == "invalid_utf8" and invalid["line"] == 2
    assert "raw_base64" in invalid
    cut = next(e for e in out.errors if e.get("source", "").endswith("truncated-last-line.jsonl"))
    assert cut["line"] == 2 and cut["raw"].startswith('{"id": "cut"')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pipeline: [{stage: upper, lenght: 3}]", "did you mean 'length'?"),
        ("run: {batch_size: lots}\npipeline: [{stage: upper}]", "valid integer"),
        ("pipeline: [{stage: nope}]", "unknown stage 'nope'"),
        ("pipeline: [{stage: upper}]\nx: !!python/object:os.system {}", "is not allowed"),
        (
            "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            "pipeline: [{stage: upper}]",
            "more than 100000 values",
        ),
        ("pipeline: [{stage: upper}", "not valid YAML"),
        ("- just\n- a list", "a config is a mapping"),
    ],
)
def test_bad_configs_are_errors_not_crashes(registry, text, expected):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "bad.yaml", registry=registry)
    assert expected in str(caught.value)


def test_error_records_are_valid_json_lines(bad_inputs, run_config, tmp_path):
    run_config("pipeline: [{stage: upper}]", [bad_inputs])
    for line in (tmp_path / "out.errors.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        assert {"reason", "message", "stage"} <= set(record)
