"""The page's handlers with the real service, no browser: what each click does to a session."""

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from assistant.factory import Assistant
from assistant.feedback import FeedbackLog
from assistant.ui.admission import Admission
from assistant.ui.chat import ChatPage, ShownSource
from assistant.ui.conversation import BUSY, ChatTurn
from assistant.ui.figure_table import figure_href


@pytest.fixture
def page(assistant: Assistant, tmp_path: Path) -> ChatPage:
    return ChatPage(assistant.answers, assistant.sources, FeedbackLog(tmp_path / "feedback.jsonl"),
                    Admission(concurrency=1, queue_size=0))


def last(outputs: Iterator[tuple[Any, ...]]) -> tuple[Any, ...]:
    *_, final = outputs
    return final


def ask(page: ChatPage, question: str, turns: list[ChatTurn] | None = None) -> list[ChatTurn]:
    messages, turns, _, notice = last(page.respond(question, turns))
    assert notice == ""
    assert len(messages) == 2 * len(turns)
    return turns


def test_a_follow_up_uses_the_sessions_earlier_question(page: ChatPage) -> None:
    turns = ask(page, "Toàn tỉnh còn bao nhiêu hộ nghèo?")
    turns = ask(page, "Tỷ lệ là bao nhiêu?", turns)
    assert turns[1].answer and "4,61%" in turns[1].answer.answer
    fresh = ask(page, "Tỷ lệ là bao nhiêu?")  # another session: no such context
    assert fresh[0].answer and "4,61%" not in fresh[0].answer.answer


def test_a_too_long_question_keeps_the_text_and_says_why(page: ChatPage) -> None:
    outputs = list(page.respond("hộ nghèo " * 200, []))
    assert len(outputs) == 1
    _, turns, box, notice = outputs[0]
    assert "quá dài" in notice and "1000" in notice
    assert turns == gr.skip() and box == gr.skip()  # nothing asked; the text stays in the box


def test_a_full_line_gets_the_busy_message_and_retry_answers_later(page: ChatPage) -> None:
    held = page.admission.join()
    assert held is not None
    messages, turns, _, _ = last(page.respond("Toàn tỉnh còn bao nhiêu hộ nghèo?", []))
    assert turns[0].status == "busy" and "bận" in messages[1]["content"] and BUSY.startswith("Hệ thống")
    held.leave()
    messages, turns, _, _ = last(page.retry(turns))
    assert turns[0].status == "answered" and "20.498" in messages[1]["content"]
    assert len(turns) == 1


def test_stop_marks_an_unfinished_answer(page: ChatPage) -> None:
    turns = [ChatTurn("Hộ nghèo?", status="answering", streamed="Theo báo cáo")]
    messages, turns, _, _ = page.stop(turns)
    assert turns[0].status == "stopped" and "Đã dừng" in messages[1]["content"]
    assert "Theo báo cáo" in messages[1]["content"]


def test_citation_and_figure_links_open_the_passage_then_the_whole_document(page: ChatPage) -> None:
    turns = ask(page, "Toàn tỉnh còn bao nhiêu hộ nghèo?")
    panel, shown = page.open_source(turns, None, gr.EventData(None, {"href": "#nguon-0-1"}))
    assert isinstance(shown, ShownSource) and "<mark" in panel and "20.498" in panel
    whole, shown = page.open_source(turns, shown, gr.EventData(None, {"href": "#toan-van"}))
    assert "Đến nay, toàn ngành" in whole and 'id="trich-dan"' in whole
    back, _ = page.open_source(turns, shown, gr.EventData(None, {"href": "#doan-trich"}))
    assert back == panel
    entry = next(e for e in page.sources.figures() if e.figure == "27.568")
    panel, shown = page.open_source([], None, gr.EventData(None, {"href": figure_href(entry)}))
    assert "<strong>27.568</strong>" in panel and shown and shown.label == "số liệu 27.568"
    gone, _ = page.open_source([], None, gr.EventData(None, {"href": "#nguon-5-1"}))
    assert "Không tìm thấy" in gone


def test_a_rating_and_a_comment_are_recorded_with_the_answer(page: ChatPage) -> None:
    turns = ask(page, "Toàn tỉnh còn bao nhiêu hộ nghèo?")
    box, note, rated = page.rate(turns, gr.LikeData(None, {"index": 1, "value": "", "liked": False}))
    assert isinstance(box, gr.Group) and box.visible is True and "góp ý" in note
    assert rated == {"turn_id": turns[0].turn_id, "rating": "down"}
    page.comment("Thiếu số liệu năm 2023", rated, turns)
    assert page.feedback.flush()
    lines = [json.loads(line) for line in page.feedback.path.read_text("utf-8").splitlines()]
    assert [line["kind"] for line in lines] == ["rating", "comment"]
    assert lines[1]["comment"] == "Thiếu số liệu năm 2023" and lines[1]["rating"] == "down"
    assert lines[0]["question"] == "Toàn tỉnh còn bao nhiêu hộ nghèo?" and "20.498" in lines[0]["answer"]
    assert lines[0]["citations"][0]["quote"].count("20.498") == 1


def test_the_api_returns_the_cli_fields_or_an_error(page: ChatPage) -> None:
    result = page.ask_api("Tỷ lệ là bao nhiêu?", ["Toàn tỉnh còn bao nhiêu hộ nghèo?"])
    assert result["found"] and "4,61%" in result["answer"] and result["citations"][0]["n"] == 1
    assert "debug" not in result
    assert "error" in page.ask_api("   ")


def visitor(login: str, session: str = "s1") -> SimpleNamespace:
    """What a handler reads from gr.Request: the login and the session hash."""
    return SimpleNamespace(username=login, session_hash=session, client=SimpleNamespace(host="127.0.0.1"))


def test_another_login_presenting_the_same_session_starts_afresh(page: ChatPage) -> None:
    alice, mallory = visitor("alice"), visitor("mallory")
    *_, (_, turns, _, _) = page.respond("Toàn tỉnh còn bao nhiêu hộ nghèo?", [], alice)
    *_, (messages, theirs, _, _) = page.respond("Tỷ lệ là bao nhiêu?", turns, mallory)
    assert len(theirs) == 1 and "20.498" not in str(messages)  # alice's question is neither shown nor used
    *_, (_, mine, _, _) = page.respond("Tỷ lệ là bao nhiêu?", turns, alice)
    assert len(mine) == 2 and mine[1].answer and "4,61%" in mine[1].answer.answer
    box, _, rated = page.rate(turns, gr.LikeData(None, {"index": 1, "value": "", "liked": True}), mallory)
    assert box == gr.skip() and rated == gr.skip()  # nor rated in alice's name


def test_feedback_beyond_the_sessions_limit_gets_a_polite_message_not_thanks(
        assistant: Assistant, tmp_path: Path) -> None:
    page = ChatPage(assistant.answers, assistant.sources, FeedbackLog(tmp_path / "feedback.jsonl"),
                    Admission(concurrency=1, queue_size=0), feedback_per_minute=2)
    alice = visitor("alice")
    *_, (_, turns, _, _) = page.respond("Toàn tỉnh còn bao nhiêu hộ nghèo?", [], alice)
    like = gr.LikeData(None, {"index": 1, "value": "", "liked": True})
    _, note, rated = page.rate(turns, like, alice)
    assert note.startswith("Cảm ơn bạn!") and rated
    _, _, notice = page.comment("Rất hữu ích", rated, turns, alice)
    assert "Đã ghi nhận góp ý" in notice
    _, comment, notice = page.comment("Lần nữa", rated, turns, alice)
    assert "vui lòng chờ" in notice and comment == gr.skip()  # the text stays in its box
    assert "Đã ghi nhận" not in notice
    assert len(page.feedback.path.read_text("utf-8").splitlines()) == 2
    _, note, rated = page.rate(turns, like, visitor("alice", "another-tab"))  # its own session limit
    assert note.startswith("Cảm ơn bạn!")


def test_feedback_that_could_not_be_written_is_not_thanked(assistant: Assistant, tmp_path: Path) -> None:
    page = ChatPage(assistant.answers, assistant.sources, FeedbackLog(tmp_path),  # a folder: unwritable
                    Admission(concurrency=1, queue_size=0))
    turns = ask(page, "Toàn tỉnh còn bao nhiêu hộ nghèo?")
    _, note, rated = page.rate(turns, gr.LikeData(None, {"index": 1, "value": "", "liked": True}))
    assert "chưa lưu được" in note and rated is None


def test_a_refusals_near_questions_are_offered_and_a_click_asks_one(page: ChatPage) -> None:
    messages, turns, _, _ = last(page.respond("Số lao động thất nghiệp năm 2024 là bao nhiêu?", []))
    options = messages[-1].get("options")
    assert turns[0].answer and not turns[0].answer.found and options
    messages, turns, _, _ = last(page.respond_example(turns, SimpleNamespace(value=options[0]["value"])))
    assert turns[1].question == options[0]["value"]
    assert turns[1].answer and turns[1].answer.found and turns[1].answer.citations
    assert "options" not in messages[-1]
