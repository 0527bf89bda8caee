import pytest

from assistant.text.figures import english_notation, find_figures, parse_number


@pytest.mark.parametrize(
    ("written", "value"),
    [("17.056", 17056), ("17056", 17056), ("74,62", 74.62), ("1.234.567", 1234567), ("0,96", 0.96)],
)
def test_vietnamese_number_forms(written: str, value: float) -> None:
    assert parse_number(written) == pytest.approx(value)


def test_kinds_of_figures_are_told_apart() -> None:
    text = "Sáng ngày 31/12, hoàn thành 08/9 chỉ tiêu; đạt 74,62%; thu gần 7 tỷ đồng năm 2024."
    found = {f.text: f for f in find_figures(text)}
    assert found["31/12"].kind == "date"
    assert found["08/9"].kind == "ratio" and found["08/9"].value == 8 and found["08/9"].total == 9
    assert found["74,62%"].kind == "percent" and found["74,62%"].value == pytest.approx(74.62)
    assert found["7 tỷ đồng"].kind == "money" and found["7 tỷ đồng"].approximate
    assert found["7 tỷ đồng"].value == 7e9
    assert found["2024"].kind == "year"


def test_a_figure_inside_a_word_or_longer_number_is_not_split() -> None:
    assert [f.text for f in find_figures("mã ABC123 và 1.741 lao động")] == ["1.741"]


def test_same_figure_written_two_ways_has_one_key() -> None:
    (dotted,) = find_figures("17.056 người")
    (plain,) = find_figures("17056 người")
    assert dotted.key() == plain.key()


@pytest.mark.parametrize(("written", "english"), [
    ("17.056 người", "17,056"), ("giảm 0,96%", "0.96%"), ("đạt 74,62%", "74.62%"),
    ("được gần 7 tỷ đồng", "about 7 billion VND"), ("1.234,5 triệu", "1,234.5 million"), ("08/9 chỉ tiêu", "08/9"),
])
def test_a_figure_in_english_notation(written: str, english: str) -> None:
    assert english_notation(find_figures(written)[0]) == english
