from assistant.text.shorthand import key, load, parse


def _expand(token: str, *, after_number: bool = False, next_kind: str = "word") -> str | None:
    return load().expand(token, previous_is_number=after_number, next_kind=next_kind)


def test_chat_words_expand_anywhere() -> None:
    assert _expand("bn") == "bao nhiêu"
    assert _expand("đc") == _expand("dc") == "được"
    assert _expand("ng") == "người"
    assert _expand("ko") == _expand("hk") == _expand("khum") == "không"
    assert _expand("ntn", next_kind="end") == "như thế nào"


def test_sector_acronyms_in_any_spelling() -> None:
    assert _expand("XKLĐ") == _expand("xkld") == "xuất khẩu lao động"
    assert _expand("LĐ-TB&XH") == _expand("LDTBXH") == "lao động thương binh và xã hội"
    assert _expand("BHXH") == "bảo hiểm xã hội"
    assert _expand("UBND") == "ủy ban nhân dân"


def test_single_letters_expand_only_where_unambiguous() -> None:
    assert _expand("z", next_kind="end") == "vậy"
    assert _expand("v", next_kind="end") == "vậy"
    assert _expand("v", next_kind="word") is None  # "v" mid-sentence may be "và"
    assert _expand("k", next_kind="word") == "không"
    assert _expand("k", after_number=True, next_kind="end") == "nghìn"
    assert _expand("tr", after_number=True) == "triệu"
    assert _expand("tr") is None  # "tr" alone could be "trong", "trường"


def test_keys_ignore_case_marks_and_joiners() -> None:
    assert key("LĐ-TB&XH") == "ldtbxh"
    tables = parse('[words]\n"đc" = "được"\n')
    assert tables.words == {"dc": "được"}


def test_bn_after_a_particle_that_ends_the_question_is_whom_it_is_asked_of() -> None:
    table = load()
    assert table.expand("bn", previous_is_number=False, next_kind="end", previous="vậy") == "bạn"
    assert table.expand("bn", previous_is_number=False, next_kind="end", previous="còn") == "bao nhiêu"
