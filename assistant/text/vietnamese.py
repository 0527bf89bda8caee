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
_TONE_PATTERN = re.compile(
    r"(?<![qQ])(" + "|".join(_TONE_MOVES) + r")(?![^\W\d_])", re.IGNORECASE
)

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
    found = match.group(1)
    replacement = _TONE_MOVES[found.lower()]
    return replacement.upper() if found.isupper() else replacement


def normalize(text: str) -> str:
    """NFC, lower case, one tone placement, one i/y spelling, single spaces."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_PATTERN.sub(_move_tone, text)
    text = _Y_AS_I.sub(lambda m: m.group(1) + m.group(2).translate(_Y_TO_I), text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Strip every diacritic (đ becomes d) after normalising."""
    decomposed = unicodedata.normalize("NFD", normalize(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese mark (or đ)."""
    return fold(text) != normalize(text)


def tokens(text: str) -> list[str]:
    """Normalised syllables and whole figures, in order."""
    return _TOKEN.findall(normalize(text))


def folded_tokens(text: str) -> list[str]:
    """Like `tokens`, without diacritics."""
    return _TOKEN.findall(fold(text))
