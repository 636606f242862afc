from presse_ner.consistency import harmonise_labels
from presse_ner.mentions import Mention


def labels(text: str, found: list[tuple[int, str, bool]]) -> list[str]:
    """``found``: (occurrence index of "Shamkhani", label, titled)."""
    starts = [i for i in range(len(text)) if text.startswith("Shamkhani", i)]
    mentions = [
        Mention(starts[n], starts[n] + 9, label, titled=titled) for n, label, titled in found
    ]
    return [m.label for m in harmonise_labels(mentions, text)]


TEXT = "Shamkhani a dit. Shamkhani a ajouté. Shamkhani a conclu."


def test_the_majority_label_wins():
    assert labels(TEXT, [(0, "PER", False), (1, "PER", False), (2, "LOC", False)]) == ["PER"] * 3


def test_a_title_is_strong_evidence_for_a_person():
    assert labels(TEXT, [(0, "PER", True), (1, "LOC", False), (2, "LOC", False)]) == ["PER"] * 3


def test_a_tie_changes_nothing():
    assert labels(TEXT, [(0, "PER", False), (1, "LOC", False)]) == ["PER", "LOC"]


def test_a_gazetteer_label_decides():
    text = "Alep et Alep"
    mentions = [Mention(0, 4, "PER"), Mention(8, 12, "LOC", "pattern")]
    assert [m.label for m in harmonise_labels(mentions, text)] == ["LOC", "LOC"]
