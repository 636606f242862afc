"""Property tests: the readers, the writer and the config loader never crash on any input."""

from __future__ import annotations

import io

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presse.config import parse_config
from presse.default_plugins.readers import JsonlReader, TextReader
from presse.document import Document
from presse.errors import ConfigError
from presse.reading import InputOptions, ReadFailure, Source
from presse.writing import JsonlWriter, dumps_line

text = st.text(st.characters(exclude_categories=("Cs",)))  # lone surrogates are not UTF-8
json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | text
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)
record = st.fixed_dictionaries(
    {
        "id": text.filter(bool),
        "text": text,
        "meta": st.dictionaries(
            text.filter(lambda k: k not in {"id", "text", "meta"}), json_value, max_size=4
        ),
    }
)
MANY = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class BytesSource(Source):
    def __new__(cls, data: bytes):
        self = super().__new__(cls)
        object.__setattr__(self, "path", None)
        object.__setattr__(self, "_data", data)
        return self

    def __init__(self, data: bytes) -> None:
        pass

    def open_binary(self):
        return io.BytesIO(self._data)


@MANY
@given(st.lists(record, max_size=8))
def test_written_records_read_back_identical(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("roundtrip") / "out.jsonl"
    writer = JsonlWriter(path)
    writer.write([dumps_line(Document(r)) for r in records])
    writer.commit()
    back = list(JsonlReader(InputOptions()).read(Source(path)))
    assert [(d.id, d.text, d.meta) for d in back] == [
        (r["id"], r["text"], r["meta"]) for r in records
    ]


@MANY
@given(st.lists(st.binary(max_size=60), max_size=10))
def test_jsonl_reader_turns_any_bytes_into_documents_or_failures(lines):
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    items = list(JsonlReader(InputOptions()).read(BytesSource(data)))
    assert all(isinstance(i, Document | ReadFailure) for i in items)
    body = data.removeprefix(b"\xef\xbb\xbf")  # a leading byte-order mark is dropped
    expected = sum(1 for line in body.split(b"\n") if line.strip())
    assert len(items) == expected


@MANY
@given(st.binary(max_size=200))
def test_text_reader_never_raises(data):
    (item,) = TextReader(InputOptions()).read(BytesSource(data))
    assert isinstance(item, Document | ReadFailure)


@MANY
@given(st.text(max_size=200))
def test_config_loader_rejects_any_text_cleanly(registry, source):
    try:
        parse_config(source, "fuzz.yaml", registry=registry)
    except ConfigError as error:
        assert error.issues
        assert all(issue.message for issue in error.issues)


@MANY
@given(
    st.dictionaries(
        st.sampled_from(["version", "input", "output", "run", "pipeline", "pipline", "extra"]),
        json_value,
        max_size=5,
    )
)
def test_config_loader_rejects_any_structure_cleanly(registry, data):
    try:
        parse_config(yaml.safe_dump(data), "fuzz.yaml", registry=registry)
    except ConfigError as error:
        assert error.issues
