"""The langdetect stage as a pipeline sees it."""

import pytest
from pydantic import ValidationError

from presse import Document
from presse_langdetect import LangDetect


def test_seed_articles_are_french_with_high_confidence(detect, seed_articles):
    assert len(seed_articles) >= 2
    for path in seed_articles:
        language = detect(path.read_text(encoding="utf-8"))
        assert language["code"] == "fr", path.name
        assert language["confidence"] > 0.9
        assert language["script"] == "Latin"
        assert language["candidates"][0]["code"] == "fr"
        assert len(language["candidates"]) == 3


@pytest.mark.parametrize("backend", ["hybrid", "fasttext", "lingua"])
def test_each_backend_through_the_stage(detect, backend):
    language = detect(
        "La police a ouvert une enquête après l'incendie de l'entrepôt.", backend=backend
    )
    assert language["code"] == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "12 345,67 - 2024",
        "!!! ??? ...",
        "https://www.example.com/2024/05/article-123.html",
        "contact@example.org",
    ],
)
def test_no_letters_means_und_and_a_skip(stage, text):
    (doc,) = stage().process([Document.new("x", text)])
    assert doc["language"] == {"code": "und", "confidence": 0.0, "candidates": []}
    assert doc.skipped == "no letters"


def test_min_confidence_turns_weak_guesses_into_und(detect):
    assert detect("Paris")["code"] != "und"  # the default still guesses on one word
    assert detect("Paris", min_confidence=0.99)["code"] == "und"
    assert detect("Le gouvernement a démissionné ce matin.", min_confidence=0.9)["code"] == "fr"


def test_headlines_and_shouted_headlines(detect):
    assert detect("Poutine reçoit Erdogan au Kremlin")["code"] == "fr"
    assert detect("LA BOURSE DE PARIS CHUTE DE 5 %")["code"] == "fr"


def test_french_full_of_foreign_names_stays_french(detect):
    text = (
        "Mohammad Javad Zarif, Sergueï Lavrov et Mevlüt Çavusoglu ont rencontré "
        "Staffan de Mistura à Astana."
    )
    assert detect(text)["code"] == "fr"


def test_spans_split_a_french_article_quoting_english(detect, mixed_fr_en):
    language = detect(mixed_fr_en, mode="spans")
    assert language["code"] == "fr"
    spans = language["spans"]
    assert [s["code"] for s in spans] == ["fr", "en"]
    assert spans[0]["start"] == 0 and spans[-1]["end"] == len(mixed_fr_en)
    assert mixed_fr_en[spans[1]["start"] :].startswith("The minister said")
    assert all(0 < s["confidence"] <= 1 for s in spans)


def test_spans_use_sentences_from_an_earlier_stage(stage):
    text = "Bonjour à toutes et à tous, merci d'être venus. Thank you all for coming here today."
    cut = text.index("Thank")
    doc = Document.new("x", text, sentences=[[0, cut - 1], [cut, len(text)]])
    stage(mode="spans").process([doc])
    assert [(s["start"], s["end"], s["code"]) for s in doc["language"]["spans"]] == [
        (0, cut - 1, "fr"),
        (cut, len(text), "en"),
    ]


def test_document_mode_writes_no_spans(detect, mixed_fr_en):
    assert "spans" not in detect(mixed_fr_en)


def test_languages_lingua_lacks_are_fine_for_the_hybrid(detect):
    assert (
        detect("Demat deoc'h, penaos emañ ar bed ganeoc'h hiziv ?", languages=["fr", "br"])["code"]
        == "br"
    )
    with pytest.raises(ValueError, match="lingua does not know"):
        LangDetect(backend="lingua", languages=["fr", "br"]).setup()


def test_languages_restricts_the_answer(detect):
    language = detect("Der Bundeskanzler hat gestern eine Rede gehalten.", languages=["fr", "en"])
    assert language["code"] in {"fr", "en"}
    assert {c["code"] for c in language["candidates"]} <= {"fr", "en"}


def test_keep_filters_other_languages(stage):
    docs = [
        Document.new("fr", "Le président a reçu hier son homologue allemand à l'Élysée."),
        Document.new("de", "Der Präsident hat gestern den französischen Kollegen empfangen."),
        Document.new("num", "2024"),
    ]
    stage(keep=["fr"]).process(docs)
    assert [d.filtered for d in docs] == [
        None,
        "language de not in keep",
        "language und not in keep",
    ]


def test_params_are_checked():
    with pytest.raises(ValidationError):
        LangDetect.Params(backend="cld3")
    with pytest.raises(ValidationError):
        LangDetect.Params(min_confidence=1.5)
    with pytest.raises(ValidationError):
        LangDetect.Params(keep=[])


def test_describe_names_the_models(stage):
    facts = stage().describe()
    assert facts["backend"] == "hybrid"
    assert "lid.176.ftz" in facts["model"] and "lingua" in facts["model"]


def test_records_match_the_published_schema(detect, mixed_fr_en):
    schema = LangDetect.output_schema["language"]
    language = detect(mixed_fr_en, mode="spans")
    assert set(schema["required"]) <= set(language) <= set(schema["properties"])
    span_keys = set(schema["properties"]["spans"]["items"]["required"])
    assert all(set(span) == span_keys for span in language["spans"])


def test_a_short_quotation_in_another_script_gets_its_own_span(detect):
    text = (
        "Le ministre a cité un proverbe lors de sa visite à Séoul, devant la presse. "
        "그는 새벽에 왔다. Puis il a repris son discours en français, sous les bravos."
    )
    codes = [s["code"] for s in detect(text, mode="spans")["spans"]]
    assert codes == ["fr", "ko", "fr"]


def test_a_short_line_in_the_same_script_does_not_switch_language(detect):
    text = (
        "Le gouvernement a confirmé mardi la hausse des tarifs de l'électricité.\n"
        "Avec AFP\n"
        "La mesure entrera en vigueur au premier février, selon le ministère."
    )
    assert [s["code"] for s in detect(text, mode="spans")["spans"]] == ["fr"]
