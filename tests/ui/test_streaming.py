"""Answers that stream in (as the LLM path does), "Dừng", and a full line, in a real browser.

The extractive answer arrives in one piece in a few milliseconds, too fast to
watch or stop, so this page runs in-process over a service that streams the
real answer word by word, like a language model would.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from assistant.answering.answer import Answer, AnswerDelta
from assistant.answering.service import AnswerService
from assistant.factory import Assistant
from assistant.feedback import FeedbackLog
from assistant.ui.admission import Admission
from assistant.ui.chat import build_ui
from assistant.ui.server import queue_options, served_in_thread, web_app
from tests.ui.conftest import PageVisit, foreign_requests, free_port, open_visit

pytestmark = pytest.mark.slow

WORD_SECONDS = 0.4
QUESTION = "Toàn tỉnh còn bao nhiêu hộ nghèo?"


class WordByWord(AnswerService):
    """The real answer, streamed one word at a time."""

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerDelta | Answer]:
        answer = self.ask(question, history)
        for word in answer.answer.split(" "):
            time.sleep(WORD_SECONDS)
            yield AnswerDelta(word + " ")
        yield answer


@pytest.fixture(scope="module")
def slow_app(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Admission]]:
    real = assistant.answers
    answers = WordByWord(real.retriever, real.lexicon, real.max_question_chars)
    admission = Admission(concurrency=1, queue_size=1)
    feedback = FeedbackLog(tmp_path_factory.mktemp("slow") / "feedback.jsonl")
    demo = build_ui(answers, assistant.sources, feedback, admission)
    settings = assistant.settings.model_copy(update={"server_port": free_port(1)})
    demo.queue(**queue_options(settings))
    with served_in_thread(web_app(demo, settings, []), "127.0.0.1", settings.server_port):
        yield f"http://127.0.0.1:{settings.server_port}/", admission


def open_page(browser: Any, url: str) -> PageVisit:
    tab = open_visit(browser)
    tab.page.goto(url)
    tab.page.locator("#o-cau-hoi textarea").wait_for(timeout=60_000)
    return tab


def send(page: Any, question: str) -> None:
    page.locator("#o-cau-hoi textarea").fill(question)
    page.locator("#o-cau-hoi textarea").press("Enter")


def test_words_appear_as_they_come_then_the_cited_answer(browser: Any, slow_app: tuple[str, Admission]) -> None:
    url, _ = slow_app
    tab = open_page(browser, url)
    page = tab.page
    page.evaluate("""() => { window.__partial = []; const chat = document.querySelector('#tro-chuyen');
        new MutationObserver(() => { const p = chat.querySelector('.dang-tra-loi p');
            if (p && !window.__partial.includes(p.innerText)) window.__partial.push(p.innerText); })
        .observe(chat, { subtree: true, childList: true, characterData: true }); }""")
    send(page, QUESTION)
    final = page.locator("#tro-chuyen .tra-loi:not(.dang-tra-loi) > p")
    final.wait_for(timeout=60_000)
    partial = [text for text in page.evaluate("window.__partial") if "Đang tìm" not in text]
    assert len(partial) >= 3, partial  # several growing states, not one jump
    assert all(text.rstrip(" ▍").strip() in final.inner_text() for text in partial[:3])
    assert "20.498" in final.inner_text() and final.locator("a.cite").count() == 1
    tab.page.context.close()
    assert foreign_requests(tab.requests) == []


def test_stop_ends_the_answer_and_frees_its_place(browser: Any, slow_app: tuple[str, Admission]) -> None:
    url, admission = slow_app
    page = open_page(browser, url).page
    send(page, QUESTION)
    page.locator("#tro-chuyen .dang-tra-loi", has_text="Theo").wait_for(timeout=60_000)
    page.get_by_role("button", name="Dừng").click()
    page.locator("#tro-chuyen", has_text="Đã dừng theo yêu cầu của bạn").wait_for()
    page.get_by_role("button", name="Gửi").wait_for()
    deadline = time.monotonic() + 30
    while admission.running and time.monotonic() < deadline:
        time.sleep(0.1)
    assert admission.running == 0  # the stopped answer gave its place back
    page.get_by_role("button", name="↻ Hỏi lại").click()
    page.locator("#tro-chuyen .tra-loi:not(.dang-tra-loi) > p a.cite").wait_for(timeout=60_000)
    assert page.locator("#tro-chuyen [data-testid=bot]").count() == 1
    page.context.close()


def test_a_full_line_waits_in_order_then_turns_away_politely(browser: Any,
                                                             slow_app: tuple[str, Admission]) -> None:
    url, admission = slow_app  # one answer at a time, one waiting
    first, second, third = (open_page(browser, url).page for _ in range(3))
    send(first, QUESTION)
    first.locator("#tro-chuyen .dang-tra-loi", has_text="Theo").wait_for(timeout=60_000)
    send(second, "Bao nhiêu người học nghề?")
    second.locator("#tro-chuyen .dang-cho", has_text="Đang chờ đến lượt").wait_for()
    send(third, "Tỷ lệ lao động qua đào tạo là bao nhiêu?")
    busy = third.locator("#tro-chuyen .canh-bao")
    busy.wait_for()
    assert "Hệ thống đang bận" in busy.inner_text()
    second.locator("#tro-chuyen .tra-loi:not(.dang-tra-loi)", has_text="27.568").wait_for(timeout=120_000)
    assert "20.498" in first.locator("#tro-chuyen .tra-loi:not(.dang-tra-loi)").inner_text()
    third.get_by_role("button", name="↻ Hỏi lại").click()
    third.locator("#tro-chuyen .tra-loi:not(.dang-tra-loi)", has_text="74,62%").wait_for(timeout=120_000)
    for page in (first, second, third):
        page.context.close()
    assert admission.running == 0 and admission.waiting == 0
