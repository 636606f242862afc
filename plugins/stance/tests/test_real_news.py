"""Constructions found in real news reports, each on a sentence written for these tests."""

import pytest

from .stance_testing import find

CASES = [
    # (sentence, holder, target, label)
    ("Le Danemark réclame des sanctions contre la Syldavie.", "Danemark", "sanctions", "FAVOR"),
    ("La ministre Anne Morel veut lutter contre la pauvreté.", "Anne Morel", "pauvreté", "AGAINST"),
    (
        "Le syndicat CGT a fustigé la réforme des retraites.",
        "CGT",
        "réforme des retraites",
        "AGAINST",
    ),
    (
        "Le gouvernement grec compte favoriser le dialogue régional.",
        "Grèce",
        "dialogue régional",
        "FAVOR",
    ),
    (
        "La Syldavie multiplie les manœuvres militaires autour de la Bordurie.",
        "Syldavie",
        "Bordurie",
        "AGAINST",
    ),
    (
        "Le président Karl Weber, de son côté, réclame encore des armes.",
        "Karl Weber",
        "armes",
        "FAVOR",
    ),
    (
        "Le Kremlin a mis en garde Washington contre toute escalade.",
        "Kremlin",
        "Washington",
        "AGAINST",
    ),
    ("La CGT est vent debout contre la réforme du travail.", "CGT", "réforme", "AGAINST"),
    ("Le ministre Jean Roux a exhorté l'Iran à cesser ses tirs.", "Jean Roux", "Iran", "AGAINST"),
    (
        "Il a souligné l'hostilité de Pékin à toute ingérence étrangère.",
        "Pékin",
        "ingérence",
        "AGAINST",
    ),
    (
        "Le président Joe Biden a qualifié Vladimir Poutine de boucher.",
        "Biden",
        "Poutine",
        "AGAINST",
    ),
    ("Zelensky : « Nous soutenons la Moldavie »", "Zelensky", "Moldavie", "FAVOR"),
    (
        "Pour Marine Dupont, Paul Martin prend de bonnes décisions.",
        "Marine Dupont",
        "Paul Martin",
        "FAVOR",
    ),
    (
        "Une banque hongroise a accepté de prêter 5 millions d'euros au parti.",
        "Hongrie",
        "parti",
        "FAVOR",
    ),
    (
        "Lutte contre le racisme : un délégué sera nommé cette année, annonce Marie Roux",
        "Marie Roux",
        "racisme",
        "AGAINST",
    ),
    (
        "Le ministre Paul Roux a répété que « le mandat de Karl Weber n'a pas convaincu ».",
        "Paul Roux",
        "Karl Weber",
        "AGAINST",
    ),
    (
        "Le collectif Stop Charbon appelle les citoyens à boycotter les banques polluantes.",
        "Stop Charbon",
        "banques",
        "AGAINST",
    ),
    ("Marine Le Pen s'en est prise violemment à Emmanuel Macron.", "Le Pen", "Macron", "AGAINST"),
    ("Bruxelles a condamné les frappes russes.", "Bruxelles", "Russie", "AGAINST"),
    ("Les critiques de Pékin contre Washington se multiplient.", "Pékin", "Washington", "AGAINST"),
    ("Le soutien de la Maison-Blanche à Kiev est indéfectible.", "États-Unis", "Kiev", "FAVOR"),
    ('Paul Martin à Anne Roux : "Karl Weber est un chic type"', "Paul Martin", "Weber", "FAVOR"),
    (
        "« La Syldavie ne peut ni ne doit gagner la guerre », a insisté à Berlin "
        "le chef de l'État Karl Weber.",
        "Karl Weber",
        "Syldavie",
        "AGAINST",
    ),
    ("La France a livré des canons Caesar à l'Ukraine.", "France", "Ukraine", "FAVOR"),
    (
        "Cette réforme est critiquée par la classe politique locale.",
        "classe politique",
        "réforme",
        "AGAINST",
    ),
]


@pytest.mark.parametrize(("text", "holder", "target", "label"), CASES)
def test_construction(stances, text, holder, target, label):
    find(stances(text, only_targets=False), holder, target, label)


def test_an_issue_target_says_it_is_an_issue(stances):
    record = find(
        stances("Le Danemark dénonce les sanctions économiques."), "Danemark", "sanctions"
    )
    assert record["target"]["kind"] == "issue"
    assert record["target"]["entity_id"] is None
    start, end = record["target"]["span"]
    assert "sanctions économiques".startswith(record["target"]["text"][:9])
    assert end > start


def test_an_entity_target_keeps_its_entity_id(stances):
    record = find(stances("Le Danemark a condamné la Syldavie."), "Danemark", "Syldavie")
    assert record["target"]["kind"] == "entity"
    assert record["target"]["entity_id"]


def test_one_s_own_values_are_no_issue(stances):
    assert not stances("« Nous devons promouvoir nos valeurs », a déclaré Karl Weber.")


def test_a_pronoun_speaker_points_back_to_the_last_named_actor(stances):
    text = (
        "Le ministre Jean Dupont était à Lyon mardi. "
        "« Nous devons soutenir l'Arménie », a-t-il déclaré."
    )
    record = find(stances(text), "Jean Dupont", "Arménie", "FAVOR")
    assert record["attribution"]["mode"] == "direct_quote"


def test_a_wish_under_a_modal_and_its_negation(stances):
    favor = stances("« La Syldavie doit gagner », a déclaré Jean Dupont.")
    find(favor, "Jean Dupont", "Syldavie", "FAVOR")
    against = stances("« La Syldavie ne doit pas gagner », a déclaré Jean Dupont.")
    find(against, "Jean Dupont", "Syldavie", "AGAINST")


def test_negation_is_not_support(stances):
    records = stances("La Syldavie ne soutient pas la Bordurie.")
    assert not [r for r in records if r["label"] == "FAVOR"]


@pytest.mark.parametrize(
    ("text", "person", "principal"),
    [
        ("Le président américain Joe Biden a condamné la Russie.", "Joe Biden", "États-Unis"),
        (
            "Sergueï Lavrov, le chef de la diplomatie russe, a critiqué l'Otan.",
            "Lavrov",
            "Russie",
        ),
        (
            "Le porte-parole du ministère chinois des Affaires étrangères, Wang Wenbin, "
            "a dénoncé les sanctions.",
            "Wang Wenbin",
            "Chine",
        ),
    ],
)
def test_a_title_in_the_text_gives_the_principal(stances, text, person, principal):
    record = next(r for r in stances(text) if person in r["holder"]["text"])
    assert record["holder"]["principal"] == principal


def test_configured_principals_override_the_text(stances):
    text = "Le président américain Joe Biden a condamné la Russie."
    records = stances(text, principals={"Joe Biden": "Maison Blanche"})
    assert records[0]["holder"]["principal"] == "Maison Blanche"


def test_a_condition_is_no_stance(stances):
    assert not stances("Si la Syldavie attaque la Bordurie, la guerre sera totale.")


def test_a_quote_split_from_its_reporting_verb_keeps_its_speaker(stances):
    text = "« Ce dictateur doit partir », a déclaré Kaja Kallas à propos du président."
    record = find(stances(text), "Kaja Kallas", "dictateur", "AGAINST")
    assert record["attribution"]["mode"] == "direct_quote"


def test_a_nominal_stance_is_not_given_to_whoever_is_quoted_beside_it(stances):
    text = (
        "Selon le porte-parole du Kremlin, Dmitri Peskov, les livraisons d'armes "
        "occidentales à Kiev sont une provocation."
    )
    records = stances(text)
    assert not [r for r in records if "Peskov" in r["holder"]["text"] and r["label"] == "FAVOR"]
    find(records, "occidentales", "Kiev", "FAVOR")


def test_condemning_an_arrest_is_not_against_the_arrested(stances):
    records = stances("Londres a condamné l'arrestation de l'opposant Alexeï Navalny.")
    assert not [r for r in records if "Navalny" in r["target"]["text"]]


def test_refusing_to_support_is_no_support(stances):
    assert not [r for r in stances("Varsovie refuse de soutenir Kiev.") if r["label"] == "FAVOR"]


def test_a_label_in_quotation_marks_is_a_jibe(stances):
    text = "Jean-Luc Mélenchon a qualifié la réforme de « sketch à la Ubu »."
    record = find(stances(text), "Mélenchon", "réforme", "AGAINST")
    assert record["confidence"] < 0.8  # weaker than a cue word


def test_a_quoted_label_that_is_a_cue_keeps_its_own_polarity(stances):
    records = stances("Anne Hidalgo a qualifié Paul Martin de « héros ».")
    assert {r["label"] for r in records} == {"FAVOR"}


def test_a_pronoun_speaker_after_an_inverted_named_speaker(stances):
    text = (
        "Ce vendredi, des navires russes ont franchi la ligne médiane, a annoncé le "
        "gouvernement géorgien. « Cet exercice militaire russe est un acte hautement "
        "provocateur », a-t-il protesté."
    )
    record = find(stances(text), "géorgien", "russe", "AGAINST")
    assert record["holder"]["canonical"] == "Géorgie"
    assert record["target"]["canonical"] == "Russie"


def test_a_pronoun_speaker_goes_back_to_the_source_named_by_pour(stances):
    text = (
        "Pour Claire Dumont, Paul Martin prend de bonnes décisions. « Il faut arrêter "
        "les subventions », a-t-elle déclaré dans l'émission Le Grand Débat."
    )
    record = find(stances(text), "Claire Dumont", "subventions", "AGAINST")
    assert record["attribution"]["mode"] == "direct_quote"
    assert not [r for r in stances(text) if r["holder"]["text"] in ("Paul Martin", "Grand Débat")]


def test_what_is_called_for_is_the_callers_stance(stances):
    text = (
        "Le collectif Stop Charbon appelle les citoyens à faire pression sur les banques "
        "pour arrêter le financement du charbon."
    )
    records = stances(text)
    find(records, "Stop Charbon", "financement", "AGAINST")
    assert not [r for r in records if "citoyens" in r["holder"]["text"]]


def test_a_purpose_clause_is_the_wish_of_the_main_clause(stances):
    text = "Le G20 a réitéré son appel à la Syldavie pour qu'elle mette fin à la guerre."
    record = find(stances(text), "G20", "guerre", "AGAINST")
    assert record["holder"]["text"] != "Syldavie"


def test_the_authors_own_evaluation_is_a_weak_author_stance(stances):
    record = find(
        stances("La politique désastreuse du gouvernement russe a ruiné le pays."),
        "AUTHOR",
        "Russie",
        "AGAINST",
    )
    assert record["attribution"]["mode"] == "author"
    assert record["confidence"] < 0.5


def test_a_label_in_news_prose_is_no_author_stance(stances):
    assert not stances("Les jihadistes ont attaqué la ville.")
