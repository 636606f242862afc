"""Document level: republished dispatches cluster under their first publication."""

import random

import pytest
from conftest import run

from presse import PresseError
from presse_dedup import Dedup

CLUSTERS = {
    "grele": {"grele", "grele-retyped", "grele-toulouse"},
    "tram": {"tram", "tram-edited", "tram-long"},
    "greve": {"greve", "greve-long"},
    "musee": {"musee"},
    "foot": {"foot"},
}


def test_republications_link_to_the_first_publication(republished):
    stage = Dedup(paraphrase=False)
    out = run(stage, republished)

    for rep, members in CLUSTERS.items():
        assert {i for i, d in out.items() if d["cluster"] == rep} == members
        assert out[rep]["duplicate_of"] is None and out[rep]["similarity"] is None
        for member in members - {rep}:
            assert out[member]["duplicate_of"] == rep
            assert 0.5 <= out[member]["similarity"] <= 1.0
    summary = stage.summary()
    assert summary["duplicates"] == 5 and summary["clusters_with_copies"] == 3
    # typography only (’ « » narrow spaces) is an exact duplicate
    assert out["grele-retyped"]["similarity"] == 1.0
    # another dateline is ignored
    assert out["grele-toulouse"]["similarity"] == 1.0


def test_output_is_deterministic_and_independent_of_batching(republished):
    first = run(Dedup(paraphrase=False), republished, batch_size=3)
    second = run(Dedup(paraphrase=False), republished, batch_size=100)
    assert first == second


def test_the_representative_is_the_earliest_in_input_order(republished):
    shuffled = list(republished)
    random.Random(7).shuffle(shuffled)
    out = run(Dedup(paraphrase=False), shuffled)
    order = [i for i, _ in shuffled]
    for members in CLUSTERS.values():
        earliest = min(members, key=order.index)
        assert {out[m]["cluster"] for m in members} == {earliest}


def test_time_window_keeps_old_copies_apart(republished):
    from presse import Document

    docs = [
        Document.new("a", republished[0][1], {"date": "2016-12-20"}),
        Document.new("b", republished[2][1], {"date": "2024-11-30"}),
        Document.new("c", republished[5][1], {"date": "2016-12-22"}),
    ]
    out = run(Dedup(paraphrase=False, passages=False, window_days=30), docs)
    assert out["b"]["duplicate_of"] is None
    assert out["c"]["duplicate_of"] == "a"


def test_persisted_index_links_a_second_run_to_the_first(republished, tmp_path):
    index = tmp_path / "idx" / "dedup.index"
    firsts = [item for item in republished if item[0] in ("grele", "tram", "greve")]
    copies = [item for item in republished if item[0] not in ("grele", "tram", "greve")]

    stage = Dedup(paraphrase=False, index=str(index))
    run(stage, firsts)
    stage.teardown()
    assert index.exists() and [p.name for p in index.parent.iterdir()] == ["dedup.index"]

    again = Dedup(paraphrase=False, index=str(index))
    out = run(again, copies)
    assert out["grele-retyped"]["duplicate_of"] == "grele"
    assert out["tram-edited"]["cluster"] == "tram"
    assert out["greve-long"]["cluster"] == "greve"
    assert out["musee"]["duplicate_of"] is None
    # passages of the new run point into documents of the first run
    assert {p["other_id"] for p in out["tram-edited"]["passages"]} == {"tram"}
    again.teardown()
    assert Dedup(paraphrase=False, index=str(index)).describe() == {"index": str(index)}

    # running the first documents again: they are not their own duplicates
    third = run(Dedup(paraphrase=False, index=str(index)), firsts)
    for doc_id, _ in firsts:
        assert third[doc_id]["duplicate_of"] is None
        assert all(p["other_id"] != doc_id for p in third[doc_id]["passages"])


def test_persisted_index_refuses_other_parameters(republished, tmp_path):
    index = tmp_path / "dedup.index"
    stage = Dedup(paraphrase=False, index=str(index))
    run(stage, republished[:2])
    stage.teardown()
    with pytest.raises(PresseError, match="num_perm: index has 128, config has 64"):
        Dedup(paraphrase=False, index=str(index), num_perm=64, bands=16).setup()
    # thresholds only affect verification: allowed
    Dedup(paraphrase=False, index=str(index), threshold=0.7).setup()


def test_empty_text_is_skipped_not_linked():
    from presse import Document

    docs = [Document.new("a", "..."), Document.new("b", " - ")]
    out = run(Dedup(paraphrase=False), docs)
    assert out["b"]["duplicate_of"] is None and out["b"]["cluster"] == "b"


def test_a_short_dispatch_inside_a_long_article_is_found_by_containment():
    from corpus import EXTRA, STORIES, original

    long_article = "\n\n".join([*EXTRA["tram"], *STORIES["greve"], *EXTRA["greve"]])
    items = [("dispatch", original("greve")), ("article", long_article)]
    # the article repeats every sentence of the dispatch: found through the passage index,
    # as the word sets are too different in size for MinHash to propose the pair
    out = run(Dedup(paraphrase=False), items)
    assert out["article"]["duplicate_of"] == "dispatch"
    assert out["article"]["similarity"] == 1.0
    strict = run(Dedup(paraphrase=False, containment=1.01), items)
    assert strict["article"]["duplicate_of"] is None


def test_a_resumed_run_continues_identically(republished, tmp_path):
    whole = run(Dedup(paraphrase=False), republished)

    first = Dedup(paraphrase=False)
    out = run(first, republished[:5])
    first.save_state(tmp_path)
    resumed = Dedup(paraphrase=False)
    resumed.setup()
    resumed.load_state(tmp_path)
    out |= run(resumed, republished[5:])
    assert out == whole
    assert resumed.summary()["documents"] == len(republished)
    assert resumed.summary()["duplicates"] == 5


def test_run_summary_for_the_report(republished):
    stage = Dedup(paraphrase=False)
    assert stage.summary() == {}
    run(stage, republished)
    summary = stage.summary()
    assert summary["largest_clusters"][0] == {"cluster": "grele", "copies": 2}
    assert summary["passage_links"] == sum(summary["passage_links_by_kind"].values()) > 0


@pytest.mark.parametrize("num_perm", [3, 64, 128, 256, 2048])
def test_matching_counts_equal_minhash_values(num_perm):
    import numpy as np

    from presse_dedup.documents import matching

    rng = np.random.default_rng(num_perm)
    digests = rng.integers(0, 3, (50, num_perm)).astype(np.uint32)
    digest = rng.integers(0, 3, num_perm).astype(np.uint32)

    expected = [sum(int(a == b) for a, b in zip(row, digest, strict=True)) for row in digests]
    assert matching(digests, digest).tolist() == expected
    assert matching(digests, digests).tolist() == [num_perm] * 50  # a row per row
