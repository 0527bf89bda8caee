"""Chat messages as the page shows them: HTML built from escaped text only.

Every message is one HTML block without blank lines, so the chat's Markdown
renderer passes it through untouched: a question containing markup or
Markdown shows as the characters typed and never runs. Citation markers
become links (`#nguon-<turn>-<n>`) that the page script turns into "show this
source in the panel".
"""

from __future__ import annotations

import html
import re

from assistant.answering.answer import Answer, Citation
from assistant.ui.highlight import figure_spans, marked_html
from assistant.ui.source_panel import display_date

CITE_PREFIX = "#nguon-"
_MARKER = re.compile(r"\[(\d{1,3})\]")


def inline_html(text: str) -> str:
    """Plain text as HTML: escaped, each line break a <br>, so no newline reaches Markdown."""
    return "<br>".join(html.escape(line, quote=False) for line in text.splitlines()) if text else ""


def text_html(text: str) -> str:
    return inline_html(text.strip()) or "&nbsp;"


def cite_href(turn: int, n: int) -> str:
    return f"{CITE_PREFIX}{turn}-{n}"


def parse_cite_href(href: str) -> tuple[int, int] | None:
    """(turn, n) from a citation link, or None for any other link."""
    match = re.fullmatch(re.escape(CITE_PREFIX) + r"(\d+)-(\d+)", href)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _linked_markers(text: str, turn: int, numbers: set[int]) -> str:
    """The answer text with each [n] that has a citation turned into a link to it."""
    out, last = [], 0
    for match in _MARKER.finditer(text):
        n = int(match.group(1))
        if n not in numbers:
            continue
        out.append(inline_html(text[last : match.start()]))
        out.append(f'<a class="cite" href="{cite_href(turn, n)}" title="Xem nguồn [{n}]">[{n}]</a>')
        last = match.end()
    out.append(inline_html(text[last:]))
    return "".join(out)


def _source_line(citation: Citation, turn: int) -> str:
    details = " · ".join(x for x in (citation.publisher, display_date(citation.date), citation.location) if x)
    mark = (citation.highlight_start, citation.highlight_end)
    quote = marked_html(citation.quote, citation.start, mark, figure_spans(citation.quote, citation.start, mark))
    return (
        '<div class="nguon-ngan">'
        f'<a class="cite" href="{cite_href(turn, citation.n)}">[{citation.n}] {html.escape(citation.title)}</a>'
        + (f' <span class="nguon-chi-tiet">{html.escape(details)}</span>' if details else "")
        + f'<blockquote class="nguon-doan">{quote}</blockquote>'
        "</div>"
    )


def question_html(question: str) -> str:
    return f'<div class="cau-hoi">{text_html(" ".join(question.split()))}</div>'


def answer_html(answer: Answer, turn: int) -> str:
    """The answer with clickable [n] markers and, under it, each source's quoted clause."""
    numbers = {c.n for c in answer.citations}
    parts = [f'<div class="tra-loi"><p>{_linked_markers(answer.answer.strip(), turn, numbers)}</p>']
    if answer.note:
        parts.append(f'<p class="ghi-chu">{text_html(answer.note)}</p>')
    if answer.citations:
        parts.append('<div class="nguon-danh-sach"><p class="nguon-nhan">Nguồn (bấm để xem đoạn văn gốc):</p>')
        parts.extend(_source_line(c, turn) for c in answer.citations)
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def streaming_html(text: str) -> str:
    """Answer text still arriving; sources follow when it is complete."""
    body = text_html(text) if text.strip() else "Đang tìm trong báo cáo…"
    return f'<div class="tra-loi dang-tra-loi" aria-busy="true"><p>{body}</p></div>'


def notice_html(text: str, kind: str = "thong-bao") -> str:
    """A message from the assistant itself (busy, stopped, error), never from a source."""
    return f'<div class="{kind}" role="status"><p>{text_html(text)}</p></div>'
