"""Noisy variants of a question, the ways people mistype it in a chat box.

Each generator takes a question and a seeded random source and returns the
variant, or None when it does not apply (no marked word to mistype, say).
They make the calibration set (scripts/calibration_set.py) and the
metamorphic test (tests/answering/test_invariance.py).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

from assistant.text.vietnamese import fold

_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_SHAPES = {"\u0302": {"a": "aa", "e": "ee", "o": "oo"}, "\u0306": {"a": "aw"}, "\u031b": {"o": "ow", "u": "uw"}}
_VNI_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_VNI_SHAPES = {"\u0302": "6", "\u0306": "8", "\u031b": "7"}
# Chat shorthand as people write it (the reverse of assistant/resources/shorthand.toml's entries).
_SHORT = [("bao nhiêu", "bn"), ("được", "đc"), ("người", "ng"), ("không", "ko"), ("vậy", "z"),
          ("gì", "j"), ("với", "vs"), ("rồi", "r")]
_ABBREVIATIONS = [("xuất khẩu lao động", "XKLĐ"), ("giáo dục nghề nghiệp", "GDNN"),
                  ("bảo trợ trẻ em", "BTTE"), ("lao động, thương binh và xã hội", "LĐTBXH"),
                  ("ủy ban nhân dân", "UBND"), ("lao động", "LĐ")]
_GREETINGS = ["Chào bạn, cho mình hỏi chút:", "ad ơi cho em hỏi",
              "Dạ em chào anh chị, em đang tìm hiểu số liệu của tỉnh.", "hi, mình là cán bộ xã, cần số liệu gấp."]
_WORD = re.compile(r"\w+")


def _marked_words(text: str) -> list[re.Match[str]]:
    return [m for m in _WORD.finditer(text) if fold(m.group(0)) != m.group(0) and not m.group(0).isdigit()]


def _replace(text: str, match: re.Match[str], new: str) -> str:
    return text[: match.start()] + new + text[match.end() :]


def _keyboard(word: str, tones: dict[str, str], shapes: Callable[[str, str], str], dd: str) -> str:
    tone, out = "", []
    for ch in unicodedata.normalize("NFD", word):
        if ch in tones:
            tone = tones[ch]
        elif unicodedata.combining(ch) and out:
            out.append(shapes(out.pop(), ch))
        elif ch in "đĐ":
            out.append(dd)
        else:
            out.append(ch)
    return "".join(out) + tone


def telex_word(word: str) -> str:
    return _keyboard(word, _TONES, lambda base, mark: _SHAPES.get(mark, {}).get(base.lower(), base), "dd")


def vni_word(word: str) -> str:
    return _keyboard(word, _VNI_TONES, lambda base, mark: base + _VNI_SHAPES.get(mark, ""), "d9")


def _typed(text: str, rng: random.Random, encode: Callable[[str], str]) -> str | None:
    marked = _marked_words(text)
    if not marked:
        return None
    for match in sorted(rng.sample(marked, min(2, len(marked))), key=lambda m: -m.start()):
        text = _replace(text, match, encode(match.group(0)))
    return text


def folded(text: str, rng: random.Random) -> str | None:
    return fold(text) if fold(text) != text else None


def telex(text: str, rng: random.Random) -> str | None:
    return _typed(text, rng, telex_word)


def vni(text: str, rng: random.Random) -> str | None:
    return _typed(text, rng, vni_word)


def tone(text: str, rng: random.Random) -> str | None:
    """One marked word with another tone mark (or none)."""
    candidates = [m for m in _marked_words(text) if any(t in unicodedata.normalize("NFD", m.group(0)) for t in _TONES)]
    if not candidates:
        return None
    match = rng.choice(candidates)
    decomposed = unicodedata.normalize("NFD", match.group(0))
    present = next(t for t in _TONES if t in decomposed)
    other = rng.choice([t for t in _TONES if t != present] + [""])
    return _replace(text, match, unicodedata.normalize("NFC", decomposed.replace(present, other)))


def short(text: str, rng: random.Random) -> str | None:
    changed = text
    for long, abbreviation in _SHORT:
        changed = re.sub(rf"\b{long}\b", abbreviation, changed, flags=re.IGNORECASE)
    return changed if changed != text else None


def abbreviate(text: str, rng: random.Random) -> str | None:
    for long, abbreviation in _ABBREVIATIONS:
        if long in text.lower():
            return re.sub(re.escape(long), abbreviation, text, count=1, flags=re.IGNORECASE)
    return None


def typo(text: str, rng: random.Random) -> str | None:
    """Two neighbouring letters of one longer word swapped ("giáo" -> "gáio")."""
    words = [m for m in _WORD.finditer(text) if len(m.group(0)) >= 4 and not any(c.isdigit() for c in m.group(0))]
    if not words:
        return None
    match = rng.choice(words)
    word = match.group(0)
    i = rng.randrange(1, len(word) - 2)
    return _replace(text, match, word[:i] + word[i + 1] + word[i] + word[i + 2 :])


def greet(text: str, rng: random.Random) -> str | None:
    """The question at the end of a greeting and some context."""
    return f"{rng.choice(_GREETINGS)} {text}"


GENERATORS: dict[str, Callable[[str, random.Random], str | None]] = {
    "fold": folded, "telex": telex, "vni": vni, "tone": tone, "short": short, "abbrev": abbreviate,
    "typo": typo, "greet": greet,
}
