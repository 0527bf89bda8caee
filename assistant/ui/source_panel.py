"""The "Nguồn" panel: a cited passage or a whole document, the cited clause marked.

Links inside the panel (`#toan-van`, `#doan-trich`) are handled by the page
script and come back to Python as panel clicks; they never leave the page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlsplit

from assistant.answering.answer import Citation
from assistant.answering.sources import DocumentText
from assistant.ui.highlight import Span, figure_spans, marked_html

WHOLE_DOCUMENT = "#toan-van"
BACK_TO_PASSAGE = "#doan-trich"
MARK_ID = "trich-dan"

PLACEHOLDER = (
    '<section class="nguon nguon-trong"><p class="nguon-nhan">Nguồn</p>'
    "<p>Bấm vào số <strong>[1]</strong> trong câu trả lời, hoặc «Xem đoạn trích» trong bảng "
    "Số liệu, để xem đoạn văn gốc với số liệu được đánh dấu.</p></section>"
)


def display_date(date: str | None) -> str | None:
    """'2024-12-31' -> '31/12/2024'; anything else as written."""
    if date and len(date) == 10 and date[4] == "-" and date[7] == "-" and date.replace("-", "").isdigit():
        return f"{date[8:10]}/{date[5:7]}/{date[0:4]}"
    return date


def safe_url(url: str | None) -> str | None:
    """Only web addresses become links; a sidecar's `javascript:` never does."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def _details(publisher: str | None, date: str | None, location: str | None = None) -> str:
    parts = [p for p in (publisher, display_date(date), location) if p]
    return f'<p class="nguon-chi-tiet">{html.escape(" · ".join(parts))}</p>' if parts else ""


def _original_link(url: str | None) -> str:
    link = safe_url(url)
    if not link:
        return ""
    return (f'<a class="nguon-goc" href="{html.escape(link)}" target="_blank" '
            f'rel="noopener noreferrer">Xem bản gốc ↗</a>')


def passage_html(citation: Citation, label: str, bold: Sequence[Span] | None = None) -> str:
    """The cited chunk with the answer's clause marked and its figures (or just `bold`) in bold."""
    mark = (citation.highlight_start, citation.highlight_end)
    if bold is None:
        bold = figure_spans(citation.passage, citation.passage_start, mark)
    body = marked_html(citation.passage, citation.passage_start, mark, bold, MARK_ID)
    links = [f'<a class="nguon-toan-van" href="{WHOLE_DOCUMENT}">Đọc toàn văn (đoạn này được đánh dấu)</a>',
             _original_link(citation.url)]
    return (
        f'<section class="nguon" aria-label="Nguồn {html.escape(label)}">'
        f'<p class="nguon-nhan">Nguồn {html.escape(label)}</p>'
        f'<h3 class="nguon-tieu-de">{html.escape(citation.title or citation.document)}</h3>'
        f"{_details(citation.publisher, citation.date, citation.location)}"
        f'<blockquote class="nguon-doan">{body}</blockquote>'
        f'<p class="nguon-lien-ket">{" · ".join(link for link in links if link)}</p>'
        "</section>"
    )


def document_html(document: DocumentText, citation: Citation, bold: Sequence[Span] | None = None) -> str:
    """The whole document, the cited clause marked where it stands."""
    mark = (citation.highlight_start, citation.highlight_end)
    if bold is None:
        bold = figure_spans(document.text, 0, mark)
    body = marked_html(document.text, 0, mark, bold, MARK_ID)
    note = "" if document.exact else (
        '<p class="nguon-luu-y">Tệp gốc đã thay đổi sau lần nạp gần nhất; đây là văn bản đã nạp '
        "vào chỉ mục (phần giữa các đoạn có thể thiếu).</p>"
    )
    original = _original_link(document.url)
    return (
        f'<section class="nguon" aria-label="Toàn văn">'
        f'<p class="nguon-lien-ket"><a class="nguon-quay-lai" href="{BACK_TO_PASSAGE}">← Về đoạn trích</a>'
        f'{" · " + original if original else ""}</p>'
        f'<h3 class="nguon-tieu-de">{html.escape(document.title)}</h3>'
        f"{_details(document.publisher, document.date)}{note}"
        f'<div class="toan-van" tabindex="0" role="document">{body}</div>'
        "</section>"
    )


def missing_html(what: str) -> str:
    return f'<section class="nguon nguon-trong"><p>{html.escape(what)}</p></section>'
