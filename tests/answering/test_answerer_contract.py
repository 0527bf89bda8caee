"""One contract for every way of answering, in the style of LangChain's standard tests.

The extractive service and the LLM path (with a faithful, a hostile and a silent chat model)
must all keep what a user relies on: a found answer cites verbatim quotes that hold each of its
figures; a refusal cites nothing; streaming ends in the same answer as asking; a blank question
is refused with a message. The whole suite runs again against a Chroma server (`make
test-server`), so each path is checked on both stores.
"""

from __future__ import annotations

import re

import pytest
from langchain_core.embeddings import Embeddings

from assistant.answering.answer import Answer, AnswerDelta, QuestionError
from assistant.answering.llm.backends import LlmBackend
from assistant.factory import Assistant, build_assistant
from assistant.text.figures import find_figures, is_statistic
from tests.answering.llm.fakes import ScriptedChat
from tests.conftest import KNOWLEDGE

SOURCE = (KNOWLEDGE / "so-ldtbxh-tong-ket-2024.txt").read_text("utf-8")
QUESTIONS = [
    ("Toàn tỉnh còn bao nhiêu hộ nghèo?", ()),
    ("ho ngheo giam bn % so voi 2023", ()),
    ("How many workers went abroad under contracts in 2024?", ()),
    ("còn tỷ lệ thì sao?", ("Toàn tỉnh còn bao nhiêu hộ nghèo?",)),
    ("Có bao nhiêu lao động thất nghiệp năm 2024?", ()),
    ("năm 2024 tạo việc làm tăng thêm được 17.560 người, đúng không?", ()),
]
# Each chat model replies the same to every prompt, so asking and streaming see the same reply.
REPLIES = {
    "faithful": "Số hộ nghèo toàn tỉnh còn 20.498 hộ [1].",
    "hostile": "Toàn tỉnh còn 99.999 hộ nghèo, tăng 12% [1].",
    "silent": "",
}
PATHS = ["extractive", *REPLIES]


@pytest.fixture(scope="module", params=PATHS)
def answerer(request: pytest.FixtureRequest, assistant: Assistant, embeddings: Embeddings) -> Assistant:
    if request.param == "extractive":
        return assistant
    chat = ScriptedChat(replies=[REPLIES[request.param]] * 200)
    return build_assistant(assistant.settings, embeddings, llm=LlmBackend(chat, request.param))


def _values(text: str) -> set[float]:
    """The statistics a text states (citation markers "[1]" are none)."""
    return {round(f.value, 6) for f in find_figures(re.sub(r"\[\d+\]", " ", text)) if is_statistic(f)}


@pytest.mark.parametrize(("question", "history"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_a_found_answer_cites_verbatim_quotes_that_hold_its_figures(
    answerer: Assistant, question: str, history: tuple[str, ...]
) -> None:
    answer = answerer.answers.ask(question, list(history))
    if not answer.found:
        assert answer.citations == []
        return
    assert answer.citations
    for citation in answer.citations:
        assert SOURCE[citation.start : citation.end] == citation.quote
    quoted = set().union(*(_values(c.quote) for c in answer.citations))
    # The English notation repeats the quote's figures ("1,741"): read with the English separator.
    said = _values(answer.answer.split("(in English notation:")[0])
    assert said <= quoted, answer.answer


@pytest.mark.parametrize(("question", "history"), QUESTIONS[:3], ids=[q for q, _ in QUESTIONS[:3]])
def test_streaming_ends_in_the_answer_asking_gives(
    answerer: Assistant, question: str, history: tuple[str, ...]
) -> None:
    final = [item for item in answerer.answers.stream(question, list(history)) if not isinstance(item, AnswerDelta)]
    assert len(final) == 1 and isinstance(final[0], Answer)
    asked = answerer.answers.ask(question, list(history))
    assert (final[0].answer, final[0].found) == (asked.answer, asked.found)


def test_a_blank_question_is_refused_with_a_message(answerer: Assistant) -> None:
    with pytest.raises(QuestionError, match="Vui lòng nhập câu hỏi"):
        answerer.answers.ask("   ")
