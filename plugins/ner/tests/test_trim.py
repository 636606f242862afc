from presse_ner.mentions import Mention
from presse_ner.trim import Trimmer


def trimmed(text: str, surface: str, label: str = "LOC", **options) -> tuple[str, Mention]:
    start = text.index(surface)
    mention = Trimmer(**options).trim(Mention(start, start + len(surface), label), text)
    return mention.text(text), mention


def test_leading_determiners_and_punctuation_go():
    assert trimmed("Il vit dans la France profonde.", "la France")[0] == "France"
    assert trimmed("Le retour de l'Iran.", "l'Iran")[0] == "Iran"
    assert trimmed("« Alep », dit-il.", "« Alep »,")[0] == "Alep"
    assert trimmed("Il parle à Lavrov.", "Lavrov.", "PER")[0] == "Lavrov"


def test_names_that_start_like_a_determiner_are_kept():
    assert trimmed("Le général de Gaulle parle.", "de Gaulle", "PER")[0] == "de Gaulle"
    assert (
        trimmed("Nous pêchons dans le lac de Neuchâtel.", "lac de Neuchâtel")[0]
        == "lac de Neuchâtel"
    )
    assert trimmed("En l'an 50 av. J.-C.", "J.-C.", "MISC")[0] == "J.-C."


def test_a_title_stays_in_the_span_but_not_in_the_name():
    text = "Lors de l'appel entre M. Lavrov et son homologue."
    surface, mention = trimmed(text, "M. Lavrov", "PER")
    assert surface == "M. Lavrov"
    assert mention.name(text) == "Lavrov"
    assert mention.titled


def test_titles_can_be_cut_out_of_the_span():
    text = "Lors de l'appel entre M. Lavrov et son homologue."
    surface, mention = trimmed(text, "M. Lavrov", "PER", drop_titles=True)
    assert surface == "Lavrov" and mention.titled


def test_nothing_left_means_no_mention():
    text = "Il a dit « ... » hier."
    start = text.index("«")
    assert Trimmer().trim(Mention(start, start + 7, "MISC"), text) is None
