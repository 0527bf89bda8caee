"""The «Tài liệu» and «Góp ý» tabs, shown only to staff logins (ASSISTANT_ADMINS).

Hiding a tab is only what the page shows: every handler here checks the
login of its own request again, so a citizen who calls one directly gets a
refusal and nothing changes. The work itself is `DocumentDesk`'s and
`feedback_review`'s; this module lays it out and streams the progress bar.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ingestion.indexer import IngestProgress
from assistant.staff.feedback_review import read_feedback, select, write_csv
from assistant.staff.library import DocumentDesk, Outcome
from assistant.ui.staff_html import documents_html, feedback_html, finished_html, progress_html

NOT_STAFF = "Chỉ cán bộ quản trị kho tài liệu mới làm được việc này."
FILE_TYPES = [".txt", ".md", ".pdf", ".docx", ".html", ".htm"]
_POLL_SECONDS = 0.3
_CSV_KEPT = 20  # exports kept for downloading (the newest)
Outputs = tuple[Any, ...]


class StaffTabs:
    def __init__(self, desk: DocumentDesk | None, logins: frozenset[str], feedback_path: Path) -> None:
        self.desk = desk
        self.logins = logins
        self.feedback_path = feedback_path
        # The latest CSV exports; inside the app's private Gradio folder, which goes when the app stops.
        self._csv_dir: Path | None = None  # made at the first export
        self._csv_count = 0
        self._csv_lock = threading.Lock()

    def is_staff(self, request: gr.Request | None) -> bool:
        return self.desk is not None and bool(self.logins) and getattr(request, "username", None) in self.logins

    # --- documents ----------------------------------------------------------

    def _documents(self) -> tuple[str, Any]:
        assert self.desk is not None
        rows = self.desk.documents()
        return documents_html(rows), gr.Dropdown(choices=[r.name for r in rows], value=None)

    def show(self, request: gr.Request | None = None) -> Outputs:
        """On page load. Outputs: the two tabs, documents table, remove choice, feedback table, CSV button."""
        if not self.is_staff(request):
            return gr.Tab(visible=False), gr.Tab(visible=False), "", gr.skip(), "", gr.skip()
        return (gr.Tab(visible=True), gr.Tab(visible=True), *self._documents(), *self.feedback(False, "", request))

    def prefill(self, file: str | None, request: gr.Request | None = None) -> Outputs:
        """A file was chosen. Outputs: title, publisher, date, period, locality, url, progress."""
        if not file or not self.is_staff(request) or self.desk is None:
            return (gr.skip(),) * 6 + ("",)
        from assistant.ingestion.uploads import UploadRefused

        try:
            found = self.desk.prefill(Path(file), Path(file).name)
        except UploadRefused as refused:
            return (gr.skip(),) * 6 + (finished_html(False, str(refused)),)
        return (*(found.get(k, "") for k in ("title", "publisher", "date", "period", "locality", "url")), "")

    def _run(self, work: Any) -> Iterator[tuple[str, Outcome | None]]:
        """Run `work(listener)` on its own thread; yield the progress bar until it ends, then its outcome."""
        steps: queue.Queue[IngestProgress] = queue.Queue()
        done: list[Outcome] = []

        def target() -> None:
            try:
                done.append(work(steps.put))
            except Exception:  # the page must say something; the log has the details
                import logging

                logging.getLogger(__name__).exception("Changing the knowledge base failed")
                done.append(Outcome(False, "Lỗi máy chủ khi cập nhật kho tài liệu; kho vẫn như trước."))

        thread = threading.Thread(target=target, name="staff-change", daemon=True)
        thread.start()
        latest: IngestProgress | None = None
        yield progress_html(None, waiting=True), None
        while thread.is_alive():
            thread.join(_POLL_SECONDS)
            while not steps.empty():
                latest = steps.get_nowait()
            if latest is not None:
                yield progress_html(latest), None
        yield "", done[0]

    def add(self, file: str | None, title: str, publisher: str, date: str, period: str, locality: str, url: str,
            replace: bool, request: gr.Request | None = None) -> Iterator[Outputs]:
        """Outputs: progress, documents table, remove choice, file box."""
        if not self.is_staff(request) or self.desk is None:
            yield finished_html(False, NOT_STAFF), gr.skip(), gr.skip(), gr.skip()
            return
        if not file:
            yield finished_html(False, "Hãy chọn tệp báo cáo cần thêm."), gr.skip(), gr.skip(), gr.skip()
            return
        desk, upload = self.desk, Path(file)
        metadata = {"title": title, "publisher": publisher, "date": date, "period": period,
                    "locality": locality, "url": url}
        for bar, outcome in self._run(lambda tell: desk.add(upload, upload.name, metadata, replace, tell)):
            if outcome is None:
                yield bar, gr.skip(), gr.skip(), gr.skip()
            else:
                yield (finished_html(outcome.ok, outcome.message), *self._documents(),
                       None if outcome.ok else gr.skip())

    def confirm_remove(self, name: str | None, request: gr.Request | None = None) -> Outputs:
        """Outputs: confirmation box, its question."""
        if not name or not self.is_staff(request):
            return gr.Group(visible=False), ""
        return gr.Group(visible=True), f"Xoá «{name}» khỏi kho tài liệu? Câu trả lời sẽ không còn dùng tài liệu này."

    def remove(self, name: str | None, request: gr.Request | None = None) -> Iterator[Outputs]:
        """Outputs: progress, documents table, remove choice, confirmation box."""
        hidden = gr.Group(visible=False)
        if not self.is_staff(request) or self.desk is None or not name:
            refusal = "Hãy chọn tài liệu cần xoá." if self.is_staff(request) else NOT_STAFF
            yield finished_html(False, refusal), gr.skip(), gr.skip(), hidden
            return
        desk = self.desk
        for bar, outcome in self._run(lambda tell: desk.remove(name, tell)):
            if outcome is None:
                yield bar, gr.skip(), gr.skip(), hidden
            else:
                yield finished_html(outcome.ok, outcome.message), *self._documents(), hidden

    # --- feedback -----------------------------------------------------------

    def feedback(self, only_down: bool, query: str | None, request: gr.Request | None = None) -> Outputs:
        """Outputs: feedback table, CSV download button."""
        if not self.is_staff(request):
            return "", gr.skip()
        rows = read_feedback(self.feedback_path)
        chosen = select(rows, bool(only_down), (query or "")[:200])
        with self._csv_lock:
            if self._csv_dir is None:
                parent = os.environ.get("GRADIO_TEMP_DIR")
                if parent:
                    Path(parent).mkdir(parents=True, exist_ok=True)
                self._csv_dir = Path(tempfile.mkdtemp(prefix="gop-y-", dir=parent))
            self._csv_count += 1
            folder = self._csv_dir / str(self._csv_count)
            shutil.rmtree(self._csv_dir / str(self._csv_count - _CSV_KEPT), ignore_errors=True)
        folder.mkdir(parents=True)
        return feedback_html(chosen, len(rows)), gr.DownloadButton(value=str(write_csv(chosen, folder / "gop-y.csv")))

    # --- layout -------------------------------------------------------------

    def build(self, demo: gr.Blocks) -> None:
        """The two tabs, hidden until the page's login is known to be staff. Call inside gr.Tabs()."""
        private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
        with gr.Tab("Tài liệu", id="tai-lieu", visible=False, elem_id="tab-tai-lieu") as documents_tab:
            gr.Markdown("Các tài liệu trong kho. Thêm báo cáo mới (.txt, .md, .pdf, .docx, .html) hoặc xoá tài "
                        "liệu cũ; câu trả lời dùng ngay bản mới khi tiến độ báo xong.")
            documents = gr.HTML(elem_id="tai-lieu-bang")
            with gr.Group(elem_id="tai-len"):
                # Gradio's own refusal of a bigger file is English; the label says the limit first.
                most = f" (tối đa {self.desk.max_upload_bytes / 1_000_000:g} MB)" if self.desk else ""
                file = gr.File(label=f"Tệp báo cáo{most}", file_types=FILE_TYPES, type="filepath",
                               elem_id="tep-bao-cao")
                with gr.Row():
                    title = gr.Textbox(label="Tiêu đề", elem_id="tl-tieu-de")
                    publisher = gr.Textbox(label="Đơn vị phát hành", elem_id="tl-don-vi")
                    date = gr.Textbox(label="Ngày (YYYY-MM-DD)", elem_id="tl-ngay")
                with gr.Row():
                    period = gr.Textbox(label="Kỳ báo cáo", placeholder="Ví dụ: 2024, quý I 2025", elem_id="tl-ky")
                    locality = gr.Textbox(label="Địa bàn", placeholder="Ví dụ: tỉnh Quảng Trị", elem_id="tl-dia-ban")
                    url = gr.Textbox(label="Địa chỉ bản gốc (URL)", elem_id="tl-url")
                replace = gr.Checkbox(label="Thay thế tài liệu cùng tên", value=False, elem_id="tl-thay-the")
                add_button = gr.Button("Thêm vào kho tài liệu", variant="primary", elem_id="tl-them")
            progress = gr.HTML(elem_id="tien-do")
            with gr.Row():
                chosen = gr.Dropdown(label="Tài liệu cần xoá", choices=[], elem_id="tl-chon-xoa", scale=3)
                remove_button = gr.Button("Xoá tài liệu…", variant="stop", elem_id="tl-xoa", scale=1)
            with gr.Group(visible=False, elem_id="tl-xac-nhan") as confirm_box:
                question = gr.Markdown()
                with gr.Row():
                    confirm_button = gr.Button("Xác nhận xoá", variant="stop", elem_id="tl-xac-nhan-xoa")
                    cancel_button = gr.Button("Huỷ", elem_id="tl-huy")
        with gr.Tab("Góp ý", id="gop-y-tab", visible=False, elem_id="tab-gop-y") as feedback_tab:
            with gr.Row():
                search = gr.Textbox(label="Tìm trong góp ý", placeholder="Ví dụ: hộ nghèo", elem_id="gy-tim", scale=3)
                only_down = gr.Checkbox(label="Chỉ xem 👎", value=False, elem_id="gy-chi-khong-thich", scale=1)
                refresh = gr.Button("Tải lại", size="sm", scale=1)
            download = gr.DownloadButton("Tải xuống CSV", elem_id="gy-csv")
            table = gr.HTML(elem_id="gop-y-bang")

        demo.load(self.show, None, [documents_tab, feedback_tab, documents, chosen, table, download], **private)
        fields = [title, publisher, date, period, locality, url]
        file.upload(self.prefill, [file], [*fields, progress], **private)
        # One change at a time per page worker; DocumentDesk also orders changes across sessions.
        add_button.click(self.add, [file, *fields, replace], [progress, documents, chosen, file],
                         concurrency_limit=2, **private)
        remove_button.click(self.confirm_remove, [chosen], [confirm_box, question], **private)
        cancel_button.click(lambda: gr.Group(visible=False), None, [confirm_box], **private)
        confirm_button.click(self.remove, [chosen], [progress, documents, chosen, confirm_box],
                             concurrency_limit=2, **private)
        view = [only_down, search]
        search.input(self.feedback, view, [table, download], trigger_mode="always_last", **private)
        only_down.change(self.feedback, view, [table, download], **private)
        refresh.click(self.feedback, view, [table, download], **private)
