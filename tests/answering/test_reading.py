"""The question reader: typing repaired against the report, and how its words are matched."""

from __future__ import annotations

import pytest

from assistant.answering.lexicon import Lexicon
from assistant.answering.reading import QuestionReader, place_definitions
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def reader() -> QuestionReader:
    text = (KNOWLEDGE / "so-ldtbxh-tong-ket-2024.txt").read_text("utf-8")
    return QuestionReader([text], ["tỉnh Quảng Trị"], Lexicon.load())


def test_a_place_is_shortened_to_its_initials() -> None:
    assert place_definitions(["tỉnh Quảng Trị", "thành phố Hồ Chí Minh"]) == ["Quảng Trị (QT)", "Hồ Chí Minh (HCM)"]


def test_the_province_initials_read_as_the_province(reader: QuestionReader) -> None:
    assert "quảng trị" in reader.read("tỷ lệ hộ nghèo ở QT").text.lower()


def test_an_acronym_the_report_writes_stays_as_written(reader: QuestionReader) -> None:
    assert "UBND" in reader.read("Phó Chủ tịch UBND tỉnh là ai").text


def test_telex_and_shorthand_are_mended(reader: QuestionReader) -> None:
    reading = reader.read("so hooj ngheof con bn")
    assert "hộ nghèo" in reading.text and "bao nhiêu" in reading.text
    assert reading.unmarked  # typed without marks: the repair's marks are not trusted for matching


def test_a_marked_question_is_matched_with_its_marks(reader: QuestionReader) -> None:
    assert not reader.read("Số hộ nghèo còn bao nhiêu?").unmarked


def test_an_unmarked_word_beside_marked_ones_is_marked_or_matched_without_marks(reader: QuestionReader) -> None:
    reading = reader.read("tuyen sinh giáo dục nghề nghiệp")
    assert "tuyển sinh" in reading.text or reading.unmarked


def test_a_word_the_lexicon_knows_is_no_slip_to_mend(reader: QuestionReader) -> None:
    # "alo" (a phone greeting) is one letter away from the report's "lao": it stays a greeting.
    assert "lao" not in reader.read("alo ad, nam 2024 tao viec lam dc bn ng").text.split()[0]


def test_hearsay_typed_as_it_is_does_not_make_a_question_unmarked(reader: QuestionReader) -> None:
    assert not reader.read("Nghe nói Sở đạt 5/9 chỉ tiêu, đúng không?").unmarked
