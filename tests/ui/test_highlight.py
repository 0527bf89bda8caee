"""The marked source text a reader checks: exact, escaped, properly nested."""

from assistant.ui.highlight import figure_spans, marked_html

TEXT = "Số hộ nghèo còn 20.498 hộ (4,61%), giảm 4.171 hộ."


def test_marks_the_clause_and_bolds_its_figures_in_document_coordinates() -> None:
    base = 1000  # the passage starts at offset 1000 of its document
    clause = (base, base + TEXT.index("),") + 1)
    html = marked_html(TEXT, base, clause, figure_spans(TEXT, base, clause))
    assert html.startswith(
        '<mark class="trich-dan">Số hộ nghèo còn <strong>20.498</strong> hộ (<strong>4,61%</strong>)')
    assert html.endswith("</mark>, giảm 4.171 hộ.")  # the figure outside the clause stays plain


def test_source_markup_is_shown_as_text() -> None:
    html = marked_html("<script>alert(1)</script> & 5%", 0, (0, 8))
    assert "<script>" not in html
    assert html == '<mark class="trich-dan">&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; 5%'


def test_spans_outside_the_text_are_clipped_and_bold_crossing_the_mark_nests() -> None:
    html = marked_html("abcdef", 10, (5, 13), [(12, 14)], mark_id="m")
    assert html == '<mark class="trich-dan" id="m">ab<strong>c</strong></mark><strong>d</strong>ef'


def test_no_mark_gives_plain_escaped_text() -> None:
    assert marked_html("a < b", 0, None) == "a &lt; b"
    assert figure_spans(TEXT, 0, (500, 600)) == []
