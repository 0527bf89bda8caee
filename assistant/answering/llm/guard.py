"""The figure guard: what a language model wrote may reach the user only if it holds.

Pure functions over text. A model's answer passes sentence by sentence:
- every citation marker [n] names a source that was in the prompt;
- every figure, in any form Vietnamese (or English) writes it — "17.056",
  "17056", "74,62%", "74,62 phần trăm", "gần 7 tỷ", "8/9", "tám trên chín",
  "sáu" — is one of the figures of the clause that the evidence step judged to
  answer this question, in a sentence that cites that clause's source; a
  number in the same passage that answers something else does not count;
- "gần"/"hơn" and the unit after a figure ("hộ", "người") agree with the source;
- a digit the guard cannot read fails the sentence (fail closed);
- a refusal fails, since the model is only asked when the report does answer.
The whole answer must also state one of the clause's figures when it has any.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.text.figures import Figure, find_figures
from assistant.text.number_words import number_word_figures
from assistant.text.vietnamese import fold

FigureKey = tuple[str, float, float | None]
Qualifier = Literal["below", "above", "about"]
ProblemKind = Literal["citation", "figure", "uncited", "unreadable", "refusal", "missing", "empty"]

CITATION = re.compile(
    r"\[\s*(?:(?:nguồn|nguon|source)\s*)?(\d{1,3}(?:\s*[,;]\s*(?:(?:nguồn|nguon|source)\s*)?\d{1,3})*)\s*\]",
    re.IGNORECASE,
)
_QUALIFIERS: dict[str, Qualifier] = {
    "gần như": "below", "gần": "below", "dưới": "below", "chưa đến": "below", "chưa tới": "below",
    "nearly": "below", "almost": "below", "under": "below", "less than": "below",
    "hơn": "above", "trên": "above", "over": "above", "more than": "above",
    "above": "above", "khoảng": "about", "xấp xỉ": "about", "ước tính": "about", "ước": "about",
    "chừng": "about", "about": "about", "around": "about", "approximately": "about", "roughly": "about",
}
_QUALIFIER = re.compile(r"(?:^|\W)(" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+$",
                        re.IGNORECASE)
# Counted nouns: right digits with another unit are another figure ("20.498 người" for "20.498 hộ").
_UNITS = {
    "hộ": "household", "households": "household", "household": "household",
    "người": "person", "lao động": "person", "học viên": "person", "trẻ em": "person", "người lao động": "person",
    "people": "person", "persons": "person", "workers": "person", "labourers": "person", "laborers": "person",
    "đồng": "money", "vnd": "money", "dong": "money",
    "chỉ tiêu": "target", "targets": "target", "indicators": "target",
    "huyện": "district", "districts": "district",
}
_UNIT = re.compile(r"\s*(" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")\b",
                   re.IGNORECASE)
_RATIO_WORDS = re.compile(r"\s+(?:trên|trong\s+(?:tổng\s+)?số|out\s+of)\s+$", re.IGNORECASE)
_PERCENT_WORDS = re.compile(r"\s*(?:phần\s+trăm|percent|per\s+cent)\b", re.IGNORECASE)
_ENGLISH_SCALE = re.compile(r"\s+(thousand|million|billion)\b", re.IGNORECASE)
_ENGLISH_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_NUMERIC = re.compile(r"\d+(?:[.,]\d+)*")
_REFUSAL = re.compile(
    r"khong co (?:thong tin|so lieu|du lieu)|khong (?:de cap|neu|nhac)|khong the tra loi|khong tim thay"
    r"|chua co thong tin|does not (?:say|have|contain|mention|provide|include|state)|no information"
    r"|not (?:mentioned|available|stated|provided)|cannot answer|can't answer|unable to answer"
)
_SENTENCE_END = re.compile(r"[.!?…]+")
_MARKERS_AFTER = re.compile(r"(?:\s*" + CITATION.pattern + r")*", re.IGNORECASE)


@dataclass(frozen=True)
class StatedFigure:
    """A figure as written, with every value it may be read as."""

    text: str
    start: int
    end: int
    readings: frozenset[FigureKey]
    qualifier: Qualifier | None = None
    unit: str | None = None

    @property
    def is_year(self) -> bool:
        return bool(re.fullmatch(r"(?:19|20)\d\d", self.text))

    def matches(self, source: StatedFigure) -> bool:
        if not self.readings & source.readings:
            return False
        if self.unit and source.unit and self.unit != source.unit:
            return False
        # Dropping the source's "gần" or adding "hơn" changes the figure; "khoảng" never lies.
        return self.qualifier == source.qualifier or self.qualifier == "about"


@dataclass(frozen=True)
class GuardSource:
    """A numbered source of the prompt, as the guard checks against it."""

    n: int
    figures: tuple[StatedFigure, ...]  # of the clause judged to answer; empty for context-only sources
    years: frozenset[int] = frozenset()  # years an answer may name with this source


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    detail: str


def _key(figure: Figure) -> FigureKey | None:
    if math.isnan(figure.value):
        return None
    return figure.key()


def _qualifier(text: str, start: int) -> Qualifier | None:
    match = _QUALIFIER.search(text[max(0, start - 16) : start])
    return _QUALIFIERS[match.group(1).lower()] if match else None


def _unit(text: str, end: int) -> str | None:
    match = _UNIT.match(text, end)
    return _UNITS[match.group(1).lower()] if match else None


def _swap_separators(text: str) -> str:
    """English digits read the Vietnamese way: "17,056" becomes "17.056", "74.62" becomes "74,62"."""
    return _NUMERIC.sub(lambda m: m.group(0).translate(str.maketrans(".,", ",.")), text)


def _with_words(text: str, figures: list[Figure]) -> list[Figure]:
    """Apply "phần trăm"/"percent" and English scale words that `find_figures` does not know."""
    result = []
    for figure in figures:
        if figure.kind == "number" and (percent := _PERCENT_WORDS.match(text, figure.end)):
            figure = Figure(text[figure.start : percent.end()], figure.start, percent.end(), "percent",
                            figure.value, approximate=figure.approximate)
        elif figure.kind in ("number", "year") and (scale := _ENGLISH_SCALE.match(text, figure.end)):
            figure = Figure(text[figure.start : scale.end()], figure.start, scale.end(), "number",
                            figure.value * _ENGLISH_SCALES[scale.group(1).lower()])
        result.append(figure)
    return result


def _merge_ratios(text: str, figures: list[StatedFigure]) -> list[StatedFigure]:
    """ "8 trên 9", "tám trong số chín", "8 out of 9" are the ratio 8/9."""
    merged: list[StatedFigure] = []
    for figure in figures:
        if merged and _RATIO_WORDS.fullmatch(text[merged[-1].end : figure.start]):
            left = merged.pop()
            readings = frozenset(("ratio", a[1], b[1]) for a in left.readings for b in figure.readings
                                 if a[0] == "number" and b[0] == "number")
            merged.append(StatedFigure(text[left.start : figure.end], left.start, figure.end, readings,
                                       left.qualifier, figure.unit))
            continue
        merged.append(figure)
    return merged


def read_figures(text: str, language: str = "vi") -> tuple[list[StatedFigure], list[str]]:
    """Every figure in `text`, and any digits that could not be read as one."""
    readings: dict[tuple[int, int], set[FigureKey]] = {}
    spans: list[tuple[int, int]] = []
    texts = [text, _swap_separators(text)] if language == "en" else [text]
    for variant in texts:
        for figure in [*_with_words(variant, find_figures(variant)), *number_word_figures(variant)]:
            span = (figure.start, figure.end)
            if span not in readings:
                readings[span] = set()
                spans.append(span)
            key = _key(figure)
            if key is not None:
                readings[span].add(key)
    # A span inside a longer one (a reading of "7" within "7 billion") is not a figure of its own.
    kept = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    kept.sort()
    stated = [StatedFigure(text[a:b], a, b, frozenset(readings[(a, b)]), _qualifier(text, a), _unit(text, b))
              for a, b in kept]
    covered = [False] * len(text)
    for a, b in kept:
        covered[a:b] = [True] * (b - a)
    unreadable = [m.group(0) for m in re.finditer(r"\d+", text) if not all(covered[m.start() : m.end()])]
    return _merge_ratios(text, stated), unreadable


def clause_figures(clause: str) -> tuple[StatedFigure, ...]:
    """The figures of a source clause (read the Vietnamese way)."""
    figures, _ = read_figures(clause, "vi")
    return tuple(figures)


def years_in(*texts: str) -> frozenset[int]:
    return frozenset(int(y) for text in texts for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))


def cited(text: str) -> list[int]:
    """The source numbers cited in `text`, in order, repeats included."""
    numbers: list[int] = []
    for match in CITATION.finditer(text):
        numbers.extend(int(n) for n in re.findall(r"\d+", match.group(1)))
    return numbers


def _blank_citations(text: str) -> str:
    return CITATION.sub(lambda m: " " * len(m.group(0)), text)


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(fold(text)))


def check_sentence(sentence: str, sources: Sequence[GuardSource], language: str) -> Problem | None:
    """Why this sentence of a model's answer may not be shown, or None if it may."""
    by_number = {s.n: s for s in sources}
    numbers = cited(sentence)
    for n in numbers:
        if n not in by_number:
            return Problem("citation", f"[{n}] không phải nguồn nào")
    if is_refusal(sentence):
        return Problem("refusal", sentence.strip())
    body = _blank_citations(sentence)
    figures, unreadable = read_figures(body, language)
    if unreadable:
        return Problem("unreadable", ", ".join(unreadable))
    for figure in figures:
        if not numbers:
            return Problem("uncited", figure.text)
        sources_cited = [by_number[n] for n in numbers]
        if figure.is_year and figure.qualifier is None \
                and any(int(figure.text) in s.years for s in sources_cited):
            continue
        if not any(figure.matches(allowed) for s in sources_cited for allowed in s.figures):
            return Problem("figure", figure.text)
    return None


def states_an_answer(text: str, sources: Sequence[GuardSource], language: str) -> bool:
    """Whether `text` states one of the answering clause's figures (True when the clause has none)."""
    required = [f for s in sources for f in s.figures if not f.is_year]
    if not required:
        return bool(cited(text))
    figures, _ = read_figures(_blank_citations(text), language)
    return bool(cited(text)) and any(f.matches(r) for f in figures for r in required)


def split_sentences(text: str, final: bool) -> tuple[list[str], str]:
    """Complete sentences of a growing text (trailing citation markers included), and the rest.

    A sentence ends at ".", "!", "?" or a line break followed by more text; while the
    text is still growing the last one is complete only once something follows it.
    """
    sentences: list[str] = []
    start = 0
    position = 0
    while True:
        match = _SENTENCE_END.search(text, position)
        newline = text.find("\n", position)
        if match is None and newline < 0:
            break
        if newline >= 0 and (match is None or newline < match.start()):
            end = newline + 1
        else:
            assert match is not None
            end = _MARKERS_AFTER.match(text, match.end()).end()  # type: ignore[union-attr]
            if end < len(text) and not text[end].isspace():
                position = match.end()  # "17.056", "TP.HCM": not an end
                continue
            following = re.match(r"\s*(\S)", text[end:])
            if not final and (following is None or following.group(1) == "["):
                break  # a citation marker may still be coming
        if text[start:end].strip():
            sentences.append(text[start:end])
        start = position = end
    rest = text[start:]
    if final and rest.strip():
        sentences.append(rest)
        rest = ""
    return sentences, rest


class Renumbering:
    """Sources renumbered in the order the answer first cites them: [3] then [1] become [1], [2]."""

    def __init__(self) -> None:
        self.order: list[int] = []

    def apply(self, sentence: str) -> str:
        def replace(match: re.Match[str]) -> str:
            numbers = []
            for n in (int(x) for x in re.findall(r"\d+", match.group(1))):
                if n not in self.order:
                    self.order.append(n)
                new = self.order.index(n) + 1
                if new not in numbers:
                    numbers.append(new)
            return "[" + ", ".join(str(n) for n in numbers) + "]"

        renumbered = CITATION.sub(replace, sentence)
        return re.sub(r"(\[[\d, ]+\])(?:\s*\1)+", r"\1", renumbered)


def problems(sentences: Iterable[str], sources: Sequence[GuardSource], language: str) -> list[Problem]:
    return [p for s in sentences if (p := check_sentence(s, sources, language))]
