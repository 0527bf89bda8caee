"""Numbers a model may write in words are read, and ordinary words are not taken for numbers."""

import pytest

from assistant.text.number_words import number_word_figures


def values(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.kind) for f in number_word_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("có sáu chỉ tiêu", [(6, "number")]),
        ("còn hai mươi nghìn bốn trăm chín mươi tám hộ", [(20498, "number")]),
        ("mười lăm người", [(15, "number")]),
        ("hai mươi mốt xã", [(21, "number")]),
        ("một trăm lẻ năm hộ", [(105, "number")]),
        ("hai nghìn năm trăm người", [(2500, "number")]),
        ("gần bảy tỷ đồng", [(7e9, "number")]),
        ("bốn phẩy sáu mốt phần trăm", [(4.61, "percent")]),
        ("giảm không phẩy chín sáu", [(0.96, "number")]),
        ("năm người", [(5, "number")]),
        ("seventeen thousand fifty-six workers", [(17056, "number")]),
        ("two hundred households", [(200, "number")]),
    ],
)
def test_number_words_are_read(text: str, expected: list[tuple[float, str]]) -> None:
    found = values(text)
    assert [kind for _, kind in found] == [kind for _, kind in expected]
    assert [value for value, _ in found] == pytest.approx([value for value, _ in expected])


@pytest.mark.parametrize(
    "text",
    ["Năm 2024, toàn tỉnh", "trong năm qua", "một số chỉ tiêu", "không có thông tin", "đầu tư công",
     "so với năm trước", "one of the targets", "cả năm."],
)
def test_ordinary_words_are_not_numbers(text: str) -> None:
    assert values(text) == []


def test_ten_years_is_not_fifteen() -> None:
    assert values("sau mười năm") == [(10, "number")]


def test_vague_amounts_are_figures_too() -> None:
    (figure,) = number_word_figures("hàng nghìn người")
    assert figure.value == 1000 and figure.approximate
