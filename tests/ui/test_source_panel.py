"""The source panel: the passage or whole document, the cited clause marked in place."""

from assistant.answering.sources import DocumentText
from assistant.ui.source_panel import MARK_ID, display_date, document_html, passage_html, safe_url
from tests.ui.test_render import SENTENCE, citation


def test_the_passage_marks_the_clause_and_links_to_the_whole_text_and_the_original() -> None:
    html = passage_html(citation(), "[1]")
    assert f'<mark class="trich-dan" id="{MARK_ID}">số hộ nghèo toàn tỉnh còn <strong>20.498</strong>' in html
    assert 'href="#toan-van"' in html
    assert 'href="https://example.org/bai" target="_blank" rel="noopener noreferrer"' in html
    assert "Sở LĐ-TB&amp;XH · 31/12/2024" in html


def test_only_web_addresses_become_links() -> None:
    assert safe_url("javascript:alert(1)") is None and safe_url("http://x.vn/a") == "http://x.vn/a"
    assert "Xem bản gốc" not in passage_html(citation(url="javascript:alert(1)"), "[1]")


def test_the_whole_document_marks_the_cited_clause_where_it_stands() -> None:
    text = "x" * 100 + SENTENCE + "\nĐoạn sau <i>."
    document = DocumentText("bao-cao.txt", "Báo cáo", text, None, "2024", None, exact=False)
    html = document_html(document, citation())
    assert f'{"x" * 100}Theo báo cáo sơ bộ, <mark class="trich-dan" id="{MARK_ID}">số hộ' in html
    assert "Đoạn sau &lt;i&gt;." in html and 'href="#doan-trich"' in html
    assert "Tệp gốc đã thay đổi" in html  # a rebuilt text says so


def test_dates_read_the_vietnamese_way() -> None:
    assert display_date("2024-12-31") == "31/12/2024"
    assert display_date("Quý IV/2024") == "Quý IV/2024" and display_date(None) is None
