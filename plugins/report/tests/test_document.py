from report_samples import NEW, small_run

from presse_report.document import (
    entity_marks,
    language_marks,
    party,
    passage_marks,
    render_document,
    stance_marks,
)
from presse_report.records import doc_info


def test_entities_carry_label_and_id():
    marks = entity_marks(small_run()[0])
    assert [(m.classes, dict(m.data)["e"]) for m in marks][:2] == [
        ("ent ent-LOC", "russia"),
        ("ent ent-LOC", "turkey"),
    ]


def test_stance_evidence_is_titled_holder_target_label():
    marks = stance_marks(small_run()[1])
    assert [m.title for m in marks] == [
        "Turquie → rebelles: FAVOR (support)",
        "Moscou → rebelles: AGAINST (condemnation)",
    ]
    assert marks[1].classes == "ev ev-AGAINST"


def test_only_spans_in_another_language_are_marked():
    marks = language_marks(small_run()[1])
    assert [(m.start, m.end, m.title) for m in marks] == [(0, 12, "language: en (0.70)")]


def test_author_holder_reads_as_the_article():
    assert party({"text": "AUTHOR"}) == ("AUTHOR", "the article (author)")
    assert party("Moscou") == ("moscou", "Moscou")
    assert party(None) == ("?", "?")


def test_broken_annotations_are_skipped_not_fatal():
    record = {
        "id": "x",
        "text": NEW,
        "entities": [None, {"start": 0}, {"start": 0, "end": 6, "label": 3}],
        "stances": ["junk", {"label": "MAYBE", "evidence": {"start": 0, "end": 4}}],
        "language": {"code": "fr", "spans": "none"},
        "dedup": [],
    }
    html = render_document(doc_info(0, record), record)
    assert 'class="ent ent-MISC"' in html and 'class="ev ev-NONE"' in html
    assert "2 positions" in html and "3 entities" in html


def test_document_section_is_collapsed_and_linkable():
    html = render_document(doc_info(1, small_run()[1]), small_run()[1])
    assert html.startswith('<details class="doc pg-item" id="doc-1"')
    assert "2024-11-30" in html and "Alep en 2024" in html
    assert "1 shared passages" in html


def test_shared_passages_are_marked_with_their_kind_and_other_document():
    (mark,) = passage_marks(small_run()[1])
    assert NEW[mark.start : mark.end] == "la Turquie soutient les rebelles à Alep."
    assert (mark.classes, mark.title) == ("psg psg-verbatim", "verbatim passage, shared with old")
