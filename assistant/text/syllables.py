"""Is a token a well-formed Vietnamese syllable?

Vietnamese writes one syllable per word, and a syllable is built from a small
closed set of parts: an onset consonant cluster, a vowel nucleus (one to three
vowels, glides included) and an optional final consonant. Telex leftovers
("hooj", "ngheof") and most English words ("how", "many") break these rules,
so this check tells a real syllable from keystrokes or foreign words without
any dictionary. It is a spelling check, not a lexicon: "bla" would pass if it
existed; it does not.
"""

from __future__ import annotations

import unicodedata

from assistant.text.vietnamese import fold

# Longest first, so "ngh" wins over "ng" and "n".
_ONSETS = ("ngh", "ng", "nh", "gh", "gi", "ch", "kh", "ph", "th", "tr", "qu",
           "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_CODAS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "")
_STOPS = frozenset({"c", "ch", "p", "t"})

# Folded nuclei (marks removed, so "ươ" is "uo" and "ê" is "e").
# Those that end in a glide cannot take a final consonant ("tai", "ngheo").
_OPEN_ONLY = frozenset({
    "ai", "ao", "au", "ay", "eo", "eu", "iu", "oi", "ui", "uu", "ia", "ya",
    "oai", "oay", "oeo", "uay", "uoi", "uou", "ieu", "yeu", "uyu", "uya",
})
# These take a final consonant; the first set must ("tiên", never "tiê").
_CLOSED_ONLY = frozenset({"ie", "ye", "uye", "oo"})
_CLOSABLE = frozenset({"a", "e", "i", "o", "u", "y", "oa", "oe", "ua", "ue", "uo", "uy", *_CLOSED_ONLY})
# "ch"/"nh" only follow front vowels and "a" ("ách", "anh", "ếch", "inh", "huỳnh").
_PALATAL_OK = ("a", "e", "i", "y")

_VOWELS = frozenset("aeiouy")
_BREVE_A = ("ă", "ằ", "ắ", "ẳ", "ẵ", "ặ")
_FRONT = ("e", "i", "y")

# Combining marks as NFD writes them: five tones, three vowel modifiers.
TONES = {"\u0301": "acute", "\u0300": "grave", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_MODIFIERS = frozenset({"\u0302", "\u0306", "\u031b"})


def split_folded(word: str) -> tuple[str, str, str] | None:
    """(onset, nucleus, coda) of an unmarked lower-case syllable, or None."""
    for onset in _ONSETS:
        if not word.startswith(onset):
            continue
        rest = word[len(onset):]
        # "gi" and "qu" are onsets only before another vowel ("gìn" is g + i + n).
        if onset == "gi" and (not rest or rest[0] not in _VOWELS):
            continue
        if not rest:
            continue
        for coda in _CODAS:
            if coda and not rest.endswith(coda):
                continue
            nucleus = rest[: len(rest) - len(coda)]
            if nucleus and all(c in _VOWELS for c in nucleus) and _allowed(onset, nucleus, coda):
                return onset, nucleus, coda
    return None


def _allowed(onset: str, nucleus: str, coda: str) -> bool:
    if coda:
        if nucleus not in _CLOSABLE:
            return False
        if coda in ("ch", "nh") and not nucleus.endswith(_PALATAL_OK):
            return False
        if coda in ("c", "ng") and nucleus in ("i", "y", "uy"):
            return False  # written "ich"/"inh", never "ic"/"ing"
    elif nucleus not in _OPEN_ONLY and (nucleus not in _CLOSABLE or nucleus in _CLOSED_ONLY):
        return False
    # Spelling rules of the onset: k/gh/ngh before e, i, y; c/ng elsewhere.
    front = nucleus.startswith(_FRONT)
    if onset in ("k", "gh", "ngh") and not front:
        return False
    if onset in ("c", "ng") and front:
        return False
    if onset == "qu" and nucleus.startswith("u"):
        return False
    return not (onset == "gi" and nucleus.startswith("i"))


def tone_of(word: str) -> str | None:
    """The tone mark a syllable carries ("acute", "dot", ...), or None for the level tone."""
    marks = [TONES[c] for c in unicodedata.normalize("NFD", word) if c in TONES]
    return marks[0] if marks else None


def is_syllable(word: str) -> bool:
    """True for one well-formed Vietnamese syllable, marked or not ("nghèo", "ngheo", "đồng")."""
    lowered = unicodedata.normalize("NFC", word).lower()
    if not lowered.isalpha():
        return False
    decomposed = unicodedata.normalize("NFD", lowered)
    tones = [c for c in decomposed if c in TONES]
    if len(tones) > 1:
        return False
    if any(unicodedata.combining(c) and c not in TONES and c not in _MODIFIERS for c in decomposed):
        return False
    folded = fold(lowered)
    if not folded.isascii():
        return False
    parts = split_folded(folded)
    if parts is None:
        return False
    coda = parts[2]
    # A stop final allows only the rising tones: "học", "việc", never "hòc".
    if coda in _STOPS and tones and tones[0] not in ("\u0301", "\u0323"):
        return False
    # A breve "a" needs a final consonant: "năm", "ăn", never a bare "ă".
    return bool(coda) or not lowered.endswith(_BREVE_A)
