"""The Gradio chat page. Thin: every answer comes from the same AnswerService as the CLI.

The handlers live on `ChatPage` so they can be called without a browser; `build`
lays them out. Per-session data (the conversation, the source on show, the
answer being rated) is in gr.State, never in this object.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.answering.answer import Answer, AnswerDelta, Answerer, Citation, QuestionError
from assistant.answering.llm.backends import BackendStatus
from assistant.answering.service import clean_question
from assistant.answering.sources import SourceLibrary
from assistant.feedback import FeedbackLog
from assistant.ui import page
from assistant.ui.admission import Admission
from assistant.ui.client import client_of
from assistant.ui.conversation import ChatTurn, chat_messages, history_before, own_turns
from assistant.ui.feedback_box import LOGIN_FEEDBACK_FACTOR, FeedbackHandlers
from assistant.ui.feedback_box import alert_html as _notice
from assistant.ui.figure_table import figure_key, figures_html
from assistant.ui.highlight import Span
from assistant.ui.program_api import ProgramApi
from assistant.ui.rate_limit import RateLimit
from assistant.ui.render import parse_cite_href
from assistant.ui.source_panel import (
    BACK_TO_PASSAGE,
    PLACEHOLDER,
    WHOLE_DOCUMENT,
    document_html,
    missing_html,
    passage_html,
)
from assistant.ui.staff_tabs import StaffTabs

log = logging.getLogger(__name__)

EXAMPLES = [
    "Toàn tỉnh còn bao nhiêu hộ nghèo?",
    "Tỷ lệ lao động qua đào tạo năm 2024 là bao nhiêu?",
    "tinh da dua bao nhieu lao dong di lam viec o nuoc ngoai",
    "Quỹ Bảo trợ trẻ em vận động được bao nhiêu?",
]
SEND = "Gửi"
STOP = "Dừng"
_POLL_SECONDS = 0.5
_STREAM_EVERY_SECONDS = 0.05

Outputs = tuple[Any, ...]


@dataclass(frozen=True)
class ShownSource:
    """What the source panel shows: a citation (and its label), maybe as the whole document."""

    citation: Citation
    label: str
    bold: tuple[Span, ...] | None = None  # None: every figure of the cited clause

    def passage(self) -> str:
        return passage_html(self.citation, self.label, self.bold)


class ChatPage(FeedbackHandlers, ProgramApi):
    def __init__(self, answers: Answerer, sources: SourceLibrary, feedback: FeedbackLog,
                 admission: Admission, llm_status: BackendStatus | None = None,
                 feedback_per_minute: int = 12, staff: StaffTabs | None = None) -> None:
        self.answers = answers
        self.staff = staff or StaffTabs(None, frozenset(), feedback.path)
        self.sources = sources
        self.feedback = feedback
        self.admission = admission
        self.llm_status = llm_status
        self._session_feedback = RateLimit(feedback_per_minute)
        self._login_feedback = RateLimit(feedback_per_minute * LOGIN_FEEDBACK_FACTOR)

    # --- asking -------------------------------------------------------------

    def respond(self, question: str, turns: list[ChatTurn] | None,
                request: gr.Request | None = None) -> Iterator[Outputs]:
        """Outputs: chat messages, turns, question box, notice."""
        owner = client_of(request)
        turns = own_turns(turns, owner)
        if turns and not turns[-1].finished:
            yield gr.skip(), gr.skip(), gr.skip(), _notice(
                "Câu trả lời trước chưa xong: vui lòng chờ, hoặc bấm «Dừng» hay «Xoá cuộc trò chuyện».")
            return
        try:
            cleaned = clean_question(question or "", self.answers.max_question_chars)
        except QuestionError as error:
            # The question stays in the box so nothing typed is lost.
            yield gr.skip(), gr.skip(), gr.skip(), _notice(str(error))
            return
        turns.append(ChatTurn(cleaned, owner=owner))
        yield from self._answer_last(turns)

    def respond_example(self, turns: list[ChatTurn] | None, event: gr.SelectData,
                        request: gr.Request | None = None) -> Iterator[Outputs]:
        # An example gives {"text": …}; a suggestion under a refusal gives its value (or {"value": …}).
        value = event.value
        question = str(value.get("text") or value.get("value") or "") if isinstance(value, dict) else str(value or "")
        yield from self.respond(question, turns, request)

    def retry(self, turns: list[ChatTurn] | None, request: gr.Request | None = None) -> Iterator[Outputs]:
        owner = client_of(request)
        turns = own_turns(turns, owner)
        if not turns:
            yield gr.skip(), gr.skip(), gr.skip(), _notice("Chưa có câu hỏi nào để hỏi lại.")
            return
        if not turns[-1].finished:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        turns[-1] = ChatTurn(turns[-1].question, owner=owner)
        yield from self._answer_last(turns, clear_box=False)

    def _answer_last(self, turns: list[ChatTurn], clear_box: bool = True) -> Iterator[Outputs]:
        turn, index = turns[-1], len(turns) - 1
        answering_box = gr.Textbox(value="", submit_btn=False, stop_btn=STOP) if clear_box else \
            gr.Textbox(submit_btn=False, stop_btn=STOP)
        idle_box = gr.Textbox(submit_btn=SEND, stop_btn=False)
        ticket = self.admission.join(turn.owner)
        if ticket is None:
            turn.status = "busy"
            yield chat_messages(turns), turns, gr.Textbox(value="") if clear_box else gr.skip(), ""
            return
        with ticket:
            turn.ahead = ticket.ahead
            yield chat_messages(turns), turns, answering_box, ""
            while not ticket.wait(_POLL_SECONDS):
                # Waiting in small steps keeps the generator closable by "Dừng".
                turn.ahead = ticket.ahead
                yield chat_messages(turns), turns, gr.skip(), gr.skip()
            turn.status = "answering"
            yield chat_messages(turns), turns, gr.skip(), gr.skip()
            shown_at = time.monotonic()
            try:
                for item in self.answers.stream(turn.question, history_before(turns, index)):
                    if isinstance(item, AnswerDelta):
                        turn.streamed += item.text
                        if time.monotonic() - shown_at >= _STREAM_EVERY_SECONDS:
                            shown_at = time.monotonic()
                            yield chat_messages(turns), turns, gr.skip(), gr.skip()
                    elif isinstance(item, Answer):
                        turn.answer, turn.status = item, "answered"
            except QuestionError as error:
                turn.status, turn.notice = "invalid", str(error)
            except Exception:
                log.exception("Answering %r failed", turn.question)
                turn.status = "failed"
            if turn.status == "answering":
                log.error("The answer stream ended without a final answer")
                turn.status = "failed"
        yield chat_messages(turns), turns, idle_box, ""

    def stop(self, turns: list[ChatTurn] | None, request: gr.Request | None = None) -> Outputs:
        turns = own_turns(turns, client_of(request))
        if turns and not turns[-1].finished:
            turns[-1].status = "stopped"
        return chat_messages(turns), turns, gr.Textbox(submit_btn=SEND, stop_btn=False), ""

    def clear(self) -> Outputs:
        """Outputs: chat, turns, question box, notice, source panel, shown source, feedback box."""
        return ([], [], gr.Textbox(value="", submit_btn=SEND, stop_btn=False), "", PLACEHOLDER, None,
                gr.Group(visible=False))

    # --- checking sources ---------------------------------------------------

    def open_source(self, turns: list[ChatTurn] | None, shown: ShownSource | None,
                    event: gr.EventData) -> tuple[str, ShownSource | None]:
        """A click on a citation, a figure-table link or a panel link. Outputs: panel, shown source."""
        href = str(getattr(event, "href", "") or "")
        cited = parse_cite_href(href)
        if cited is not None:
            turn_index, n = cited
            turns = turns or []
            answer = turns[turn_index].answer if turn_index < len(turns) else None
            citation = next((c for c in answer.citations if c.n == n), None) if answer else None
            if citation is None:
                return missing_html("Không tìm thấy nguồn này (cuộc trò chuyện đã được xoá?)."), shown
            chosen = ShownSource(citation, f"[{n}]")
            return chosen.passage(), chosen
        key = figure_key(href)
        if key is not None:
            entry = self.sources.figure(key)
            figure_citation = self.sources.figure_citation(entry) if entry else None
            if entry is None or figure_citation is None:
                return missing_html("Số liệu này không còn trong kho tài liệu; hãy tải lại trang."), shown
            chosen = ShownSource(figure_citation, f"số liệu {entry.figure}", ((entry.start, entry.end),))
            return chosen.passage(), chosen
        if shown is not None and href == WHOLE_DOCUMENT:
            document = self.sources.document(shown.citation.document)
            if document is None:
                return missing_html("Tài liệu này không còn trong kho tài liệu."), shown
            return document_html(document, shown.citation, shown.bold), shown
        if shown is not None and href == BACK_TO_PASSAGE:
            return shown.passage(), shown
        return gr.skip(), shown

    def show_figures(self, query: str | None) -> str:
        query = (query or "")[:200]
        return figures_html(self.sources.find_figures(query), query, len(self.sources.figures()))

    # --- layout -------------------------------------------------------------

    def build(self) -> gr.Blocks:
        # Files Gradio caches (uploads) are deleted after an hour, and all of them when the app stops.
        with gr.Blocks(title=page.TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
            turns = gr.State([])
            shown = gr.State(None)
            rated = gr.State(None)
            gr.Markdown(f"# {page.TITLE}\nHỏi về số liệu trong báo cáo; mỗi số liệu đều kèm nguồn để bạn "
                        "đối chiếu.", elem_id="tieu-de")
            if self.llm_status is not None and not self.llm_status.ok:
                # Staff must know answers are quotes, not the configured model's wording.
                gr.HTML(_notice(f"{self.llm_status.note} Câu trả lời sẽ là đoạn trích nguyên văn từ báo cáo."))
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=320), gr.Tabs():
                    with gr.Tab("Hỏi đáp", id="hoi-dap"):
                        chatbot = gr.Chatbot(
                            label="Cuộc trò chuyện", show_label=False, elem_id="tro-chuyen",
                            height="58vh", min_height=320, latex_delimiters=[], buttons=["copy"],
                            feedback_options=("Like", "Dislike"), layout="panel",
                            placeholder="**Hỏi bất kỳ số liệu nào trong báo cáo**, có dấu hoặc không dấu. "
                                        "Hoặc chọn một câu hỏi mẫu:",
                            examples=[{"text": q} for q in EXAMPLES],
                        )
                        box = gr.Textbox(
                            label="Câu hỏi của bạn", placeholder="Ví dụ: Toàn tỉnh còn bao nhiêu hộ nghèo?",
                            lines=1, max_lines=5, submit_btn=SEND, stop_btn=False, elem_id="o-cau-hoi",
                        )
                        notice = gr.HTML("", elem_id="nhac-nho")
                        with gr.Row():
                            retry_button = gr.Button("↻ Hỏi lại", size="sm", variant="secondary",
                                                     elem_id="hoi-lai", min_width=120)
                            clear_button = gr.Button("Xoá cuộc trò chuyện", size="sm", variant="secondary",
                                                     elem_id="xoa", min_width=120)
                        with gr.Group(visible=False, elem_id="gop-y") as feedback_box:
                            feedback_note = gr.Markdown()
                            comment_box = gr.Textbox(label="Góp ý thêm (không bắt buộc)", lines=2, max_lines=6)
                            comment_button = gr.Button("Gửi góp ý", size="sm")
                    with gr.Tab("Số liệu", id="so-lieu", elem_id="tab-so-lieu"):
                        gr.Markdown("Mọi số liệu trong kho tài liệu, kèm nội dung mà số liệu đo và nơi "
                                    "nó xuất hiện. Gõ từ khoá để lọc (có dấu hoặc không dấu).")
                        search = gr.Textbox(label="Tìm số liệu", placeholder="Ví dụ: hộ nghèo, ho ngheo, 20498",
                                            elem_id="tim-so-lieu")
                        table = gr.HTML(elem_id="bang-so-lieu")
                    self.staff.build(demo)
                with gr.Column(scale=2, min_width=300, elem_id="cot-nguon"):
                    panel = gr.HTML(PLACEHOLDER, js_on_load=page.PANEL_JS, elem_id="nguon-panel")

            chat_outputs = [chatbot, turns, box, notice]
            private: dict[str, Any] = {"api_visibility": "private", "show_progress": "hidden"}
            # No Gradio limit on answering: the Admission line does it, with messages users can read.
            answering: dict[str, Any] = {**private, "concurrency_limit": None}
            asked = box.submit(self.respond, [box, turns], chat_outputs, **answering)
            picked = chatbot.example_select(self.respond_example, [turns], chat_outputs, **answering)
            suggested = chatbot.option_select(self.respond_example, [turns], chat_outputs, **answering)
            retried = retry_button.click(self.retry, [turns], chat_outputs, **answering)
            running: list[Any] = [asked, picked, suggested, retried]
            box.stop(self.stop, [turns], chat_outputs, cancels=running, **private)
            clear_outputs = [chatbot, turns, box, notice, panel, shown, feedback_box]
            clear_button.click(self.clear, None, clear_outputs, cancels=running, **private)
            chatbot.clear(self.clear, None, clear_outputs, cancels=running, **private)
            chatbot.like(self.rate, [turns], [feedback_box, feedback_note, rated], **private)
            comment_button.click(self.comment, [comment_box, rated, turns], [feedback_box, comment_box, notice],
                                 **private)
            panel.click(self.open_source, [turns, shown], [panel, shown], **private)
            search.input(self.show_figures, [search], [table], trigger_mode="always_last", **private)
            demo.load(self.show_figures, [search], [table], **private)

            self.build_api(turns)
        return demo


def build_ui(answers: Answerer, sources: SourceLibrary, feedback: FeedbackLog,
             admission: Admission, llm_status: BackendStatus | None = None,
             feedback_per_minute: int = 12, staff: StaffTabs | None = None) -> gr.Blocks:
    return ChatPage(answers, sources, feedback, admission, llm_status, feedback_per_minute, staff).build()
