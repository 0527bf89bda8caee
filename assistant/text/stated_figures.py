"""Figures as any writer states them, with every value each may be read as.

A richer reading than `find_figures` for checking what someone else wrote
about a source (a language model's answer): besides digits it reads number
words ("hai mươi nghìn", "sáu"), "phần trăm"/"percent", English scale words
("7 billion") and separators ("17,056" in an English sentence), ratios said in
words ("tám trên chín", "8 out of 9"), the approximation before a figure
("gần", "hơn", "khoảng") and the unit after it ("hộ", "người").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from assistant.text.figures import Figure, find_figures
from assistant.text.number_words import number_word_figures

FigureKey = tuple[str, float, float | None]
Qualifier = Literal["below", "above", "about"]

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
    """The years (1900-2099) written in digits in any of the texts."""
    return frozenset(int(y) for text in texts for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))
