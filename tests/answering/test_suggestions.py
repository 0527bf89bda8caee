"""Near misses: a refusal that names what was asked, and offers questions the report answers."""

from __future__ import annotations

import pytest

from assistant.answering.suggestions import question_for
from assistant.factory import Assistant


@pytest.mark.parametrize(("clause", "question"), [
    ("đưa 1.741 lao động đi làm việc ở nước ngoài theo hợp đồng",
     "Đưa bao nhiêu lao động đi làm việc ở nước ngoài theo hợp đồng?"),
    ("Năm 2024, số hộ nghèo toàn tỉnh còn 20.498 hộ", "Số hộ nghèo toàn tỉnh còn bao nhiêu hộ?"),
    ("tỷ lệ lao động qua đào tạo đạt 74,62%", "Tỷ lệ lao động qua đào tạo đạt bao nhiêu phần trăm?"),
    ("Thị xã, thành phố, số hộ nghèo toàn tỉnh còn 20.498 hộ", "Số hộ nghèo toàn tỉnh còn bao nhiêu hộ?"),
    ("vận động thu Quỹ Bảo trợ trẻ em tỉnh được gần 7 tỷ đồng",
     "Vận động thu Quỹ Bảo trợ trẻ em tỉnh được bao nhiêu tiền?"),
])
def test_a_clause_becomes_the_question_it_answers_without_its_figure(clause: str, question: str) -> None:
    assert question_for(clause) == question


@pytest.mark.parametrize("clause", ["tổ chức Hội nghị tổng kết năm 2024", "đạt 98%", "có 5 người"])
def test_a_clause_that_does_not_say_what_its_figure_is_gives_no_question(clause: str) -> None:
    assert question_for(clause) is None


def test_a_near_miss_offers_questions_that_each_get_a_cited_answer(assistant: Assistant) -> None:
    refused = assistant.answers.ask("Tỷ lệ hộ cận nghèo năm 2024 là bao nhiêu?")
    assert not refused.found and not refused.citations and refused.suggestions
    assert refused.answer.startswith("Báo cáo không nói trực tiếp")
    for suggestion in refused.suggestions:
        assert suggestion in refused.answer
        assert not any(ch.isdigit() for ch in suggestion.replace("2024", ""))
        clicked = assistant.answers.ask(suggestion)
        assert clicked.found and clicked.citations


def test_a_question_about_nothing_the_report_has_names_what_was_asked(assistant: Assistant) -> None:
    refused = assistant.answers.ask("Mức lương tối thiểu vùng năm 2025 là 5 triệu phải không?")
    assert not refused.found and not refused.suggestions
    assert "lương tối thiểu vùng" in refused.answer
    assert "5 triệu" not in refused.answer and "2025" not in refused.answer
