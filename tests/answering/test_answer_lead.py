"""Yes/no first for a confirmation, and a wrong assumption about a change said to be wrong."""

from __future__ import annotations

from assistant.factory import Assistant


def test_a_wrong_figure_to_confirm_gets_no_and_the_reports_figure(assistant: Assistant) -> None:
    answer = assistant.answers.ask("năm 2024 tạo việc làm tăng thêm được 17.560 người, đúng không?")
    assert answer.found and answer.answer.startswith("Không đúng")
    assert "17.056" in answer.answer and "17.560" not in answer.answer


def test_a_right_figure_to_confirm_gets_yes(assistant: Assistant) -> None:
    answer = assistant.answers.ask("năm 2024 tạo việc làm tăng thêm 17.056 người đúng không")
    assert answer.found and answer.answer.startswith("Đúng.") and "17.056" in answer.answer


def test_a_rise_that_was_a_fall_is_corrected_with_the_cited_decrease(assistant: Assistant) -> None:
    answer = assistant.answers.ask("Sao năm 2024 hộ nghèo lại tăng lên vậy, tăng bao nhiêu hộ?")
    assert answer.found and answer.answer.startswith("Báo cáo không nói tăng")
    assert "giảm 4.171" in answer.answer and "tăng 4.171" not in answer.answer


def test_an_ordinary_question_has_no_lead(assistant: Assistant) -> None:
    answer = assistant.answers.ask("Số hộ nghèo giảm bao nhiêu so với năm 2023?")
    assert answer.answer.startswith("Theo báo cáo") and "4.171" in answer.answer


def test_an_english_answer_gives_figures_the_english_way_and_quotes_the_source(assistant: Assistant) -> None:
    answer = assistant.answers.ask("How many workers went abroad to work under contracts in 2024?")
    assert answer.found and "1,741" in answer.answer and "1.741" in answer.citations[0].quote


def test_a_figure_to_confirm_is_compared_by_value_not_by_spelling(assistant: Assistant) -> None:
    # The report writes "08/9" and "17.056"; the user types "8/9" and "17056".
    assert assistant.answers.ask("có phải sở hoàn thành 8/9 chỉ tiêu không").answer.startswith("Đúng")
    assert assistant.answers.ask("có phải 17056 lao động được tạo việc làm không").answer.startswith("Đúng")
