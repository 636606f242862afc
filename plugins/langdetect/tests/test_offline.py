"""Detection never touches the network: fresh models load with every socket blocked."""

import socket

import pytest

from presse import Document
from presse_langdetect import LangDetect


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during language detection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("backend", ["hybrid", "fasttext", "lingua"])
def test_models_load_and_detect_offline(no_network, backend):
    languages = ["fr", "en", "de"] if backend == "lingua" else None
    stage = LangDetect(backend=backend, languages=languages)
    stage.setup()  # a fresh stage: the models load now, under the blocked network
    docs = [
        Document.new("1", "Les négociations reprendront lundi à Genève."),
        Document.new("2", "Bonjour"),
        Document.new("3", "Negotiations will resume on Monday in Geneva."),
    ]
    stage.process(docs)
    assert [d["language"]["code"] for d in docs] == ["fr", "fr", "en"]
    assert no_network == []
