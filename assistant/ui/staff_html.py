"""HTML of the staff tabs: the documents table, the ingest progress bar, the feedback table.

Everything shown comes from files people upload or answers people rated, so
every piece of text is escaped.
"""

from __future__ import annotations

import html

from assistant.ingestion.indexer import IngestProgress
from assistant.staff.catalogue import DocumentRow
from assistant.staff.feedback_review import FeedbackRow

FEEDBACK_SHOWN = 300
STAFF_CSS = """
table.bang-can-bo { width: 100%; border-collapse: collapse; font-size: .9rem; }
table.bang-can-bo th, table.bang-can-bo td { text-align: left; vertical-align: top; padding: .35rem .45rem;
  border-bottom: 1px solid var(--border-color-primary); }
#gop-y-bang { max-height: 70vh; overflow-y: auto; }
#tai-lieu-bang, #gop-y-bang { overflow-x: auto; }
.tien-do progress { width: 100%; height: 1rem; accent-color: #1d4ed8; }
.tien-do p { margin: .25rem 0 0; }
.tien-do.loi p { color: var(--body-text-color); border-left: 3px solid #b45309; padding-left: .5rem; }
@media (max-width: 640px) {
  table.bang-can-bo thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.bang-can-bo tr, table.bang-can-bo td { display: block; }
  table.bang-can-bo td::before { content: attr(data-label) ": "; font-weight: 600; }
}
"""
_DOCUMENT_COLUMNS = ("Tiêu đề", "Tệp", "Kỳ báo cáo", "Địa bàn", "Đơn vị phát hành", "Số đoạn", "Số liệu",
                     "Thêm lúc", "Trạng thái")
_FEEDBACK_COLUMNS = ("Thời gian", "Đánh giá", "Câu hỏi", "Câu trả lời", "Góp ý", "Nguồn trích dẫn")


def _table(table_id: str, columns: tuple[str, ...], rows: list[list[str]], caption: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    body = "".join(
        "<tr>" + "".join(f'<td data-label="{html.escape(c)}">{cell}</td>' for c, cell in zip(columns, row, strict=True))
        + "</tr>" for row in rows)
    return (f'<p class="bang-tom-tat">{html.escape(caption)}</p>'
            f'<table class="bang-can-bo" id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def documents_html(rows: list[DocumentRow]) -> str:
    if not rows:
        return '<p class="bang-tom-tat">Kho tài liệu chưa có tài liệu nào.</p>'
    cells = [[html.escape(r.title or "—"), f"<code>{html.escape(r.name)}</code>", html.escape(r.period),
              html.escape(r.locality), html.escape(r.publisher), str(r.chunks), str(r.figures), html.escape(r.added),
              html.escape(r.status)] for r in rows]
    indexed = sum(1 for r in rows if r.indexed)
    caption = f"{indexed}/{len(rows)} tài liệu đang được dùng để trả lời."
    return _table("bang-tai-lieu", _DOCUMENT_COLUMNS, cells, caption)


_STAGES = {
    "checking": "Đang kiểm tra tệp…",
    "reading": "Đang đọc tệp «{document}»…",
    "embedding": "Đang nhúng các đoạn văn: {embedded}/{chunks}",
    "publishing": "Đang công bố bản mới của kho tài liệu…",
}


def progress_html(step: IngestProgress | None, waiting: bool = False) -> str:
    """The progress bar while a document is added or removed."""
    if waiting or step is None:
        label, value, most = "Đang chờ lượt cập nhật trước xong…", 0, 1
    else:
        label = _STAGES.get(step.stage, "Đang xử lý…").format(
            document=step.document or "", embedded=step.embedded, chunks=step.chunks)
        if step.stage == "embedding" and step.chunks:
            value, most = step.embedded, step.chunks
        else:
            value, most = (1, 1) if step.stage == "publishing" else (0, 1)
    return (f'<div class="tien-do" role="status" data-stage="{html.escape(step.stage if step else "waiting")}">'
            f'<progress value="{value}" max="{most}" aria-label="Tiến độ"></progress>'
            f"<p>{html.escape(label)}</p></div>")


def finished_html(ok: bool, message: str) -> str:
    mark, role, css = ("✓", "status", "xong") if ok else ("⚠️", "alert", "loi")
    bar = '<progress value="1" max="1" aria-label="Tiến độ"></progress>' if ok else ""
    return (f'<div class="tien-do {css}" role="{role}" data-stage="{"done" if ok else "refused"}">'
            f"{bar}<p>{mark} {html.escape(message)}</p></div>")


def feedback_html(rows: list[FeedbackRow], total: int) -> str:
    if not rows:
        return f'<p class="bang-tom-tat">Không có góp ý nào phù hợp ({total} góp ý trong sổ).</p>'
    shown = rows[:FEEDBACK_SHOWN]
    cells = [[html.escape(r.time.replace("T", " ")[:19]), r.thumb, html.escape(r.question), html.escape(r.answer),
              html.escape(r.comment), "<br>".join(html.escape(c) for c in r.citations)] for r in shown]
    caption = f"{len(rows)} góp ý phù hợp / {total} trong sổ, mới nhất trước"
    if len(rows) > len(shown):
        caption += f" (hiển thị {len(shown)}; tải CSV để xem hết)"
    return _table("bang-gop-y", _FEEDBACK_COLUMNS, cells, caption + ".")
