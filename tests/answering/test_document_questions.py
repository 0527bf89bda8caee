"""Questions about the document itself and about places it does not cover, through the real service."""

from __future__ import annotations

import pytest

from assistant.answering.document_facts import asked_facets
from assistant.answering.lexicon import Lexicon
from assistant.factory import Assistant


@pytest.mark.parametrize(("question", "facets"), [
    ("bài này của tác giả nào vậy", ["author"]),
    ("cho xin link bài gốc với", ["url"]),
    ("bai nay dang tren bao nao", ["publisher", "url"]),
    ("who wrote this article?", ["author"]),
    ("số hộ nghèo còn bao nhiêu", []),
])
def test_document_questions_are_told_from_ordinary_ones(question: str, facets: list[str]) -> None:
    assert asked_facets(question, Lexicon.load()) == facets


def test_the_author_is_named_and_cited_to_the_byline(assistant: Assistant) -> None:
    answer = assistant.answers.ask("bài này của tác giả nào vậy, mình muốn ghi nguồn cho đúng")
    assert answer.found and "Kim Ngân" in answer.answer
    assert any("Kim Ngân" in c.quote for c in answer.citations)


def test_the_original_link_is_given_from_the_source_line(assistant: Assistant) -> None:
    answer = assistant.answers.ask("cho xin link bài gốc để đọc đầy đủ với")
    assert answer.found and "https://qrt.vn/" in answer.answer
    assert answer.citations[0].quote.startswith("Nguồn:")


def test_another_province_is_refused_by_name_not_answered_with_this_one(assistant: Assistant) -> None:
    answer = assistant.answers.ask("How many poor households does Quang Binh province have in 2024?")
    assert not answer.found and not answer.citations
    assert "Quảng Bình" in answer.answer and "20.498" not in answer.answer


def test_the_covered_province_unmarked_is_still_answered(assistant: Assistant) -> None:
    answer = assistant.answers.ask("ho ngheo o quang tri con bao nhieu ho")
    assert answer.found and "20.498" in answer.answer
