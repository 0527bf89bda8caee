"""Words typed in Telex or VNI with no input method running.

Without an input method, "hộ nghèo" arrives as Telex keystrokes ("hooj
ngheof") or VNI keystrokes ("ho65 ngh2eo"). The keystroke letters can be
replayed to rebuild the word. Plain words must survive: Telex letters (s, f,
r, x, j, w, doubled vowels) are also ordinary letters, so a word is decoded
only when it is not already a well-formed syllable and the decoded form is
one. "so", "trong", "xoong" are left alone; "hooj", "tyr", "nawm" decode.
"""

from __future__ import annotations

import unicodedata

from assistant.text.syllables import is_syllable, split_folded

_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
# Modifier key -> the vowels it changes.
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_HORN = {"o": "ơ", "u": "ư"}
_BREVE = {"a": "ă"}
_VOWELS = frozenset("aeiouyâêôơưă")
_BASE = {"â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "ă": "a"}


def place_tone(word: str, tone: str | None) -> str:
    """Put a combining tone mark on the vowel that carries it (new style: "hòa", "thủy")."""
    if not tone:
        return word
    plain = "".join(_BASE.get(c, c) for c in word).replace("đ", "d")
    parts = split_folded(plain)
    if parts is None:
        return word
    onset, nucleus, coda = parts
    start = len(onset)
    positions = list(range(start, start + len(nucleus)))
    # A modified vowel always takes the tone; in "ươ" the second one does.
    modified = [i for i in positions if word[i] in _BASE]
    if modified:
        target = modified[-1]
    elif len(positions) == 1 or coda:
        target = positions[-1]
    elif len(positions) == 3:
        target = positions[1]
    else:
        target = positions[0]
    return unicodedata.normalize("NFC", word[: target + 1] + tone + word[target + 1:])


def _finish(letters: str, tone: str | None) -> str | None:
    # An input method writes "ươ" whenever a horn is typed on either half of "uo" before a final.
    if "uơ" in letters or "ưo" in letters:
        at = letters.find("uơ") if "uơ" in letters else letters.find("ưo")
        if at + 2 < len(letters):
            letters = letters[:at] + "ươ" + letters[at + 2:]
    result = place_tone(letters, tone)
    return result if is_syllable(result) else None


def _modify(letters: list[str], table: dict[str, str]) -> bool:
    """Apply a modifier key to the nearest vowel before it that accepts it."""
    for i in range(len(letters) - 1, -1, -1):
        if letters[i] in table:
            letters[i] = table[letters[i]]
            return True
    return False


def decode_telex(word: str) -> str | None:
    """"hooj" -> "hộ", "ngheof" -> "nghèo", "ddoongj" -> "động"; None for plain words or non-syllables."""
    lowered = unicodedata.normalize("NFC", word).lower()
    if not lowered.isascii() or not lowered.isalpha() or is_syllable(lowered):
        return None
    letters: list[str] = []
    tone: str | None = None
    seen_vowel = False
    for char in lowered:
        previous = letters[-1] if letters else ""
        if char in _TELEX_TONES and seen_vowel:
            # No final consonant is s, f, r, x or j, so after a vowel these are tone keys.
            if tone is not None:
                return None
            tone = _TELEX_TONES[char]
        elif char == "d" and previous == "d" and len(letters) == 1:
            letters[-1] = "đ"
        elif char in _CIRCUMFLEX and previous == char:
            letters[-1] = _CIRCUMFLEX[char]
        elif char == "w":
            # "uow" -> "ươ"; "aw", "ow", "uw" modify the vowel; a bare "w" is "ư".
            # The key may come late ("nguoiwf"): an input method still finds the "uo".
            pair = "".join(letters).find("uo")
            if pair >= 0:
                letters[pair:pair + 2] = ["ư", "ơ"]
            elif not (any(c in "aou" for c in letters) and _modify(letters, {**_BREVE, **_HORN})):
                letters.append("ư")
            seen_vowel = True
        else:
            letters.append(char)
            seen_vowel = seen_vowel or char in _VOWELS
    decoded = "".join(letters)
    if decoded == lowered:
        return None
    return _finish(decoded, tone)


def decode_vni(word: str) -> str | None:
    """"ho65" -> "hộ", "ngh2eo" -> "nghèo", "d9o65ng" -> "động"; None without VNI digits."""
    lowered = unicodedata.normalize("NFC", word).lower()
    if not lowered.isascii() or not lowered.isalnum() or not lowered[0].isalpha() or lowered.isalpha():
        return None
    letters: list[str] = []
    tone: str | None = None
    for char in lowered:
        if char in _VNI_TONES:
            # The tone key may come before the vowel ("ngh2eo"); two tone keys are no word.
            if tone is not None:
                return None
            tone = _VNI_TONES[char]
        elif char == "6":
            if not _modify(letters, _CIRCUMFLEX):
                return None
        elif char == "7":
            # "uo7" is "ươ": the horn goes on both.
            if len(letters) > 1 and letters[-2:] == ["u", "o"]:
                letters[-2:] = ["ư", "ơ"]
            elif not _modify(letters, _HORN):
                return None
        elif char == "8":
            if not _modify(letters, _BREVE):
                return None
        elif char == "9":
            if "d" not in letters:
                return None
            letters[letters.index("d")] = "đ"
        elif char.isdigit():
            return None  # 0 is no VNI key: "2024abc" or "b0" are not words
        else:
            letters.append(char)
    return _finish("".join(letters), tone)

