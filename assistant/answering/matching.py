"""Matching the question's phrases in a clause's words.

A clause is read as a list of words; a question typed without diacritics is
matched against them unmarked, with the marked words kept beside for the checks
where a missing mark changes the word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from itertools import pairwise

from assistant.answering.asked import CHANGE_WORDS
from assistant.answering.lexicon import PERCENT, Lexicon, Phrase
from assistant.answering.question import Concept
from assistant.text.vietnamese import folded_tokens

FIGURE_TOKEN = re.compile(r"\d")


def contains(words: Sequence[str], alternative: Phrase) -> bool:
    return bool(positions(words, alternative))


def positions(words: Sequence[str], alternative: Phrase) -> list[int]:
    if alternative == PERCENT:
        return [i for i, w in enumerate(words) if w.endswith("%")]
    size = len(alternative)
    if size and isinstance(words, Words):
        return [i for i in words.starts(alternative[0]) if tuple(words[i : i + size]) == alternative]
    return [i for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == alternative]


def is_baseline(words: Sequence[str], index: int) -> bool:
    """True for the year of "so với (năm) 2023": a point of comparison, not the subject."""
    before = [w for w in words[max(0, index - 3) : index] if w not in ("năm", "nam")]
    return len(before) >= 2 and tuple(before[-2:]) in (("so", "với"), ("so", "voi"))


def compares_to_a_year(text: str) -> bool:
    """True when the text gives a year as a point of comparison: then it asks a change."""
    words = folded_tokens(text)
    return any(w.isdigit() and len(w) == 4 and is_baseline(words, i) for i, w in enumerate(words))


# Each syllable of each lexicon term of two or more, with the term's other syllables: read once per
# lexicon object (the few last ones kept), not once per question.
_TermSyllable = tuple[str, Phrase, int, frozenset[str]]


def _term_syllables(lexicon: Lexicon) -> list[_TermSyllable]:
    def read() -> list[_TermSyllable]:
        return [
            (word, term, offset, frozenset(other for k, other in enumerate(term) if k != offset))
            for folded in (False, True)
            for term, _ in lexicon.synonym_groups(folded)
            if len(term) >= 2
            for offset, word in enumerate(term)
        ]

    return lexicon.kept("term syllables", read)


def compounds(lexicon: Lexicon) -> frozenset[tuple[str, str]]:
    """The last two words of the lexicon's terms, marked and unmarked ("nước ngoài"): a modifier
    word ending a term closes it (not so "cận" inside "hộ cận nghèo")."""
    def read() -> frozenset[tuple[str, str]]:
        return frozenset(
            (term[-2], term[-1])
            for folded in (False, True)
            for term, _ in lexicon.synonym_groups(folded)
            if len(term) >= 2
        )

    return lexicon.kept("compounds", read)


def modified(marked: Sequence[str], index: int, modifiers: frozenset[str], pairs: frozenset[tuple[str, str]]) -> bool:
    """A modifier in the two words before `index` changes what follows ("hộ cận nghèo", "chưa được
    đào tạo"), unless it closes a compound with the word before it: "ngoài" of "nước ngoài theo
    hợp đồng" is the country's, not "outside the contract"."""
    return any(
        marked[k] in modifiers and not (k > 0 and (marked[k - 1], marked[k]) in pairs)
        for k in range(max(0, index - 2), index)
    )


def term_traps(lexicon: Lexicon, spoken: frozenset[str]) -> dict[str, list[tuple[Phrase, int]]]:
    """For each syllable, the lexicon terms it is part of of which the question says no other syllable.

    A lone question word found only inside such a term is that term's syllable, not the question's
    word: "le" of "rep le" (reply quickly) in "tỷ lệ", "tao" (make) in "đào tạo".
    """
    traps: dict[str, list[tuple[Phrase, int]]] = {}
    for word, term, offset, others in _term_syllables(lexicon):
        if others.isdisjoint(spoken):
            traps.setdefault(word, []).append((term, offset))
    return traps


def inside_a_term(traps: dict[str, list[tuple[Phrase, int]]], words: Sequence[str], index: int, word: str) -> bool:
    """True when the word at `index` is a syllable of a lexicon term the question does not say."""
    for term, offset in traps.get(word, ()):
        start = index - offset
        if start >= 0 and tuple(words[start : start + len(term)]) == term:
            return True
    return False


class Words(list[str]):
    """A clause's words, and where each word occurs, indexed on first use: the same clause is
    searched for every phrase of every question. Read only; never changed once made."""

    _starts: dict[str, list[int]] | None = None
    _figures: list[str] | None = None

    def figures(self) -> list[str]:
        """The words that are figures, in order."""
        if self._figures is None:
            self._figures = [w for w in self if FIGURE_TOKEN.search(w)]
        return self._figures

    def starts(self, word: str) -> list[int]:
        """The positions of `word`, in order."""
        if self._starts is None:
            starts: dict[str, list[int]] = {}
            for i, w in enumerate(self):
                starts.setdefault(w, []).append(i)
            self._starts = starts
        return self._starts.get(word, [])


def figure_words(words: Sequence[str]) -> list[str]:
    """The words that are figures ("17.056", "4,61%"), in order."""
    return words.figures() if isinstance(words, Words) else [w for w in words if FIGURE_TOKEN.search(w)]


class Unmarked(Words):
    """Words without diacritics, for matching a question typed without them, and the same
    words with them, for the checks where a missing mark would change the word."""

    def __init__(self, unmarked: list[str], marked: list[str]) -> None:
        super().__init__(unmarked)
        self.marked = marked if len(marked) == len(unmarked) else unmarked


def anchoring(
    wants: Collection[str], concepts: Sequence[Concept], weights: Sequence[float], clause_words: list[list[str]]
) -> float:
    """How much of the question shares a clause with a figure of the wanted kind.

    "giảm bao nhiêu phần trăm" should land on "tương ứng giảm 0,96%", not on
    the "(4,61%)" of the clause before it.
    """
    return Anchoring(wants, concepts, weights)(clause_words)


def counts_unit(words: Sequence[str], unit: str | None) -> bool:
    """True when a figure in the words counts the unit asked ("18/18 huyện" for "mấy huyện")."""
    return unit is not None and any(
        FIGURE_TOKEN.search(w) and nxt == unit for w, nxt in pairwise(words)
    )


class Anchoring:
    """`anchoring` for one question: each clause's share is read once, however many spans hold it."""

    def __init__(self, wants: Collection[str], concepts: Sequence[Concept], weights: Sequence[float]) -> None:
        self.wants_percent = "percent" in wants
        self.wants_count = "quantity" in wants and not self.wants_percent
        self.concepts = concepts
        # A verb of change ("giảm", "tăng") tells which figure of a sentence is meant.
        self.doubled = [
            w * (2 if any(set(a) & CHANGE_WORDS for a in c.alternatives) else 1)
            for c, w in zip(concepts, weights, strict=True)
        ]
        self.total = sum(self.doubled) or 1.0
        self._shares: dict[int, tuple[list[str], float]] = {}  # the words kept, so their id stays theirs

    def _wanted(self, word: str) -> bool:
        if not FIGURE_TOKEN.search(word):
            return False
        return word.endswith("%") if self.wants_percent else not (self.wants_count and word.endswith("%"))

    def _share(self, words: list[str]) -> float:
        if not any(self._wanted(w) for w in figure_words(words)):
            return 0.0
        anchored = sum(
            w
            for c, w in zip(self.concepts, self.doubled, strict=True)
            if any(contains(words, a) for a in c.alternatives)
        )
        return anchored / self.total

    def __call__(self, clause_words: list[list[str]]) -> float:
        best = 0.0
        for words in clause_words:
            kept = self._shares.get(id(words))
            if kept is None:
                kept = self._shares[id(words)] = (words, self._share(words))
            best = max(best, kept[1])
        return best


# The two directions of a change; a question assuming one is answered by a clause saying the other.
_DIRECTIONS = {("tăng",): ("giảm",), ("tang",): ("giam",), ("giảm",): ("tăng",), ("giam",): ("tang",)}


@lru_cache(maxsize=4096)
def _asked_directions(alternatives: tuple[Phrase, ...]) -> list[tuple[Phrase, Phrase]]:
    """The directions a concept's wording may ask (most ask none), read once per wording."""
    return [(a, o) for a, o in _DIRECTIONS.items() if a in alternatives and o not in alternatives]


def opposite(concept: Concept, words: Sequence[str]) -> str | None:
    """The direction the concept asks that the words contradict, or None."""
    for asked, other in _asked_directions(concept.alternatives):
        if not any(contains(words, a) for a in concept.alternatives) and contains(words, other):
            return "tăng" if asked[0] in ("tăng", "tang") else "giảm"
    return None
