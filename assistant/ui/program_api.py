"""The page's API for programs: /ask and /chat for everyone, /add_document and /remove_document for staff.

A mixin of ChatPage, which supplies `answers`, `admission` and `staff`.
Programs wait in the same Admission line as people: a Gradio limit on /ask
would queue a burst silently instead of answering "busy". Every refusal is
{"error": "<Vietnamese message>"} and changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answering.answer import Answer, Answerer, QuestionError
from assistant.ui.admission import Admission
from assistant.ui.client import client_of
from assistant.ui.conversation import BUSY, ChatTurn, history_before, own_turns
from assistant.ui.staff_tabs import NOT_STAFF, StaffTabs

API_WAIT_SECONDS = 120.0


class ProgramApi:
    answers: Answerer
    admission: Admission
    staff: StaffTabs

    def _ask_admitted(self, question: str, history: list[str], client: str | None) -> Answer | dict[str, Any]:
        """The answer, or the {"error": ...} an API client gets instead."""
        ticket = self.admission.join(client)
        if ticket is None:
            return {"error": BUSY, "busy": True}
        with ticket:
            if not ticket.wait(API_WAIT_SECONDS):
                return {"error": BUSY, "busy": True}
            try:
                return self.answers.ask(question, history)
            except QuestionError as error:
                return {"error": str(error)}

    def ask_api(self, question: str, history: list[str] | None = None,
                request: gr.Request | None = None) -> dict[str, Any]:
        """Answer one question. `history`: the conversation's earlier questions, oldest first.

        Returns the fields of `python -m assistant ask --json` (answer, found, citations, ...),
        or {"error": message} for a question that cannot be asked.
        """
        earlier = [str(h) for h in history] if isinstance(history, list) else []
        result = self._ask_admitted(str(question or ""), earlier, client_of(request))
        return result.to_dict() if isinstance(result, Answer) else result

    def chat_api(self, question: str, turns: list[ChatTurn] | None,
                 request: gr.Request | None = None) -> tuple[dict[str, Any], list[ChatTurn]]:
        """Like `ask`, with this client's earlier questions as the follow-up context."""
        owner = client_of(request)
        turns = own_turns(turns, owner)
        result = self._ask_admitted(str(question or ""), history_before(turns), owner)
        if not isinstance(result, Answer):
            return result, turns
        turns.append(ChatTurn(" ".join(str(question).split()), status="answered", answer=result, owner=owner))
        return result.to_dict(), turns

    def add_document_api(self, file: str | None, title: str | None,
                         request: gr.Request | None = None) -> dict[str, Any]:
        """Add one report (staff only); its status, or {"error": message}."""
        if not self.staff.is_staff(request) or self.staff.desk is None:
            return {"error": NOT_STAFF}
        if not file:
            return {"error": "Thiếu tệp báo cáo."}
        metadata = {"title": str(title)} if title else None
        return self.staff.desk.add(Path(file), Path(file).name, metadata).to_dict()

    def remove_document_api(self, name: str, request: gr.Request | None = None) -> dict[str, Any]:
        """Remove the document of this file name (as listed in «Tài liệu»; staff only)."""
        if not self.staff.is_staff(request) or self.staff.desk is None:
            return {"error": NOT_STAFF}
        return self.staff.desk.remove(str(name or "")).to_dict()

    def build_api(self, turns: gr.State) -> None:
        gr.api(self.ask_api, api_name="ask", concurrency_limit=None)
        api_question = gr.Textbox(visible=False, label="question")
        api_answer = gr.JSON(visible=False, label="answer")
        api_question.submit(self.chat_api, [api_question, turns], [api_answer, turns], api_name="chat",
                            concurrency_limit=None,
                            api_description="Như `ask`, nhưng nhớ các câu hỏi trước của chính client này "
                                            "làm ngữ cảnh cho câu hỏi tiếp theo.")
        api_file = gr.File(visible=False, label="file", type="filepath")
        api_title = gr.Textbox(visible=False, label="title")
        api_status = gr.JSON(visible=False, label="status")
        api_title.submit(self.add_document_api, [api_file, api_title], [api_status], api_name="add_document",
                         concurrency_limit=2,
                         api_description="Cán bộ: thêm một báo cáo (tệp, tiêu đề) vào kho tài liệu.")
        gr.api(self.remove_document_api, api_name="remove_document", concurrency_limit=2)
