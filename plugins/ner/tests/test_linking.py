from presse_ner.linking import initials, link, name_words, records
from presse_ner.mentions import Mention
from presse_ner.normalize import entity_id


def linked(text: str, *found: tuple[str, str]) -> dict[str, str]:
    """Link mentions given as (surface, label), first occurrences; → {surface: canonical}."""
    mentions = [Mention(text.index(s), text.index(s) + len(s), label) for s, label in found]
    return {m.text(text): canonical for m, canonical in link(mentions, text)}


def test_a_surname_links_to_the_full_name():
    text = "Ali Shamkhani a parlé. Shamkhani a ajouté."
    assert linked(text, ("Ali Shamkhani", "PER"), ("Shamkhani", "PER")) == {
        "Ali Shamkhani": "Ali Shamkhani",
        "Shamkhani": "Ali Shamkhani",
    }


def test_name_particles_are_ignored():
    assert name_words("Bachar al-Assad") == ("bachar", "assad")
    text = "Bachar al-Assad tient Damas. Le régime d'Assad résiste."
    assert linked(text, ("Bachar al-Assad", "PER"), ("Assad", "PER"))["Assad"] == "Bachar al-Assad"


def test_an_acronym_links_to_the_name_it_abbreviates():
    assert initials("Hayat Tahrir al-Sham") == "HTS"
    assert initials("Organisation des Nations unies") == "ONU"
    text = "L'Organisation des Nations unies (ONU) se réunit."
    assert (
        linked(text, ("Organisation des Nations unies", "ORG"), ("ONU", "ORG"))["ONU"]
        == "Organisation des Nations unies"
    )


def test_a_place_is_not_taken_for_a_surname():
    text = "Gaston Paris enseigne à Paris."
    start = text.index("à Paris") + 2
    mentions = [Mention(0, 12, "PER"), Mention(start, start + 5, "LOC")]
    assert [c for _, c in link(mentions, text)] == ["Gaston Paris", "Paris"]


def test_an_ambiguous_surname_stays_unlinked():
    text = "George Bush et Jeb Bush. Bush a parlé."
    found = linked(text, ("George Bush", "PER"), ("Jeb Bush", "PER"))
    start = text.rindex("Bush")
    mentions = [Mention(0, 11, "PER"), Mention(15, 23, "PER"), Mention(start, start + 4, "PER")]
    assert link(mentions, text)[-1][1] == "Bush"
    assert found["George Bush"] == "George Bush"


def test_ids_are_folded_and_stable_across_documents():
    assert entity_id("Sergueï Lavrov") == entity_id("SERGUEI  LAVROV") == "serguei-lavrov"
    assert entity_id("Al-Qaïda") == entity_id("al Qaida")
    one, two = "M. Lavrov est arrivé.", "Sergueï Lavrov, puis M. Lavrov."
    rec_one = records(link([Mention(0, 9, "PER", name_start=3, titled=True)], one), one)
    title = two.index("M. Lavrov")
    rec_two = records(
        link(
            [
                Mention(0, 14, "PER"),
                Mention(title, title + 9, "PER", name_start=title + 3, titled=True),
            ],
            two,
        ),
        two,
    )
    assert rec_two[1]["canonical"] == "Sergueï Lavrov"
    assert rec_two[0]["entity_id"] == rec_two[1]["entity_id"] == "serguei-lavrov"
    assert rec_one[0]["entity_id"] == "lavrov"  # no full name in that document
