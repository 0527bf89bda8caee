"""The figure guard on its own: which sentences of a model's answer may be shown.

The clauses are the report's; the answers are the kinds of mistakes models make.
"""

import pytest

from assistant.answering.llm.citations import Renumbering
from assistant.answering.llm.guard import GuardSource, check_sentence, states_an_answer
from assistant.answering.llm.sentences import split_sentences
from assistant.text.stated_figures import clause_figures, read_figures, years_in

POOR = GuardSource(1, clause_figures("số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%)"), years_in("2024"))
ABROAD = GuardSource(1, clause_figures("đưa 1.741 lao động đi làm việc ở nước ngoài theo hợp đồng"))
FUND = GuardSource(1, clause_figures("vận động thu Quỹ Bảo trợ trẻ em tỉnh được gần 7 tỷ đồng"))
TARGETS = GuardSource(1, clause_figures("toàn ngành đã hoàn thành và hoàn thành vượt mức 08/9 chỉ tiêu chủ yếu"))
DECREASE = GuardSource(1, clause_figures("giảm 4.171 hộ nghèo so với năm 2023"), years_in("2024"))


@pytest.mark.parametrize(
    ("source", "sentence"),
    [
        (POOR, "Toàn tỉnh còn 20.498 hộ nghèo [1]."),
        (POOR, "Năm 2024, toàn tỉnh còn 20.498 hộ nghèo, chiếm 4,61% [1]."),
        (POOR, "Số hộ nghèo là 20498 hộ [1]."),
        (POOR, "Tỷ lệ hộ nghèo là 4,61 phần trăm [1]."),
        (POOR, "Toàn tỉnh còn hai mươi nghìn bốn trăm chín mươi tám hộ nghèo [1]."),
        (POOR, "Toàn tỉnh còn khoảng 20.498 hộ nghèo [1]."),
        (FUND, "Quỹ vận động được gần 7 tỷ đồng [1]."),
        (FUND, "Quỹ thu được gần bảy tỷ đồng [1]."),
        (TARGETS, "Toàn ngành hoàn thành 8/9 chỉ tiêu chủ yếu [1]."),
        (TARGETS, "Toàn ngành hoàn thành tám trên chín chỉ tiêu [1]."),
        (DECREASE, "Số hộ nghèo giảm 4.171 hộ so với năm 2023 [1]."),
        (ABROAD, "Tỉnh đã đưa 1.741 lao động đi làm việc ở nước ngoài. [1]"),
    ],
)
def test_faithful_sentences_pass(source: GuardSource, sentence: str) -> None:
    assert check_sentence(sentence, [source], "vi") is None


@pytest.mark.parametrize(
    ("source", "sentence", "kind"),
    [
        (POOR, "Toàn tỉnh còn 20.499 hộ nghèo [1].", "figure"),  # one digit changed
        (POOR, "Năm 2023 có 24.669 hộ nghèo [1].", "figure"),  # computed: 20.498 + 4.171
        (POOR, "Toàn tỉnh còn 20.498 hộ nghèo.", "uncited"),
        (POOR, "Toàn tỉnh còn 20.498 hộ nghèo [2].", "citation"),
        (POOR, "Toàn tỉnh còn 20.498 người nghèo [1].", "figure"),  # right digits, wrong unit
        (POOR, "Toàn tỉnh còn hơn 20.498 hộ nghèo [1].", "figure"),
        (POOR, "Tỷ lệ hộ nghèo là 4.61% [1].", "unreadable"),
        (POOR, "Toàn tỉnh còn 20 nghìn hộ nghèo [1].", "figure"),  # rounded
        (POOR, "Báo cáo không có thông tin này.", "refusal"),
        (ABROAD, "Tỉnh đưa 6 lao động đi làm việc ở nước ngoài [1].", "figure"),  # "6 chỉ tiêu" is elsewhere
        (ABROAD, "Tỉnh đưa sáu nghìn lao động đi làm việc ở nước ngoài [1].", "figure"),
        (DECREASE, "Số hộ nghèo giảm 2,61% so với năm 2023 [1].", "figure"),  # invented
        (DECREASE, "Số hộ nghèo giảm 4.171 hộ so với năm 2022 [1].", "figure"),
        (FUND, "Quỹ thu được 7 tỷ đồng [1].", "figure"),  # "gần" dropped
        (FUND, "Quỹ thu được hơn 7 tỷ đồng [1].", "figure"),
        (TARGETS, "Toàn ngành hoàn thành 9/9 chỉ tiêu [1].", "figure"),
    ],
)
def test_unfaithful_sentences_fail(source: GuardSource, sentence: str, kind: str) -> None:
    problem = check_sentence(sentence, [source], "vi")
    assert problem is not None and problem.kind == kind


def test_english_answers_may_use_english_separators() -> None:
    assert check_sentence("There are 20,498 poor households, or 4.61% [1].", [POOR], "en") is None
    assert check_sentence("The fund raised nearly 7 billion dong [1].", [FUND], "en") is None
    assert check_sentence("There are 20,499 poor households [1].", [POOR], "en") is not None


def test_a_figure_must_be_in_the_source_the_sentence_cites() -> None:
    context = GuardSource(2, (), years_in("2024"))
    assert check_sentence("Toàn tỉnh còn 20.498 hộ nghèo [2].", [POOR, context], "vi") is not None
    assert check_sentence("Toàn tỉnh còn 20.498 hộ nghèo [1, 2].", [POOR, context], "vi") is None


def test_digits_the_guard_cannot_read_fail_closed() -> None:
    _, unreadable = read_figures("còn 20.498.5 hộ")
    assert unreadable


def test_an_answer_must_state_the_clause_figure() -> None:
    assert states_an_answer("Toàn tỉnh còn 20.498 hộ nghèo [1].", [POOR], "vi")
    assert not states_an_answer("Theo báo cáo, số hộ nghèo đã giảm [1].", [POOR], "vi")
    assert not states_an_answer("Toàn tỉnh còn 20.498 hộ nghèo.", [POOR], "vi")


def test_sentences_are_released_only_when_complete() -> None:
    assert split_sentences("Còn 20.498 hộ", False) == ([], "Còn 20.498 hộ")
    assert split_sentences("Còn 20.498 hộ nghèo.", False) == ([], "Còn 20.498 hộ nghèo.")  # a [1] may follow
    assert split_sentences("Còn 20.498 hộ nghèo. [1] Tỷ", False) == (["Còn 20.498 hộ nghèo. [1]"], " Tỷ")
    assert split_sentences("Còn 20.498 hộ nghèo [1]. Tỷ lệ", True) == (["Còn 20.498 hộ nghèo [1].", " Tỷ lệ"], "")


def test_citations_are_renumbered_in_order_of_first_use() -> None:
    renumbering = Renumbering()
    assert renumbering.apply("A [3]. B [1][1].") == "A [1]. B [2]."
    assert renumbering.apply("C [1, 3].") == "C [2, 1]."
    assert renumbering.order == [3, 1]
