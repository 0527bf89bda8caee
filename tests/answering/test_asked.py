"""What a question asks of its answer's figure, read from the question alone (no passages)."""

from __future__ import annotations

from assistant.answering.asked import Asked, asked_by, asks_target, judged_concepts, must_say, says_any
from assistant.answering.lexicon import Lexicon
from assistant.answering.question import analyse

LEXICON = Lexicon.load()


def asked(question: str, asks_change: bool = False) -> Asked:
    return asked_by(analyse(question, LEXICON), LEXICON, asks_change)


def test_a_phrase_is_said_whole_and_with_or_without_marks() -> None:
    assert says_any("Chỉ tiêu nào chưa đạt?", ["chưa đạt"])
    assert says_any("chi tieu nao chua dat", ["chưa đạt"])
    assert not says_any("đã đạt và vượt", ["chưa đạt"])


def test_a_failure_asked_must_be_said_but_not_when_a_claim_is_checked() -> None:
    assert must_say("Chỉ tiêu nào chưa đạt?", LEXICON.unmet, confirms=False)
    assert must_say("Có chỉ tiêu nào chưa đạt không, đúng không?", LEXICON.unmet, confirms=True) == ()


def test_a_targets_value_is_asked_only_without_a_result_or_a_count() -> None:
    assert asks_target("Kế hoạch giao là bao nhiêu?", LEXICON.target, LEXICON.target_results)
    assert asks_target("Vượt kế hoạch bao nhiêu?", LEXICON.target, LEXICON.target_results) == ()
    assert asks_target("Có bao nhiêu chỉ tiêu?", LEXICON.target, LEXICON.target_results) == ()


def test_which_names_the_thing_to_name_and_among_gives_the_part() -> None:
    assert asked("Chỉ tiêu nào vượt kế hoạch?").which  # the word before "nào": what to name
    assert asked("Có mấy chỉ tiêu vượt kế hoạch?").which is None
    part = asked("Trong số 9 chỉ tiêu, có mấy chỉ tiêu vượt?")
    assert "trong số" in part.among
    assert asked("Có mấy chỉ tiêu vượt?").among == ()


def test_a_list_question_keeps_its_own_words_to_go_beyond() -> None:
    listed = asked("Liệt kê các chính sách người có công")
    assert {"sách", "công"} <= listed.own
    assert listed.own <= listed.echo
    assert asked("Có bao nhiêu người có công?").own == frozenset()  # a figure is asked: no echo rule


def test_a_follow_up_with_only_a_year_carries_the_previous_topic() -> None:
    earlier = analyse("Số hộ nghèo năm 2024 là bao nhiêu?", LEXICON)
    concepts, extra, carried = judged_concepts(analyse("còn năm 2023?", LEXICON), earlier)
    labels = {c.label for c in concepts}
    assert "2023" in labels and "nghèo" in labels and "nghèo" in carried
    assert extra == ()


def test_a_follow_up_with_its_own_topic_only_leans_on_the_previous_one() -> None:
    earlier = analyse("Số hộ nghèo năm 2024 là bao nhiêu?", LEXICON)
    concepts, extra, carried = judged_concepts(analyse("Còn lao động đi làm việc ở nước ngoài?", LEXICON), earlier)
    assert "nghèo" not in {c.label for c in concepts}
    assert "nghèo" in {c.label for c in extra} and carried == frozenset()


def test_a_ranking_cue_inside_a_longer_term_is_that_term() -> None:
    assert asked("Người đứng đầu Sở là ai?").must_say == ()  # the head of the department
    assert asked("Chỉ tiêu nào đứng đầu?").must_say
