"""Whether a clause holds the figure asked, in the role asked (pure functions, hand-made clauses)."""

from __future__ import annotations

from assistant.answering.asked import Asked
from assistant.answering.lexicon import Lexicon
from assistant.answering.roles import is_the_target, kind_score, names_what_is_asked, plays_role
from assistant.text.figures import find_figures

LEXICON = Lexicon.load()


def test_a_change_asked_needs_the_figures_own_clause_to_say_a_change() -> None:
    clauses = ["Tỷ lệ hộ nghèo còn 4,61%", "tương ứng giảm 0,96%"]
    assert plays_role("0,96%", clauses, percent=True, asks_change=True)
    assert not plays_role("4,61%", clauses, percent=True, asks_change=True)
    assert plays_role("4,61%", clauses, percent=True, asks_change=False)


def test_a_percentage_asked_is_not_answered_by_a_count() -> None:
    asked = Asked(frozenset({"percent"}))
    text = "Số hộ nghèo còn 20.498 hộ"
    assert kind_score(asked, text, [text]) == (0.0, False)
    rate = "tỷ lệ hộ nghèo còn 4,61%"
    assert kind_score(asked, rate, [rate])[1]


def test_who_is_answered_by_a_person_not_an_institution() -> None:
    asked = Asked(frozenset({"person"}))
    person = "Hội nghị do ông Nguyễn Văn An chủ trì"
    office = "Hội nghị do Sở Lao động chủ trì"
    assert kind_score(asked, person, [person])[1]
    assert not kind_score(asked, office, [office])[1]


def test_which_target_is_named_not_counted() -> None:
    plural = LEXICON.which_plural
    assert names_what_is_asked("tiêu", "chỉ tiêu giảm nghèo vượt kế hoạch", plural)
    assert not names_what_is_asked("tiêu", "có 6 chỉ tiêu vượt kế hoạch", plural)
    assert not names_what_is_asked("*", "chỉ tiêu giảm nghèo", plural)


def test_a_targets_value_is_not_the_result_measured_against_it() -> None:
    asked = Asked(frozenset({"count"}), target=tuple(LEXICON.target), results=tuple(LEXICON.target_results))
    planned = "kế hoạch giao là 18.000 lao động"
    figure = find_figures(planned)[0]
    assert is_the_target(figure, planned, asked)
    result = "giảm 0,96%, vượt chỉ tiêu giao"
    assert not is_the_target(find_figures(result)[0], result, asked)


def test_a_clause_of_only_the_questions_own_words_answers_nothing() -> None:
    asked = Asked(frozenset(), said=frozenset({"kết", "quả", "giảm", "nghèo"}))
    assert kind_score(asked, "giảm nghèo", ["giảm nghèo"]) == (0.0, False)
    fuller = "giảm 4.171 hộ nghèo so với năm 2023"
    assert kind_score(asked, fuller, [fuller])[1]
