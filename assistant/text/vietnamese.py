"""Vietnamese text normalisation: one canonical form for matching.

Matching must survive the ways people actually type Vietnamese: decomposed
Unicode from some keyboards, old-style tone placement ("hoà" vs "hòa"), upper
case, and no diacritics at all ("ho ngheo"). The original text is never
rewritten for display; these forms are only keys for comparison.
"""

from __future__ import annotations

import re
import unicodedata

# Old-style tone placement on the open clusters "oa", "oe", "uy" puts the mark
# on the second vowel ("hoà", "thuỷ"); the new style puts it on the first.
# Only the syllable-final cluster differs, so the lookahead requires that no
# letter follows.
_TONE_MOVES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# Runs on lower-cased text; a cheap first letter class keeps this fast on long passages.
_TONE_PATTERN = re.compile(r"(?<!q)[ou][àáảãạèéẻẽẹỳýỷỹỵ](?![^\W\d_])")

# "tỷ"/"tỉ", "lý"/"lí", "kỹ"/"kĩ": both spellings are in official use. After a
# plain consonant cluster a lone final y is written i here ("quý" keeps its y).
_Y_AS_I = re.compile(r"(?<![^\W\d_])([bcdđghklmnprstvx]{1,3})([yýỳỷỹỵ])(?![^\W\d_])")
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")

_TOKEN = re.compile(
    # A figure stays one token: 17.056, 74,62%, 08/9, 31/12/2024.
    r"\d+(?:[.,/]\d+)*%?"
    r"|[^\W\d_]+",
)


def _move_tone(match: re.Match[str]) -> str:
    found = match.group(0)
    return _TONE_MOVES.get(found, found)


# A vowel's shape marks (circumflex, breve, horn) and its tone (grave, acute, hook, tilde, dot).
_SHAPES = frozenset("\u0302\u0306\u031b")
_TONES = frozenset("\u0300\u0301\u0309\u0303\u0323")
_COMBINING = re.compile("[\u0300-\u036f]")


def compose_marks(text: str) -> str:
    """NFC, with a vowel's marks in the order that composes: a tone typed before the shape
    ("ỏ" then a circumflex, from some keyboards) is no "ổ" for NFC, and would split the word."""
    text = unicodedata.normalize("NFC", text)
    if not _COMBINING.search(text):  # the usual case, found at C speed
        return text
    out: list[str] = []
    marks: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            marks.append(char)
            continue
        out.extend(sorted(marks, key=lambda m: (m not in _SHAPES, m not in _TONES)))
        marks = []
        out.append(char)
    out.extend(sorted(marks, key=lambda m: (m not in _SHAPES, m not in _TONES)))
    return unicodedata.normalize("NFC", "".join(out))


def normalize(text: str) -> str:
    """NFC, lower case, one tone placement, one i/y spelling, single spaces."""
    text = compose_marks(text).lower()
    text = _TONE_PATTERN.sub(_move_tone, text)
    text = _Y_AS_I.sub(lambda m: m.group(1) + m.group(2).translate(_Y_TO_I), text)
    return " ".join(text.split())


def _fold_table() -> dict[int, str]:
    # One translate() call instead of decomposing every character: ingestion
    # and index building fold every passage, so this is a hot path.
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1EFF + 1):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and len(base) == 1:
            table[code] = base.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Strip every diacritic (đ becomes d) after normalising."""
    return _fold_normalized(normalize(text))


def _fold_normalized(normalized: str) -> str:
    folded = normalized.translate(_FOLD)
    # Combining marks survive only where NFC has no precomposed letter.
    return "".join(c for c in folded if not unicodedata.combining(c)) if not folded.isascii() else folded


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (or đ)."""
    return fold(text) != normalize(text)


def tokens(text: str) -> list[str]:
    """Normalised syllables and whole figures, in order."""
    return _TOKEN.findall(normalize(text))


def folded_tokens(text: str) -> list[str]:
    """Like `tokens`, without diacritics."""
    return _TOKEN.findall(fold(text))


def both_tokens(text: str) -> tuple[list[str], list[str]]:
    """`tokens` and `folded_tokens` of one text, normalising it once."""
    normalized = normalize(text)
    return _TOKEN.findall(normalized), _TOKEN.findall(_fold_normalized(normalized))
