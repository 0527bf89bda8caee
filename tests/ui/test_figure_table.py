"""The "Số liệu" table a user searches instead of asking."""

from assistant.answering.sources import FigureEntry
from assistant.ui.figure_table import MAX_ROWS, figure_href, figure_key, figures_html


def entry(figure: str = "20.498", doc_id: str = "thư mục/báo cáo#1.txt", start: int = 40) -> FigureEntry:
    clause = f"số hộ nghèo còn {figure} hộ"
    return FigureEntry(figure=figure, kind="number", clause=clause, doc_id=doc_id, title="Báo cáo <2024>",
                       start=start, end=start + len(figure), clause_start=start - 16,
                       clause_end=start - 16 + len(clause), chunk_id="c1")


def test_a_row_shows_the_figure_its_clause_its_document_and_a_link_back() -> None:
    html = figures_html([entry()], "", total=1)
    assert "Có 1 số liệu" in html
    assert '<td class="so-lieu-so" data-label="Số liệu">20.498</td>' in html
    assert "số hộ nghèo còn <strong>20.498</strong> hộ" in html
    assert "Báo cáo &lt;2024&gt;" in html
    href = figure_href(entry())
    assert f'href="{href}"' in html and figure_key(href) == entry().key


def test_the_summary_says_what_a_search_found() -> None:
    assert "Tìm thấy 1 số liệu khớp với «ho ngheo»" in figures_html([entry()], " ho ngheo ", total=9)
    nothing = figures_html([], "<xyz>", total=9)
    assert "Không tìm thấy" in nothing and "&lt;xyz&gt;" in nothing and "<table" not in nothing
    assert "trống" in figures_html([], "", total=0)


def test_a_huge_table_is_cut_with_a_note() -> None:
    many = [entry(start=40 + i * 100) for i in range(MAX_ROWS + 5)]
    html = figures_html(many, "", total=len(many))
    assert html.count("<tr>") == MAX_ROWS + 1  # plus the header row
    assert f"Đang hiện {MAX_ROWS}" in html


def test_only_table_links_are_figure_links() -> None:
    assert figure_key("#nguon-1-1") is None
