"""Normalisation and sentence splitting."""

from presse_dedup.documents import doc_features
from presse_dedup.normalize import dateline_end, words
from presse_dedup.segment import is_boilerplate, split_sentences


def test_french_typography_does_not_change_the_hash():
    a = "L'armée a dit « non » aux manœuvres — 10\u00a0000 soldats."
    b = "L’ARMÉE a dit \u201cnon\u201d aux manoeuvres - 10\u202f000 soldats."
    assert (
        words(a)
        == words(b)
        == ["l", "armée", "a", "dit", "non", "aux", "manoeuvres", "10", "000", "soldats"]
    )
    assert doc_features(a, 1, False, True).exact == doc_features(b, 1, False, True).exact


def test_accent_folding_is_optional():
    assert words("Été à Orléans") == ["été", "à", "orléans"]
    assert words("Été à Orléans", fold_accents=True) == ["ete", "a", "orleans"]


def test_datelines_are_recognised():
    text = "BEYROUTH, 12 déc 2024 (AFP) - Les combats ont repris."
    assert text[dateline_end(text) :] == "Les combats ont repris."
    assert dateline_end("Téhéran (Reuters) — Le ministre a dit.") > 0
    assert dateline_end("Les combats (AFP) ont repris.") == 0
    assert (
        doc_features(text, 1, False, True).exact
        == doc_features("PARIS (AFP) - Les combats ont repris.", 1, False, True).exact
    )


def test_sentences_respect_abbreviations_and_newlines():
    text = "M. Dupont est arrivé. Il a parlé à Mme Durand\nRiposte iranienne\nFin."
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "M. Dupont est arrivé.",
        "Il a parlé à Mme Durand",
        "Riposte iranienne",
        "Fin.",
    ]


def test_boilerplate_lines():
    for line in (
        "Avec AFP",
        "Commentaires",
        "Commentaires 12",
        "Lire aussi : le direct",
        "Par Jean Dupont",
        "(AFP)",
    ):
        assert is_boilerplate(line), line
    assert not is_boilerplate("Par ailleurs, les combats ont repris dans le nord du pays.")


def test_hashes_are_the_same_in_every_process():
    import os
    import subprocess
    import sys

    code = (
        "from presse_dedup.sentences import sentence_features as f\n"
        "t = 'La Russie et l\\'Iran sont les principaux alliés du régime syrien.'\n"
        "s = f(t, 0, len(t), False)\n"
        "print(s.exact, s.anchors)"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1  # a persisted index stays valid in a new process
