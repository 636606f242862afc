"""Each kind of cue, in sentences written for these tests (not taken from the seeds)."""

import pytest

from .stance_testing import find

CASES = [
    # (sentence, holder, target, label, kind)
    ("L'Allemagne soutient fermement l'Ukraine.", "Allemagne", "Ukraine", "FAVOR", "support"),
    ("Le Qatar a financé le Hamas pendant des années.", "Qatar", "Hamas", "FAVOR", "support"),
    (
        "La Biélorussie est un allié fidèle de la Russie.",
        "Biélorussie",
        "Russie",
        "FAVOR",
        "alliance",
    ),
    (
        "Le Japon a renforcé sa coopération avec l'Australie.",
        "Japon",
        "Australie",
        "FAVOR",
        "cooperation",
    ),
    (
        "Le président Joe Biden a salué le courage de Volodymyr Zelensky.",
        "Biden",
        "Zelensky",
        "FAVOR",
        "praise",
    ),
    (
        "Le Premier ministre Viktor Orban a défendu Vladimir Poutine.",
        "Orban",
        "Poutine",
        "FAVOR",
        "defense",
    ),
    ("La Norvège a fermement condamné la Russie.", "Norvège", "Russie", "AGAINST", "condemnation"),
    ("L'Inde a critiqué le Pakistan lors du sommet.", "Inde", "Pakistan", "AGAINST", "criticism"),
    (
        "Le Caire a mis l'échec des négociations sur le compte de l'Ethiopie.",
        "Caire",
        "Ethiopie",
        "AGAINST",
        "blame",
    ),
    ("Kiev accuse Moscou de crimes de guerre.", "Kiev", "Moscou", "AGAINST", "accusation"),
    (
        "Les talibans ont lancé une offensive contre les forces du Front national de résistance.",
        "talibans",
        "Front national",
        "AGAINST",
        "hostile_action",
    ),
    (
        "Le Canada a imposé des sanctions contre la Birmanie.",
        "Canada",
        "Birmanie",
        "AGAINST",
        "sanction",
    ),
    ("La Chine a menacé Taïwan de représailles.", "Chine", "Taïwan", "AGAINST", "threat"),
    (
        "Des milliers de Serbes ont manifesté contre le gouvernement d'Aleksandar Vucic.",
        "Serbes",
        "Vucic",
        "AGAINST",
        "protest",
    ),
    (
        "La Tunisie a rompu avec la Libye après l'incident.",
        "Tunisie",
        "Libye",
        "AGAINST",
        "refusal",
    ),
    (
        "Le Maroc a exprimé son inquiétude face aux manœuvres de l'Algérie.",
        "Maroc",
        "Algérie",
        "AGAINST",
        "concern",
    ),
]


@pytest.mark.parametrize(
    ("text", "holder", "target", "label", "kind"), CASES, ids=[c[4] for c in CASES]
)
def test_cue_kind(stances, text, holder, target, label, kind):
    record = find(stances(text), holder, target, label)
    assert record["kind"] == kind


@pytest.mark.parametrize(
    ("text", "holder", "target", "label"),
    [
        ("La sénatrice Anne Duval s'est dite opposée à la réforme.", "Duval", "réforme", "AGAINST"),
        ("Les syndicats se sont montrés hostiles au projet.", "syndicats", "projet", "AGAINST"),
        (
            "La ministre Claire Morel s'est dite « très favorable […] à l'accord ».",
            "Morel",
            "accord",
            "FAVOR",
        ),
    ],
    ids=["feminine", "plural", "quote-cut"],
)
def test_an_adjective_cue_agrees_with_its_holder(stances, text, holder, target, label):
    find(stances(text), holder, target, label)  # the lexicon lists "opposé", "hostile"...


def test_labelling_by_the_speaker(stances):
    records = stances(
        "Le président Kassym-Jomart Tokaïev a qualifié les manifestants de « terroristes »."
    )
    record = find(records, "Tokaïev", "manifestants", "AGAINST")
    assert record["kind"] == "labelling"


def test_labelling_inside_a_quote_belongs_to_the_quoted_speaker(stances):
    text = (
        "« Nous ne négocierons jamais avec les terroristes », a déclaré le président Ilham Aliev."
    )
    record = find(stances(text), "Aliev", "terroristes", "AGAINST")
    assert record["attribution"]["mode"] == "direct_quote"
    assert record["attribution"]["speaker"] == "Ilham Aliev"


def test_labelling_in_the_authors_own_voice_is_not_a_stance(stances):
    assert stances("Les mercenaires du groupe Wagner sont arrivés à Bamako.") == []


def test_framing_liberation_favours_who_took_the_city(stances):
    text = (
        "« La libération de Kherson par l'armée ukrainienne est une victoire », a dit Olaf Scholz."
    )
    record = find(stances(text), "Scholz", "ukrainienne", "FAVOR")
    assert record["kind"] == "framing"
