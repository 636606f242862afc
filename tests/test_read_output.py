"""Reading a run's output back (tools that read runs: the report, the exports)."""

from __future__ import annotations

import gzip

import pytest

from presse.outputs import read_output

LINES = b'{"id": "a", "text": "x"}\n\n{not json\n[1, 2]\n{"id": "b", "text": "y"}\n'


@pytest.mark.parametrize("name", ["run.jsonl", "run.jsonl.gz"])
def test_each_line_comes_back_with_its_number_and_none_where_it_is_not_a_record(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(gzip.compress(LINES) if name.endswith(".gz") else LINES)
    assert list(read_output(path)) == [
        (1, {"id": "a", "text": "x"}),
        (3, None),  # not JSON
        (4, None),  # JSON, not an object
        (5, {"id": "b", "text": "y"}),
    ]
