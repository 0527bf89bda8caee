"""Paragraphs, sentences and clauses, as offsets into the original text.

Everything here returns spans rather than strings so that a citation can
always point at the exact characters of the source document. A figure is
never cut: "17.056" and "74,62%" have no space after their separator, and a
split only happens at punctuation followed by whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


# Abbreviations that end in a dot but do not end a sentence.
_ABBREVIATIONS = {
    "tp", "tx", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "th.s", "v.v", "ô", "bà",
    "mr", "mrs", "ms", "dr", "no", "st", "q", "p", "đ",
}
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s+|$)")
TABLE_CELL_SEPARATOR = " | "
_CLAUSE_BREAK = re.compile(r";\s+|:\s+|,\s+")


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines or blank-line separated blocks."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        span = _trimmed(text, match.start(), match.end())
        if span:
            spans.append(span)
    return spans


def sentences(text: str, within: Span | None = None) -> list[Span]:
    """Sentences of `text` (or of one span of it), never cutting a figure."""
    region = within or Span(0, len(text))
    spans: list[Span] = []
    for para in paragraphs(region.of(text)):
        base = region.start
        start = base + para.start
        for match in _SENTENCE_END.finditer(text, start, base + para.end):
            word = re.search(r"([\w.]+)\.?$", text[start : match.start() + 1])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            following = text[match.end() : match.end() + 3].lstrip()
            if following and not (following[0].isupper() or following[0].isdigit()):
                continue
            span = _trimmed(text, start, match.end())
            if span:
                spans.append(span)
            start = match.end()
        span = _trimmed(text, start, base + para.end)
        if span:
            spans.append(span)
    return spans


def clauses(text: str, sentence: Span) -> list[Span]:
    """Clauses of one sentence: split at "; ", ": " and ", " outside brackets.

    The final full stop is left out so a clause reads as a phrase. A table row
    ("Tỷ lệ hộ nghèo | 2023: 5,20% | 2024: 4,61%") is one clause: split, a
    figure would be separated from the column that says what it is.
    """
    if TABLE_CELL_SEPARATOR in sentence.of(text):
        span = _trimmed(text, sentence.start, sentence.end)
        return [span] if span else []
    spans: list[Span] = []
    start = sentence.start
    depth = 0
    position = sentence.start
    end = sentence.end
    while end > start and text[end - 1] in ".!?…":
        end -= 1
    while position < end:
        char = text[position]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _CLAUSE_BREAK.match(text, position, end)
            if match:
                span = _trimmed(text, start, position)
                if span:
                    spans.append(span)
                start = position = match.end()
                continue
        position += 1
    span = _trimmed(text, start, end)
    if span:
        spans.append(span)
    return spans
