from report_samples import NEW, OLD, small_run

from presse_report.passages import PassageTable, passage_links, sentence_around
from presse_report.sections import render_passages
from presse_report.words import highlight, shared_words


def test_common_words_ignore_case_and_function_words():
    assert shared_words("La Turquie soutient les rebelles", "les REBELLES que soutient Ankara") == {
        "soutient",
        "rebelles",
    }


def test_highlight_marks_common_words_and_escapes_the_rest():
    assert highlight("<b>Alep</b> brûle", {"alep"}) == "&lt;b&gt;<mark>Alep</mark>&lt;/b&gt; brûle"


def test_sentence_around_uses_sentences_when_given_else_punctuation():
    text = "Un. Deux trois. Quatre"
    assert sentence_around(text, 8, 11) == (4, 15)
    assert sentence_around(text, 8, 11, [[0, 3], [4, 15], [16, 22]]) == (4, 15)
    assert sentence_around(text, 17, 20) == (16, 22)


def test_links_are_completed_from_the_other_document_and_deduplicated():
    old, new = small_run()
    table = PassageTable()
    table.add(passage_links(new, "new"))
    table.add(passage_links(new, "new"))  # same link twice: kept once
    wanted = table.missing()
    assert list(wanted) == ["old"]
    table.fill(wanted, "old", old)
    assert table.missing() == {}
    (link,) = table.links.values()
    assert link.right.text == "La Turquie soutient les rebelles à Alep."
    assert link.left.before == "Selon Ankara, "


def test_older_document_goes_left_and_groups_follow_kind_order():
    _old, new = small_run()
    table = PassageTable()
    table.add(passage_links(new, "new"))
    grouped = table.grouped({"old": ("2016-12", 0), "new": ("2024-11-30", 1)})
    assert list(grouped) == ["verbatim"]
    ((pair, links),) = grouped["verbatim"].items()
    assert pair == ("old", "new")
    assert links[0].left.doc_id == "old"


def test_links_to_documents_not_in_the_output_say_so():
    _old, new = small_run()
    table = PassageTable()
    table.add(passage_links(new, "new"))
    html = render_passages(table.grouped({}), {})
    assert "text not in this output" in html and "not in this output" in html


def test_invalid_passages_are_skipped():
    record = {"text": NEW, "dedup": {"passages": [{"start": 0, "end": 999}, {"start": 0}, 3]}}
    assert passage_links(record, "x") == []
    assert OLD  # the sample texts exist
