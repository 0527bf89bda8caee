from assistant.text.segments import Span, clauses, sentences

TEXT = (
    "Đến nay, toàn ngành đã hoàn thành 08/9 chỉ tiêu. Đó là số lao động được tạo việc làm "
    "tăng thêm là 17.056 người; đưa 1.741 lao động đi làm việc ở nước ngoài; tỷ lệ đạt 74,62%.\n"
    "TP. Hồ Chí Minh có 2 ý kiến."
)


def test_sentences_never_cut_a_figure_or_an_abbreviation() -> None:
    found = [s.of(TEXT) for s in sentences(TEXT)]
    assert found == [
        "Đến nay, toàn ngành đã hoàn thành 08/9 chỉ tiêu.",
        "Đó là số lao động được tạo việc làm tăng thêm là 17.056 người; "
        "đưa 1.741 lao động đi làm việc ở nước ngoài; tỷ lệ đạt 74,62%.",
        "TP. Hồ Chí Minh có 2 ý kiến.",
    ]


def test_clauses_split_a_list_of_statistics() -> None:
    second = sentences(TEXT)[1]
    parts = [c.of(TEXT) for c in clauses(TEXT, second)]
    assert parts == [
        "Đó là số lao động được tạo việc làm tăng thêm là 17.056 người",
        "đưa 1.741 lao động đi làm việc ở nước ngoài",
        "tỷ lệ đạt 74,62%",
    ]


def test_commas_inside_brackets_do_not_split() -> None:
    text = "còn 20.498 hộ (4,61%, sơ bộ), giảm 4.171 hộ."
    parts = [c.of(text) for c in clauses(text, Span(0, len(text)))]
    assert parts == ["còn 20.498 hộ (4,61%, sơ bộ)", "giảm 4.171 hộ"]
