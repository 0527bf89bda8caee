"""One browser session's conversation: its turns, and the chat messages they show as.

The turns live in a per-session gr.State, so no session ever sees another's.
Each turn also records who asked it (the login, see client.py): Gradio keys
the state by the session hash alone, so a different login presenting the
same hash must start afresh instead of continuing the conversation.
Every turn is shown as exactly two messages (question, reply): message i
belongs to turn i // 2, which is how likes and clicks find their turn.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.answering.answer import Answer
from assistant.ui import render

Status = Literal["waiting", "answering", "answered", "invalid", "busy", "stopped", "failed"]

BUSY = ("Hệ thống đang bận vì có nhiều người hỏi cùng lúc. Xin lỗi bạn — vui lòng thử lại sau ít phút "
        "(bấm «Hỏi lại»).")
STOPPED = "Đã dừng theo yêu cầu của bạn. Bấm «Hỏi lại» để hỏi lại câu này."
FAILED = "Đã có lỗi khi tìm câu trả lời. Vui lòng thử lại; nếu vẫn lỗi, xin báo cho cán bộ phụ trách."


@dataclass
class ChatTurn:
    question: str
    status: Status = "waiting"
    ahead: int = 0  # questions waiting before this one
    streamed: str = ""  # answer text received so far
    answer: Answer | None = None
    notice: str = ""  # the message for invalid/busy/failed turns
    turn_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    owner: str | None = None  # the login (or address) that asked; None when asked without a request

    @property
    def finished(self) -> bool:
        return self.status not in ("waiting", "answering")

    def reply_html(self, index: int) -> str:
        if self.status == "answered" and self.answer is not None:
            return render.answer_html(self.answer, index)
        if self.status == "waiting":
            where = f" (còn {self.ahead} câu hỏi trước bạn)" if self.ahead else ""
            return render.notice_html(f"Đang chờ đến lượt{where}…", "thong-bao dang-cho")
        if self.status == "answering":
            return render.streaming_html(self.streamed)
        if self.status == "stopped":
            partial = f"{self.streamed.strip()}\n" if self.streamed.strip() else ""
            return render.notice_html(partial + STOPPED)
        text = {"busy": BUSY, "failed": FAILED}.get(self.status, self.notice)
        return render.notice_html(text, "thong-bao canh-bao")


def chat_messages(turns: list[ChatTurn]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    for index, turn in enumerate(turns):
        messages.append({"role": "user", "content": render.question_html(turn.question)})
        reply: dict[str, Any] = {"role": "assistant", "content": turn.reply_html(index)}
        # A refusal's near questions are buttons under it: a click asks that question.
        answer = turn.answer if turn.status == "answered" else None
        if answer is not None and not answer.found and answer.suggestions:
            reply["options"] = [{"value": s, "label": s} for s in answer.suggestions]
        messages.append(reply)
    return messages


def own_turns(turns: list[ChatTurn] | None, owner: str | None) -> list[ChatTurn]:
    """The conversation if `owner` started it, else an empty one (another login's turns stay unseen)."""
    turns = list(turns or [])
    return turns if all(turn.owner == owner for turn in turns) else []


def history_before(turns: list[ChatTurn], index: int | None = None) -> list[str]:
    """The session's earlier questions that were answered: the follow-up context."""
    earlier = turns if index is None else turns[:index]
    return [turn.question for turn in earlier if turn.status == "answered"]


def turn_of_message(turns: list[ChatTurn], message_index: Any) -> ChatTurn | None:
    """The turn a chat message (index from a like or click event) belongs to."""
    if isinstance(message_index, list | tuple):
        message_index = message_index[0]
    if not isinstance(message_index, int) or message_index < 0 or message_index // 2 >= len(turns):
        return None
    return turns[message_index // 2]
