"""Sentence structure: coordination, negation, passives, quotes, "selon", relatives, principals."""

from .stance_testing import find


def test_coordinated_holders_give_one_record_each(stances):
    records = stances("L'Iran et la Russie soutiennent le régime syrien.")
    find(records, "Iran", "Syrie", "FAVOR")
    find(records, "Russie", "Syrie", "FAVOR")
    assert len(records) == 2


def test_coordinated_targets_give_one_record_each(stances):
    records = stances("Le guide suprême Ali Khamenei a accusé les États-Unis et Israël.")
    find(records, "Khamenei", "États-Unis", "AGAINST")
    find(records, "Khamenei", "Israël", "AGAINST")


def test_negation_cancels_the_stance(stances):
    assert stances("La Turquie ne soutient pas les rebelles kurdes.") == []


def test_negated_records_are_kept_as_none_on_request(stances):
    records = stances("La Turquie ne soutient pas les rebelles kurdes.", keep_none=True)
    record = find(records, "Turquie", "rebelles", "NONE")
    assert record["negated"] is True


def test_passive_voice_swaps_holder_and_target(stances):
    records = stances("Les rebelles syriens sont soutenus par la Turquie.")
    find(records, "Turquie", "rebelles", "FAVOR")
    assert not any(r["holder"]["text"].startswith("rebelles") for r in records)


def test_apposition_names_the_holder(stances):
    records = stances("Le président a reçu la Biélorussie, alliée de la Russie, à Moscou.")
    find(records, "Biélorussie", "Russie", "FAVOR")


def test_relative_clause_subject_is_its_antecedent(stances):
    records = stances("Les talibans ont reçu le Pakistan, qui soutient le nouveau régime afghan.")
    find(records, "Pakistan", "régime", "FAVOR")


def test_direct_quote_attributed_to_the_reporting_verbs_subject(stances):
    text = "« Nous condamnons la Russie », a déclaré jeudi le chancelier allemand Olaf Scholz."
    record = find(stances(text), "Scholz", "Russie", "AGAINST")
    assert record["attribution"]["mode"] == "direct_quote"
    assert record["attribution"]["cue"] == "déclaré"


def test_selon_makes_the_source_the_speaker(stances):
    text = "Selon le ministre Sergueï Lavrov, les groupes terroristes menacent la population."
    record = find(stances(text), "Lavrov", "groupes terroristes", "AGAINST")
    assert record["attribution"] == {
        "speaker": "Sergueï Lavrov",
        "mode": "indirect",
        "cue": "Selon",
        "cue_span": [0, 5],
    }


def test_demonym_and_capital_stand_for_the_country(stances):
    records = stances("Le ministère russe des Affaires étrangères a critiqué Washington.")
    find(records, "Russie", "États-Unis", "AGAINST")


def test_principal_maps_a_spokesperson_to_the_state(stances):
    text = "Le porte-parole Esmaeil Baghaei a condamné l'attaque menée par des éléments armés."
    params = {"principals": {"Esmaeil Baghaei": "Iran"}}
    record = find(stances(text, **params), "Esmaeil Baghaei", "éléments armés", "AGAINST")
    assert record["holder"]["canonical"] == "Iran"
    assert record["holder"]["principal"] == "Iran"
    # a later mention by surname only is mapped too
    record = find(
        stances("M. Baghaei a dénoncé les États-Unis.", **params), "Baghaei", "États-Unis"
    )
    assert record["holder"]["principal"] == "Iran"


def test_condemning_an_attack_is_against_its_author(stances):
    record = find(
        stances("La France a condamné l'attaque menée par le Hamas."), "France", "Hamas", "AGAINST"
    )
    assert record["kind"] == "condemnation"


def test_hedged_stance_has_lower_confidence(stances):
    plain = find(stances("La Chine soutient la Russie."), "Chine", "Russie", "FAVOR")
    hedged = find(stances("La Chine soutiendrait la Russie."), "Chine", "Russie", "FAVOR")
    assert hedged["confidence"] < plain["confidence"]


def test_principal_can_be_a_target_id(stances):
    targets = [{"id": "ru", "name": "Russie", "aliases": ["Moscou"]}]
    text = "Le porte-parole Dmitri Peskov a dénoncé les États-Unis."
    record = find(
        stances(text, targets=targets, only_targets=False, principals={"Dmitri Peskov": "ru"}),
        "Peskov",
        "États-Unis",
    )
    assert (record["holder"]["entity_id"], record["holder"]["canonical"]) == ("ru", "Russie")
