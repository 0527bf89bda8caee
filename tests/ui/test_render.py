"""Chat messages: a typed question shows as typed, an answer's [n] leads to its source."""

import re

from assistant.answering.answer import Answer, Citation
from assistant.ui.render import answer_html, notice_html, parse_cite_href, question_html, streaming_html

SENTENCE = "Theo báo cáo sơ bộ, số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%), giảm 4.171 hộ."


def citation(n: int = 1, **changes: object) -> Citation:
    clause = SENTENCE.index("số hộ")
    fields: dict[str, object] = dict(
        n=n, document="bao-cao.txt", title="Báo cáo <năm> 2024", url="https://example.org/bai",
        quote=SENTENCE, start=100, end=100 + len(SENTENCE), highlight_start=100 + clause,
        highlight_end=100 + SENTENCE.index("),") + 1, publisher="Sở LĐ-TB&XH", date="2024-12-31",
        passage=SENTENCE, passage_start=100,
    )
    fields.update(changes)
    return Citation(**fields)  # type: ignore[arg-type]


def test_markup_and_markdown_in_a_question_show_as_typed() -> None:
    shown = question_html('<script>alert("x")</script> **đậm** [1](javascript:x)\n\n# tiêu đề')
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "**đậm** [1](javascript:x) # tiêu đề" in shown
    assert "\n" not in shown  # one HTML block: Markdown never gets a line of its own


def test_each_marker_links_to_its_citation_and_the_quote_marks_the_clause() -> None:
    answer = Answer("Theo báo cáo, số hộ nghèo còn 20.498 hộ (4,61%) [1].", True, [citation()])
    shown = answer_html(answer, turn=3)
    assert '(4,61%) <a class="cite" href="#nguon-3-1" title="Xem nguồn [1]">[1]</a>.' in shown
    assert re.search(r'<mark class="trich-dan">số hộ nghèo toàn tỉnh còn <strong>20\.498</strong>', shown)
    assert "Báo cáo &lt;năm&gt; 2024" in shown and "31/12/2024" in shown and "Sở LĐ-TB&amp;XH" in shown
    assert "\n" not in shown


def test_a_marker_without_a_citation_stays_text_and_a_refusal_has_no_sources() -> None:
    answer = Answer("Có hai nguồn [1] [2] và <b>thẻ</b>.", True, [citation()])
    shown = answer_html(answer, turn=0)
    assert shown.count('class="cite"') == 2  # [1] in the text and in the source line, never [2]
    assert "[2]" in shown and "&lt;b&gt;thẻ&lt;/b&gt;" in shown
    refusal = answer_html(Answer("Báo cáo không có thông tin.", False, []), turn=0)
    assert "Nguồn" not in refusal and "cite" not in refusal


def test_citation_links_round_trip_and_other_links_are_not_citations() -> None:
    assert parse_cite_href("#nguon-12-2") == (12, 2)
    for other in ("#nguon-1", "#so-lieu-x", "https://x/#nguon-1-1", "#nguon-1-1x"):
        assert parse_cite_href(other) is None


def test_progress_and_notices_escape_their_text() -> None:
    assert "Đang tìm" in streaming_html("")
    assert "a &lt;i&gt;" in streaming_html("a <i>")
    assert "&lt;b&gt;" in notice_html("<b>")
