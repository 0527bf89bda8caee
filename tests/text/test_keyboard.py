import pytest

from assistant.text.keyboard import decode_telex, decode_vni, place_tone


@pytest.mark.parametrize(("typed", "meant"), [
    ("hooj", "hộ"), ("ngheof", "nghèo"), ("ddoongj", "động"), ("tyr", "tỷ"), ("xuaats", "xuất"),
    ("khaaur", "khẩu"), ("nawm", "năm"), ("uw", "ư"), ("w", "ư"), ("nguoiwf", "người"),
    ("truwowngf", "trường"), ("dduowcj", "được"), ("giaos", "giáo"), ("ddi", "đi"), ("tuaan", "tuân"),
    ("nhwng", "nhưng"), ("hoaf", "hòa"),
])
def test_telex_keystrokes_decode(typed: str, meant: str) -> None:
    assert decode_telex(typed) == meant


@pytest.mark.parametrize("plain", ["so", "ho", "trong", "tu", "xoong", "nghe", "2024", "hộ", "many", "xkld"])
def test_plain_words_are_not_telex(plain: str) -> None:
    assert decode_telex(plain) is None


@pytest.mark.parametrize(("typed", "meant"), [
    ("ho65", "hộ"), ("ngh2eo", "nghèo"), ("nghe2o", "nghèo"), ("d9o65ng", "động"), ("tu7", "tư"),
    ("ngu7o7i2", "người"), ("nguoi72", "người"), ("d9u7o7c5", "được"), ("na8m", "năm"),
])
def test_vni_keystrokes_decode(typed: str, meant: str) -> None:
    assert decode_vni(typed) == meant


@pytest.mark.parametrize("plain", ["2024", "so", "4,61", "b0", "ho0", "x1y2"])
def test_figures_and_plain_words_are_not_vni(plain: str) -> None:
    assert decode_vni(plain) is None


def test_a_decoding_that_is_no_syllable_is_refused() -> None:
    assert decode_telex("ddddd") is None
    assert decode_vni("h6") is None


def test_tone_goes_where_vietnamese_puts_it() -> None:
    assert place_tone("hoa", "\u0300") == "hòa"
    assert place_tone("toan", "\u0301") == "toán"
    assert place_tone("nguơi", "\u0300") == "nguời"
