from presse import Document
from presse_ner.junk import JunkFilter
from presse_ner.mentions import Mention

from .conftest import SMALL, spans


def kept(text: str, *surfaces: str, source: str = "model") -> list[str]:
    mentions = [Mention(text.index(s), text.index(s) + len(s), "ORG", source) for s in surfaces]
    return [m.text(text) for m in JunkFilter()(mentions, text)]


def test_single_letters_stop_words_and_lower_case_debris_go():
    text = "Selon X, l'Etat et galais ont parlé avec Moscou."
    assert kept(text, "X", "Etat", "galais", "Moscou") == ["Moscou"]


def test_boilerplate_lines_go_even_for_gazetteer_names():
    text = "L'Iran a protesté.\nAvec AFP\nCommentaires"
    assert kept(text, "AFP", source="pattern") == []
    assert kept(text, "Commentaires") == []
    assert kept(text, "Iran") == ["Iran"]


def test_a_heading_that_reads_as_a_phrase_goes():
    text = "L'Iran a protesté.\nRiposte iranienne\nL'Iran a affirmé samedi."
    assert kept(text, "Riposte iranienne") == []


def test_a_heading_word_capitalised_only_by_its_position_goes(ner):
    text = (
        "Les rebelles sont entrés vendredi à Alep.\nRiposte iranienne\n"
        "L'Iran a affirmé samedi que des éléments terroristes avaient attaqué son consulat."
    )
    found = [t for t, _ in spans(ner(text))]
    assert "Iran" in found and "Alep" in found
    assert not any(t.startswith("Riposte") for t in found)


def test_a_name_after_a_person_title_is_not_asked_again():
    """A title says the capital belongs to a name, even where a sentence seems to start."""
    junk = JunkFilter(titles=("M.", "Mme"))
    text = "Il a parlé. M. Shamkhani a ajouté. Mme Ozturk aussi. Shamkhani a conclu."
    after = [junk._after_title(text, text.index(w)) for w in ("Shamkhani", "Ozturk", "Il")]
    assert after == [True, True, False]
    assert not junk._after_title(text, text.rindex("Shamkhani"))


def test_a_republished_sentence_asks_the_model_once(stage):
    """The verdict on a window is remembered: a dispatch repeated word for word costs no
    second model call, and gives the same entities."""
    ner = stage(models=SMALL)
    text = "Moscou a condamné l'attaque. Téhéran a répondu samedi par un communiqué."
    junk = ner.post["fr"].junk
    junk.verdicts.clear()
    first = ner.process([Document.new("a", text)])[0]["entities"]
    remembered = dict(junk.verdicts)
    again = ner.process([Document.new("b", text), Document.new("c", text)])
    assert remembered and junk.verdicts == remembered  # nothing new was asked
    assert [d["entities"] for d in again] == [first, first]
