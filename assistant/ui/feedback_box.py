"""👍/👎 and comments on an answer: recorded whole, limited per session, thanked only once kept.

A mixin of ChatPage (which supplies `feedback`, the FeedbackLog, and the two
rate limits), kept apart so the chat module stays about asking.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from typing import Any

import gradio as gr

from assistant.feedback import FeedbackLog
from assistant.ui.client import client_of, session_of
from assistant.ui.conversation import ChatTurn, history_before, own_turns, turn_of_message
from assistant.ui.rate_limit import RateLimit

Outputs = tuple[Any, ...]

FEEDBACK_THANKS = "Đã ghi nhận góp ý. Cảm ơn bạn!"
FEEDBACK_TOO_OFTEN = ("Cảm ơn bạn đã góp ý nhiệt tình! Bạn đã gửi nhiều góp ý trong thời gian ngắn; "
                      "vui lòng chờ khoảng một phút rồi gửi tiếp.")
FEEDBACK_NOT_SAVED = "Rất tiếc, chưa lưu được góp ý của bạn. Vui lòng thử lại sau ít phút."
# How long a reader waits for the feedback file before being told it was not saved.
FEEDBACK_WAIT_SECONDS = 5.0
# A login (or address) may send this many times a session's feedback: a few tabs, not a flood.
LOGIN_FEEDBACK_FACTOR = 5


def alert_html(text: str) -> str:
    """A warning under the question box (also used by the chat handlers)."""
    return f'<p class="nhac-nho" role="alert">⚠️ {html.escape(text)}</p>' if text else ""


def _status(text: str) -> str:
    return f'<p class="nhac-nho" role="status">{html.escape(text)}</p>'


def _feedback_entry(turn: ChatTurn, turns: list[ChatTurn], rating: str, comment: str | None) -> dict[str, Any]:
    answer = turn.answer
    assert answer is not None
    index = turns.index(turn) if turn in turns else len(turns)
    return {
        "kind": "comment" if comment else "rating",
        "rating": rating,
        "comment": comment,
        "turn_id": turn.turn_id,
        "question": turn.question,
        "history": history_before(turns, index),
        "answer": answer.answer,
        "found": answer.found,
        "backend": answer.backend,
        "citations": [asdict(c) for c in answer.citations],
    }


class FeedbackHandlers:
    feedback: FeedbackLog
    _session_feedback: RateLimit
    _login_feedback: RateLimit

    def _feedback_allowed(self, request: gr.Request | None) -> bool:
        session, login = session_of(request), client_of(request)
        return ((session is None or self._session_feedback.allow(session))
                and (login is None or self._login_feedback.allow(login)))

    def rate(self, turns: list[ChatTurn] | None, event: gr.LikeData,
             request: gr.Request | None = None) -> Outputs:
        """👍/👎 on an answer. Outputs: feedback box, its note, the rated answer."""
        turns = own_turns(turns, client_of(request))
        turn = turn_of_message(turns, event.index)
        if turn is None or turn.answer is None or event.liked not in (True, False):
            return gr.skip(), gr.skip(), gr.skip()
        if not self._feedback_allowed(request):
            return gr.Group(visible=True), FEEDBACK_TOO_OFTEN, None
        rating = "up" if event.liked else "down"
        # Thanks only for a rating that was kept; the comment box only follows a kept rating.
        if not self.feedback.write(_feedback_entry(turn, turns, rating, None), FEEDBACK_WAIT_SECONDS):
            return gr.Group(visible=True), FEEDBACK_NOT_SAVED, None
        thanks = "Cảm ơn bạn! " + ("Câu trả lời chưa đúng ở đâu? " if rating == "down" else "") + \
            "Bạn có thể ghi thêm góp ý (không bắt buộc)."
        return gr.Group(visible=True), thanks, {"turn_id": turn.turn_id, "rating": rating}

    def comment(self, text: str | None, rated: dict[str, str] | None, turns: list[ChatTurn] | None,
                request: gr.Request | None = None) -> Outputs:
        """Outputs: feedback box, comment box, notice."""
        turns = own_turns(turns, client_of(request))
        turn = next((t for t in turns if isinstance(rated, dict) and t.turn_id == rated.get("turn_id")), None)
        text = (text or "").strip()[:2000]
        if turn is None or turn.answer is None or not isinstance(rated, dict):
            return gr.Group(visible=False), "", ""
        if not text:
            return gr.Group(visible=False), "", _status(FEEDBACK_THANKS)
        # On a refusal the comment stays in its box, so nothing typed is lost.
        if not self._feedback_allowed(request):
            return gr.skip(), gr.skip(), alert_html(FEEDBACK_TOO_OFTEN)
        if not self.feedback.write(_feedback_entry(turn, turns, str(rated.get("rating")), text),
                                   FEEDBACK_WAIT_SECONDS):
            return gr.skip(), gr.skip(), alert_html(FEEDBACK_NOT_SAVED)
        return gr.Group(visible=False), "", _status(FEEDBACK_THANKS)
