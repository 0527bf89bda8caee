import pytest

from assistant.text.syllables import is_syllable, split_folded, tone_of


@pytest.mark.parametrize("word", ["so", "ho", "co", "trong", "tu", "nghèo", "ngheo", "đồng", "xuất", "khẩu",
                                  "người", "nguyễn", "quyết", "giáo", "gìn", "huỳnh", "xoong", "khuya", "việc"])
def test_real_syllables_pass(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["hooj", "ngheof", "ddoongj", "tyr", "how", "many", "gaio", "uw", "ho65",
                                  "xkld", "ka", "ce", "ghe" + "a", "ing"])
def test_keystrokes_and_foreign_words_fail(word: str) -> None:
    assert not is_syllable(word)


def test_stop_finals_take_only_rising_tones() -> None:
    assert is_syllable("học")
    assert not is_syllable("hòc")
    assert not is_syllable("hóà")  # two tone marks


def test_parts_and_tone() -> None:
    assert split_folded("nghieng") == ("ngh", "ie", "ng")
    assert split_folded("giao") == ("gi", "a", "o") or split_folded("giao") == ("gi", "ao", "")
    assert tone_of("nghèo") == "grave"
    assert tone_of("nghe") is None
