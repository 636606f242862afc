from presse_report.marks import Mark, render, segments


def test_overlapping_marks_nest_in_layer_order():
    text = "Moscou soutient Damas"
    html = render(
        text,
        [
            Mark(16, 21, "ent", "ent ent-LOC", "LOC · syrie", (("e", "syrie"),)),
            Mark(7, 21, "ev", "ev ev-FAVOR", "Moscou → Damas: FAVOR"),
        ],
    )
    assert html == (
        "Moscou "
        '<span class="ev ev-FAVOR" title="Moscou → Damas: FAVOR">soutient </span>'
        '<span class="ev ev-FAVOR" title="Moscou → Damas: FAVOR">'
        '<span class="ent ent-LOC" title="LOC · syrie" data-e="syrie">Damas</span></span>'
    )


def test_text_and_attributes_are_escaped():
    text = '<b>"x"</b>'
    html = render(text, [Mark(0, len(text), "ent", "ent", 'a"<b>', (("e", '"><i>'),))])
    assert "<b>" not in html.replace('<span class="ent"', "")
    assert "&lt;b&gt;" in html and "&quot;&gt;&lt;i&gt;" in html


def test_marks_outside_the_text_are_ignored():
    assert render("abc", [Mark(2, 9, "ent", "ent"), Mark(-1, 2, "ent", "ent")]) == "abc"


def test_same_layer_overlaps_merge_titles():
    html = render(
        "abcd", [Mark(0, 4, "ev", "ev ev-FAVOR", "one"), Mark(2, 4, "ev", "ev ev-AGAINST", "two")]
    )
    assert 'class="ev ev-FAVOR ev-AGAINST mixed" title="one\ntwo">cd' in html


def test_segments_cover_the_whole_text():
    pieces = segments(10, [Mark(2, 5, "ent", "a"), Mark(4, 8, "ev", "b")])
    assert [(a, b) for a, b, _ in pieces] == [(0, 2), (2, 4), (4, 5), (5, 8), (8, 10)]
    assert [len(m) for _, _, m in pieces] == [0, 1, 2, 1, 0]
