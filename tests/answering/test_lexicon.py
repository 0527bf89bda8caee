"""The shipped domain lexicon: it loads, its ways of saying a thing expand, and it is general language.

The lexicon must say how people talk about the domain, never what one report says: an entry
holding a figure, or a whole question, would answer that report's questions by heart.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

from assistant.answering.lexicon import PERCENT, Lexicon, looks_english, phrase, translate_english
from assistant.text.vietnamese import fold

LEXICON = Lexicon.load()
RAW = tomllib.loads(resources.files("assistant.resources").joinpath("lexicon.toml").read_text("utf-8"))


def entries(value: Any) -> Iterator[str]:
    """Every string of the lexicon file, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from entries(item)
    elif isinstance(value, list):
        for item in value:
            yield from entries(item)
    elif isinstance(value, str):
        yield value


def group_of(term: str) -> list[str]:
    return next(group for group in LEXICON.synonyms if term in group)


def test_the_shipped_lexicon_loads_every_word_class() -> None:
    for name, value in vars(LEXICON).items():
        assert value, f"the lexicon's {name} is empty"
    assert "bao nhiêu" in LEXICON.cues["quantity"]
    assert "Lào Cai" in LEXICON.places


def test_no_entry_holds_a_figure() -> None:
    with_digits = [entry for entry in entries(RAW) if any(ch.isdigit() for ch in entry)]
    assert with_digits == []


def test_no_entry_is_a_whole_sentence() -> None:
    # Phrases of a few words are ways of saying something; a long one would be a memorised question.
    too_long = [entry for entry in entries(RAW) if len(entry.split()) > 6]
    assert too_long == []


def test_every_way_of_saying_a_thing_belongs_to_one_group_only() -> None:
    terms = [term for group in LEXICON.synonyms for term in group]
    assert len(terms) == len(set(terms))


def test_an_abbreviation_expands_to_its_group() -> None:
    group = group_of("xklđ")
    assert "xuất khẩu lao động" in group
    assert "đi làm việc ở nước ngoài" in group


def test_each_phrase_of_a_group_stands_for_the_whole_group() -> None:
    pairs = dict(LEXICON.synonym_groups(folded=False))
    assert ("trường", "nghề") in pairs[("dạy", "nghề")]
    assert ("giáo", "dục", "nghề", "nghiệp") in pairs[("học", "nghề")]


def test_groups_are_matched_without_marks_for_an_unmarked_question() -> None:
    pairs = dict(LEXICON.synonym_groups(folded=True))
    assert ("di", "lam", "viec", "o", "nuoc", "ngoai") in pairs[("xuat", "khau", "lao", "dong")]


def test_longer_phrases_are_matched_first() -> None:
    sizes = [len(alternative) for alternative, _ in LEXICON.synonym_groups(folded=False)]
    assert sizes == sorted(sizes, reverse=True)
    stop = LEXICON.phrases(LEXICON.stop, folded=False)
    assert stop.index(("bao", "nhiêu", "người")) < stop.index(("bao", "nhiêu"))


def test_a_percentage_is_a_way_of_saying_a_rate() -> None:
    assert "%" in group_of("tỷ lệ")
    assert phrase("%", folded=True) == PERCENT


def test_a_word_marked_only_with_diacritics_is_left_out_of_unmarked_matching() -> None:
    # "=số" counts as a quantity cue when typed with marks; unmarked "so" is also "so với".
    assert ("số",) in LEXICON.phrases(LEXICON.cues["quantity"], folded=False)
    assert ("so",) not in LEXICON.phrases(LEXICON.cues["quantity"], folded=True)


def test_an_unmarked_compound_has_a_marked_form_that_folds_back_to_it() -> None:
    assert LEXICON.restore["ho can ngheo"] == "hộ cận nghèo"
    assert all(fold(marked) == unmarked for unmarked, marked in LEXICON.restore.items())


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("poor households", "hộ nghèo"),  # a plural is reduced to its glossary word
        ("households escaped poverty", "hộ thoát nghèo"),
        ("vocational training enrolment", "giáo dục nghề nghiệp tuyển sinh"),
        ("the child protection fund raised", "quỹ bảo trợ trẻ em thu"),
    ],
)
def test_english_glossary_words_are_put_in_vietnamese(english: str, vietnamese: str) -> None:
    translated, unknown = translate_english(english, LEXICON)
    assert translated == vietnamese
    assert unknown == []


def test_english_words_the_glossary_lacks_are_kept_apart_and_figures_kept() -> None:
    translated, unknown = translate_english("How many buffaloes in 2024?", LEXICON)
    assert unknown == ["buffaloes"]
    assert translated == "2024"


def test_an_english_question_is_told_from_an_unmarked_vietnamese_one() -> None:
    assert looks_english("How many poor households were there?", LEXICON)
    assert not looks_english("so ho ngheo la bao nhieu", LEXICON)
    assert not looks_english("Số hộ nghèo là bao nhiêu?", LEXICON)


def test_every_word_of_an_english_phrase_may_be_inflected() -> None:
    translated, _ = translate_english("share of the workforce that received vocational training", LEXICON)
    assert "qua đào tạo" in translated and "lao động" in translated
