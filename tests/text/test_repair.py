import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.text.repair import Repair, TypingRepair
from assistant.text.syllables import is_syllable

ROOT = Path(__file__).resolve().parents[2]
REPORT = (ROOT / "knowledge" / "so-ldtbxh-tong-ket-2024.txt").read_text("utf-8")
LEXICON = tomllib.loads((ROOT / "assistant" / "resources" / "lexicon.toml").read_text("utf-8"))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture(scope="module")
def repair() -> TypingRepair:
    # The report plus the project's domain phrases as general vocabulary; English words protected.
    # ([document] and [places] hold English cues and proper names, not general vocabulary; hearsay
    # is kept from the repair, as the reader keeps it.)
    vocabulary = [s for name, value in LEXICON.items() if name not in ("english_stop", "document", "places", "hearsay")
                  for s in _strings(value)]
    # English words that are also Vietnamese syllables ("so", "the") are left to the repair to judge.
    english = [w for w in LEXICON["english_stop"] if not is_syllable(w)]
    return TypingRepair([REPORT], vocabulary=vocabulary, protected=english)


@pytest.fixture(scope="module")
def bare() -> TypingRepair:
    return TypingRepair([REPORT])


def test_telex_question(repair: TypingRepair) -> None:
    assert "hộ nghèo" in repair.repair("so hooj ngheof nam 2024").text


def test_vni_question(repair: TypingRepair) -> None:
    assert "hộ nghèo" in repair.repair("ho65 ngh2eo nam 2024").text


def test_unmarked_words_are_marked_when_neighbours_agree(repair: TypingRepair) -> None:
    assert repair.repair("ty le ho ngheo").text in ("ty le ho ngheo", "tỷ lệ hộ nghèo")
    assert repair.repair("ho ngheo").text == "hộ nghèo"


def test_typo_and_missing_marks(repair: TypingRepair) -> None:
    assert repair.repair("gaio duc nghe nghiep").text == "giáo dục nghề nghiệp"


def test_shorthand_question(repair: TypingRepair) -> None:
    assert repair.repair("bn ng đc dao tao nghe").text == "bao nhiêu người được đào tạo nghề"


def test_sector_acronym(repair: TypingRepair) -> None:
    assert repair.repair("XKLĐ").text == "xuất khẩu lao động"
    assert "lao động thương binh và xã hội" in repair.repair("so LĐ-TB&XH").text


def test_two_capitals_are_the_term_the_documents_use_in_that_company(repair: TypingRepair) -> None:
    # "ĐT" after "qua" is "đào tạo" (the report says "qua đào tạo"); typed in lower case, or where
    # the report never puts the term ("số ĐT", a phone number), two letters stay as typed.
    assert repair.repair("tỷ lệ LĐ qua ĐT").text == "tỷ lệ lao động qua đào tạo"
    assert "đào tạo" not in repair.repair("số ĐT của sở").text
    assert "đào tạo" not in repair.repair("lao động qua đt").text


def test_partial_and_wrong_marks(repair: TypingRepair) -> None:
    assert repair.repair("tỷ lê hộ ngheo").text == "tỷ lệ hộ nghèo"
    assert repair.repair("nghê nghiệp").text == "nghề nghiệp"


def test_sentence_final_shorthand(repair: TypingRepair) -> None:
    assert repair.repair("ho ngheo bn z?").text == "hộ nghèo bao nhiêu vậy?"


@pytest.mark.parametrize("untouched", ["so", "ho", "co", "2024", "4,61%", "how many", "17.056 người",
                                       "how many poor households in 2024",
                                       "Số lao động được tạo việc làm là bao nhiêu?"])
def test_words_that_must_not_change(repair: TypingRepair, untouched: str) -> None:
    result = repair.repair(untouched)
    assert result == Repair(untouched, ())


def test_english_stays_english_without_a_protected_list(bare: TypingRepair) -> None:
    assert bare.repair("how many").text == "how many"


def test_changes_list_what_was_replaced(repair: TypingRepair) -> None:
    result = repair.repair("hooj ngheo")
    assert result.changes == (("hooj", "hộ"), ("ngheo", "nghèo"))


def test_capital_letter_is_kept(repair: TypingRepair) -> None:
    assert repair.repair("Gaio duc").text == "Giáo dục"


def test_a_plausible_word_outside_the_corpus_is_left(repair: TypingRepair) -> None:
    # "biet" ("biết") is not in the report; nothing forces it into a corpus word.
    assert repair.repair("k biet").text == "không biet"


def test_new_words_come_from_the_texts_given() -> None:
    other = TypingRepair(["Bảo hiểm thất nghiệp được chi trả đúng hạn."])
    assert other.repair("bao hiem that nghiep").text == "bảo hiểm thất nghiệp"


def test_a_repair_is_fast(repair: TypingRepair) -> None:
    question = "cho minh hoi so hooj ngheof nam 2024 cua tinh la bn va ty le ho ngheo giam bn so voi nam 2023 z"
    assert len(question.split()) >= 20
    start = time.perf_counter()
    for _ in range(20):
        repair.repair(question)
    assert (time.perf_counter() - start) / 20 < 0.005


def test_money_units_after_a_figure(repair: TypingRepair) -> None:
    assert repair.repair("thu dc 7 ty d").text == "thu được 7 tỷ đồng"
    assert repair.repair("5 tr d").text == "5 triệu đồng"


def test_english_words_that_read_as_telex_are_kept(bare: TypingRepair) -> None:
    # "test" would be Telex for "tét": a tone key alone is not evidence enough outside the corpus.
    assert bare.repair("test online email").text == "test online email"
    assert bare.repair("is it ok").text == "is it ok"


def test_document_acronym_needs_no_table(bare: TypingRepair) -> None:
    assert bare.repair("tuyen sinh GDNN").text.endswith("giáo dục nghề nghiệp")


def test_vietnamese_the_is_not_english(repair: TypingRepair) -> None:
    # "the" is protected only as English; before "nao" it is "thế" ("thế nào" is a known phrase).
    assert repair.repair("the nao la ho ngheo").text.startswith("thế nào")


def test_a_wrong_tone_that_made_another_real_word_is_mended_by_its_company(repair: TypingRepair) -> None:
    # "chi tiêu" (spending) is a word, but the report only ever writes "chỉ tiêu chủ yếu".
    assert repair.repair("bao nhiêu nhóm chi tiêu chủ yếu").text == "bao nhiêu nhóm chỉ tiêu chủ yếu"
    # In company the report has, a real word stays as typed.
    assert repair.repair("chi tiết chỉ tiêu").text == "chi tiết chỉ tiêu"

