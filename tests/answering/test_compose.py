"""The wording of an extractive answer from a chosen clause, and of a refusal, without a model."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from assistant.answering import compose
from assistant.answering.evidence import Evidence
from assistant.answering.lexicon import Lexicon
from assistant.answering.messages import NEAR_MISS, NOT_FOUND
from assistant.answering.question import analyse
from assistant.text.segments import Span

LEXICON = Lexicon.load()
POOR = "Đến cuối năm 2024, số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%), tương ứng giảm 0,96% so với năm 2023."
FUND = "Quỹ Bảo trợ trẻ em tỉnh vận động được gần 7 tỷ đồng."


def evidence(text: str, clause: str, contradicts: str | None = None, **metadata: object) -> Evidence:
    """The clause of `text` as chosen evidence, its sentence being the whole text."""
    meta = {"doc_id": "bao-cao-2024", "title": "Báo cáo tổng kết năm 2024", "period": "năm 2024", "start": 1000,
            "url": "", **metadata}
    start = text.index(clause)
    sentence = Span(0, len(text))
    return Evidence(Document(page_content=text, metadata=meta), Span(start, start + len(clause)), sentence,
                    score=1.0, coverage=1.0, found=True, contradicts=contradicts)


POOR_COUNT = evidence(POOR, "số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%)")


def test_the_answer_starts_from_the_clauses_subject_and_cites_it() -> None:
    answer = compose.found_answer([POOR_COUNT], "vi", several_documents=False)
    assert answer.found
    assert answer.answer == "Theo báo cáo, số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%) [1]."


def test_a_clause_opening_its_sentence_is_lower_cased_after_theo() -> None:
    clause = evidence("Tỷ lệ hộ nghèo còn 4,61%.", "Tỷ lệ hộ nghèo còn 4,61%")
    assert compose.found_answer([clause], "vi", False).answer == "Theo báo cáo, tỷ lệ hộ nghèo còn 4,61% [1]."


def test_a_name_opening_its_sentence_keeps_its_capital() -> None:
    fund = evidence(FUND, FUND.rstrip("."))
    assert compose.found_answer([fund], "vi", False).answer.startswith("Theo báo cáo, Quỹ Bảo trợ")


def test_the_answer_keeps_the_sources_figures_verbatim() -> None:
    answer = compose.found_answer([POOR_COUNT], "vi", False).answer
    assert "20.498" in answer and "4,61%" in answer


def test_among_several_documents_the_answer_names_each_source_and_its_period() -> None:
    fund = evidence(FUND, FUND.rstrip("."), doc_id="quy", title="Thông báo Quỹ")
    answer = compose.found_answer([POOR_COUNT, fund], "vi", several_documents=True)
    assert answer.answer == (
        "Theo «Báo cáo tổng kết năm 2024» (năm 2024), số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%) [1]. "
        "Theo «Thông báo Quỹ» (năm 2024), Quỹ Bảo trợ trẻ em tỉnh vận động được gần 7 tỷ đồng [2]."
    )
    assert [c.n for c in answer.citations] == [1, 2]
    assert [c.document for c in answer.citations] == ["bao-cao-2024", "quy"]


def test_an_english_answer_quotes_the_source_and_gives_english_notation() -> None:
    answer = compose.found_answer([POOR_COUNT], "en", False)
    assert answer.answer == (
        "According to the report: “số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%)” [1] "
        "(in English notation: 20,498; 4.61%)."
    )
    assert answer.language == "en"


def test_an_approximate_figure_stays_approximate_in_english() -> None:
    fund = evidence(FUND, FUND.rstrip("."))
    assert "about 7 billion VND" in compose.found_answer([fund], "en", False).answer


def test_the_citation_points_at_the_quoted_sentence_and_highlights_the_clause() -> None:
    [citation] = compose.found_answer([POOR_COUNT], "vi", False).citations
    assert citation.quote == POOR
    assert (citation.start, citation.end) == (1000, 1000 + len(POOR))  # in the document's coordinates
    highlighted = POOR[citation.highlight_start - 1000 : citation.highlight_end - 1000]
    assert highlighted == "số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%)"
    assert citation.title == "Báo cáo tổng kết năm 2024"
    assert citation.url is None  # an empty field is no link
    assert citation.period == "năm 2024"


def test_an_opening_goes_before_the_first_statement() -> None:
    answer = compose.found_answer([POOR_COUNT], "vi", False, opening="Đúng. ")
    assert answer.answer.startswith("Đúng. Theo báo cáo,")


def test_a_confirmation_gets_yes_when_the_clause_says_the_figure() -> None:
    question = analyse("Số hộ nghèo còn 20.498 hộ, đúng không?", LEXICON)
    assert compose.lead(question, POOR_COUNT) == "Đúng. "


def test_a_confirmation_gets_no_when_the_clause_says_another_figure() -> None:
    question = analyse("Số hộ nghèo còn 21.000 hộ, đúng không?", LEXICON)
    lead = compose.lead(question, POOR_COUNT)
    assert lead == "Không đúng, báo cáo ghi khác. "
    assert "21.000" not in lead  # the user's own figure never comes back


def test_a_question_assuming_a_rise_is_told_the_report_does_not_say_so() -> None:
    question = analyse("Số hộ nghèo tăng bao nhiêu?", LEXICON)
    fell = evidence(POOR, "tương ứng giảm 0,96% so với năm 2023", contradicts="tăng")
    assert compose.lead(question, fell) == "Báo cáo không nói tăng. "


def test_a_plain_question_gets_no_lead() -> None:
    assert compose.lead(analyse("Số hộ nghèo còn bao nhiêu?", LEXICON), POOR_COUNT) == ""


def test_a_refusal_names_the_topic_in_the_users_words_without_figures() -> None:
    topic = compose.asked_topic(analyse("Số trâu bò năm 2024 của tỉnh là 5.000 con phải không?", LEXICON))
    assert "trâu bò" in topic
    assert not any(ch.isdigit() for ch in topic)
    answer = compose.not_found_answer("vi", topic)
    assert not answer.found and answer.citations == []
    assert answer.answer.startswith(f"Báo cáo không có thông tin về «{topic}».")


def test_a_refusal_topic_is_bounded() -> None:
    animals = "trâu bò gà vịt lợn dê ngỗng ngan cừu ngựa lừa voi hổ báo gấu sói cáo thỏ chuột mèo chó"
    topic = compose.asked_topic(analyse(f"Số {animals} là bao nhiêu?", LEXICON))
    assert len(topic) <= compose.MAX_TOPIC_CHARS + 1
    assert topic.endswith("…")
    assert topic.startswith("Số trâu bò gà vịt")


@pytest.mark.xfail(strict=True, reason="known bug: asked_topic places a repeated word at its first occurrence")
def test_a_refusal_topic_with_a_repeated_word_keeps_the_users_order() -> None:
    assert compose.asked_topic(analyse("Số xe máy và số xe đạp là bao nhiêu?", LEXICON)) == "Số xe máy số xe đạp"


def test_a_refusal_with_no_topic_says_so_plainly() -> None:
    answer = compose.not_found_answer("vi")
    assert answer.answer == NOT_FOUND["vi"]
    assert compose.not_found_answer("en").answer == "The report has no information that answers this question."


def test_a_near_miss_offers_the_questions_the_report_answers() -> None:
    answer = compose.not_found_answer("vi", "trâu bò", suggestions=["Số hộ nghèo còn bao nhiêu?"])
    assert answer.answer == NEAR_MISS["vi"] + "\n• Số hộ nghèo còn bao nhiêu?"
    assert answer.suggestions == ["Số hộ nghèo còn bao nhiêu?"]
    assert not answer.found


def test_a_question_asking_no_figure_is_answered_by_the_whole_short_sentence() -> None:
    areas = "Hội nghị bàn nhiệm vụ trong lĩnh vực lao động, người có công và xã hội."
    chosen = evidence(areas, "Hội nghị bàn nhiệm vụ trong lĩnh vực lao động")
    listed = compose.found_answer([chosen], "vi", False, whole=True).answer
    assert "người có công và xã hội" in listed  # the list runs past the clause that matched
    assert "người có công" not in compose.found_answer([chosen], "vi", False).answer


def test_a_sentence_that_names_its_source_is_not_prefixed_again() -> None:
    text = "Theo báo cáo sơ bộ của 18/18 huyện, số hộ nghèo toàn tỉnh còn 20.498 hộ."
    answer = compose.found_answer([evidence(text, "số hộ nghèo toàn tỉnh còn 20.498 hộ")], "vi", False, whole=True)
    assert answer.answer.startswith("Theo báo cáo sơ bộ của 18/18 huyện") and answer.answer.count("Theo báo cáo") == 1
