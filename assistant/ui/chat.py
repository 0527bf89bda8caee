"""The Gradio chat page. Thin: every answer comes from the same AnswerService as the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.answering.answer import Answer, Answerer, QuestionError
from assistant.answering.llm.backends import BackendStatus
from assistant.ui.render import answer_markdown, escape

TITLE = "Trợ lý hỏi đáp báo cáo Sở LĐ-TB&XH"
EXAMPLES = [
    "Toàn tỉnh còn bao nhiêu hộ nghèo?",
    "Tỷ lệ lao động qua đào tạo năm 2024 là bao nhiêu?",
    "tinh da dua bao nhieu lao dong di lam viec o nuoc ngoai",
    "Ai đồng chủ trì hội nghị?",
]
MessageList = list[dict[str, Any]]


def _user_questions(history: MessageList) -> list[str]:
    return [str(m.get("metadata", {}).get("question") or "") for m in history
            if m.get("role") == "user" and m.get("metadata", {}).get("question")]


def build_ui(answers: Answerer, llm_status: BackendStatus | None = None) -> gr.Blocks:
    def respond(message: str, history: MessageList | None) -> Iterator[tuple[MessageList, str]]:
        history = list(history or [])
        earlier = _user_questions(history)
        shown = {"role": "user", "content": escape(message or ""),
                 "metadata": {"question": message}}
        streamed = ""
        try:
            # Deltas are text the figure guard already passed; the final Answer replaces them.
            for item in answers.stream(message, earlier):
                if isinstance(item, Answer):
                    reply = answer_markdown(item)
                else:
                    streamed += item.text
                    reply = escape(streamed) + " …"
                    yield [*history, shown, {"role": "assistant", "content": reply}], ""
        except QuestionError as error:
            reply = f"⚠️ {escape(str(error))}"
            shown["metadata"] = {}
        yield [*history, shown, {"role": "assistant", "content": reply}], ""

    def ask_api(question: str, history: list[str] | None = None) -> dict[str, Any]:
        try:
            return answers.ask(question, history or []).to_dict()
        except QuestionError as error:
            return {"error": str(error)}

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"## {TITLE}\nMỗi số liệu trong câu trả lời đều kèm đoạn trích nguồn để bạn đối chiếu.")
        if llm_status is not None and not llm_status.ok:
            gr.Markdown(f"*⚠️ {escape(llm_status.note)} Câu trả lời sẽ là đoạn trích nguyên văn từ báo cáo.*")
        chatbot = gr.Chatbot(label="Trò chuyện", height=520, feedback_options=None,
                             buttons=["copy"], placeholder="Hãy đặt một câu hỏi về báo cáo.")
        with gr.Row():
            box = gr.Textbox(label="Câu hỏi", placeholder="Ví dụ: Toàn tỉnh còn bao nhiêu hộ nghèo?",
                             scale=5, autofocus=True, max_lines=4)
            send = gr.Button("Gửi", variant="primary", scale=1)
        gr.Examples(EXAMPLES, inputs=box, label="Câu hỏi mẫu")
        clear = gr.Button("Xoá cuộc trò chuyện")
        box.submit(respond, [box, chatbot], [chatbot, box], api_visibility="private")
        send.click(respond, [box, chatbot], [chatbot, box], api_visibility="private")
        clear.click(lambda: ([], ""), None, [chatbot, box], api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return demo
