from report_samples import small_run

from presse_report.stances import edge_weights, evidence_sentence, stance_rows


def test_rows_name_nodes_and_keep_the_evidence_sentence():
    names: dict[str, str] = {}
    rows = stance_rows(1, small_run()[1], names)
    assert names == {"turkey": "Turquie", "rebels": "rebelles", "russia": "Moscou"}
    doc, holder, target, label, _kind, _conf, sentence, a, b, speaker, mode, negated = rows[1]
    assert (doc, holder, target, label) == (1, "russia", "rebels", "AGAINST")
    assert sentence == "Moscou condamne les rebelles."
    assert sentence[a:b] == "condamne"
    assert (speaker, mode, negated) == ("AUTHOR", "author", False)


def test_edges_weigh_mentions_across_documents():
    names: dict[str, str] = {}
    run = small_run()
    rows = stance_rows(0, run[0], names) + stance_rows(1, run[1], names)
    assert edge_weights(rows)[("turkey", "rebels", "FAVOR")] == 2


def test_evidence_without_sentence_falls_back_to_the_evidence_text():
    record = {"text": "abc def"}
    assert evidence_sentence(record, {"evidence": {"text": "quoted"}}) == ("quoted", 0, 6)
    assert evidence_sentence(record, {"evidence": {"start": 4, "end": 7}}) == ("def", 0, 3)
    assert evidence_sentence(record, {}) == ("", 0, 0)
