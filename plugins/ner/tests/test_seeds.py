"""The seed articles through the shipped config (md model + news gazetteer)."""

from .conftest import spans


def entity(doc, text):
    return [e for e in doc["entities"] if e["text"] == text]


def test_raw_model_errors_on_the_seeds_are_gone(seeds):
    first, second = seeds
    found = spans(first) + spans(second)
    assert ("Bachar al-Assad", "LOC") not in found
    assert ("Bachar al-Assad", "PER") in found
    assert ("Hayat Tahrir al-Sham", "ORG") in found
    assert ("HTS", "ORG") in found and ("Al-Qaïda", "ORG") in found
    assert ("ministère russe des Affaires étrangères", "ORG") in found
    texts = {t for t, _ in found}
    assert not {"Riposte", "Riposte iranienne", "Commentaires", "AFP"} & texts


def test_surnames_and_titles_link_to_the_full_name(seeds):
    first, second = seeds
    ids = {e["entity_id"] for e in entity(first, "Shamkhani") + entity(first, "M. Shamkhani")}
    assert ids == {entity(first, "Ali Shamkhani")[0]["entity_id"]}
    assert entity(second, "M. Lavrov")[0]["canonical"] == "Sergueï Lavrov"
    assert {e["canonical"] for e in entity(second, "Assad")} == {"Bachar al-Assad"}
    assert (
        entity(second, "HTS")[0]["entity_id"]
        == entity(second, "Hayat Tahrir al-Sham")[0]["entity_id"]
    )


def test_ids_link_mentions_across_the_two_articles(seeds):
    ids = [{e["entity_id"] for e in doc["entities"]} for doc in seeds]
    assert {"russie", "iran", "alep", "bachar-al-assad"} <= ids[0] & ids[1]
