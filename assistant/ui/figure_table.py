"""The "Số liệu" table: every figure of the knowledge base, what it measures, where it is."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote, unquote

from assistant.answering.sources import FigureEntry
from assistant.ui.highlight import marked_html

LINK_PREFIX = "#so-lieu-"
MAX_ROWS = 300  # more would make a phone crawl; the search narrows it


def figure_href(entry: FigureEntry) -> str:
    return LINK_PREFIX + quote(entry.key, safe="")


def figure_key(href: str) -> str | None:
    """The FigureEntry key a table link points to, or None for any other link."""
    if not href.startswith(LINK_PREFIX):
        return None
    return unquote(href[len(LINK_PREFIX) :])


def _row(entry: FigureEntry) -> str:
    clause = marked_html(entry.clause, entry.clause_start, None, [(entry.start, entry.end)])
    return (
        "<tr>"
        f'<td class="so-lieu-so" data-label="Số liệu">{html.escape(entry.figure)}</td>'
        f'<td data-label="Nội dung">{clause}</td>'
        f'<td data-label="Tài liệu">{html.escape(entry.title)}</td>'
        f'<td><a class="so-lieu-xem" href="{figure_href(entry)}">Xem đoạn trích</a></td>'
        "</tr>"
    )


def figures_html(entries: Sequence[FigureEntry], query: str, total: int) -> str:
    """The table for a search (`query` may be empty), with a count a reader can trust."""
    shown = entries[:MAX_ROWS]
    if not total:
        summary = "Chưa có số liệu nào: kho tài liệu đang trống."
    elif not query.strip():
        summary = f"Có {total} số liệu trong kho tài liệu."
    elif not entries:
        summary = f"Không tìm thấy số liệu nào khớp với «{html.escape(query.strip())}»."
    else:
        summary = f"Tìm thấy {len(entries)} số liệu khớp với «{html.escape(query.strip())}»."
    if len(entries) > len(shown):
        summary += f" Đang hiện {len(shown)} số liệu đầu; hãy thêm từ khoá để thu hẹp."
    if not shown:
        return f'<p class="so-lieu-tom-tat" role="status">{summary}</p>'
    return (
        f'<p class="so-lieu-tom-tat" role="status">{summary}</p>'
        '<table class="so-lieu"><thead><tr><th scope="col">Số liệu</th><th scope="col">Nội dung</th>'
        '<th scope="col">Tài liệu</th><th scope="col"><span class="an">Nguồn</span></th></tr></thead>'
        f"<tbody>{''.join(_row(entry) for entry in shown)}</tbody></table>"
    )
