"""Chat shorthand and sector abbreviations (resources/shorthand.toml).

Single letters are the risky part: "k" is "không" in "k biết", "nghìn" in
"50 k"; "v" is "vậy" at the end of "sao v" but may be "và" mid-sentence. So
each entry says where it applies, and a letter expands only where its
position leaves one reading:

* `words`: always (tokens that are no Vietnamese word on their own);
* `final`: as the last word of a sentence;
* `before_word`: followed by a word (not a figure, not the end);
* `after_number`: right after a figure or a unit of one ("5 tr", "7 tỷ đ");
* `addressed`: the last word, after a particle that ends a question ("… là gì vậy bn": the
  question is over, "bn" is "bạn", whom it is asked of; "còn bn?" is still "bao nhiêu").
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.text.vietnamese import fold

_PLACES = ("words", "final", "before_word", "after_number", "addressed")


def key(token: str) -> str:
    """Lookup key: folded, with the joiners of "LĐ-TB&XH" dropped."""
    return fold(token.replace("-", "").replace("&", "").replace(".", ""))


@dataclass(frozen=True)
class Shorthand:
    """Expansion tables keyed by `key(token)`, one per position rule."""

    words: Mapping[str, str]
    final: Mapping[str, str]
    before_word: Mapping[str, str]
    after_number: Mapping[str, str]
    addressed: Mapping[str, str]
    english: frozenset[str] = frozenset()
    question_ends: frozenset[str] = frozenset()  # particles closing a question ("vậy", "v", "ko")
    scales: frozenset[str] = frozenset()

    def is_scale(self, word: str) -> bool:
        """True for a unit that continues a figure ("7 tỷ đ": "đ" still follows the figure)."""
        return key(word) in self.scales

    def knows(self, token: str) -> bool:
        """True when the token is shorthand somewhere (so it is no foreign word)."""
        k = key(token)
        tables = (self.words, self.final, self.before_word, self.after_number, self.addressed)
        return any(k in table for table in tables)

    def expand(self, token: str, *, previous_is_number: bool, next_kind: str, previous: str = "") -> str | None:
        """The meant words for a token, or None.

        `next_kind` is "word", "number" or "end" (end of the sentence); `previous` the word before.
        """
        k = key(token)
        if previous_is_number and k in self.after_number:
            return self.after_number[k]
        if next_kind == "end" and k in self.addressed and key(previous) in self.question_ends:
            return self.addressed[k]
        if next_kind == "end" and k in self.final:
            return self.final[k]
        if next_kind == "word" and k in self.before_word:
            return self.before_word[k]
        return self.words.get(k)


@lru_cache(maxsize=1)
def load() -> Shorthand:
    """The packaged tables (parsed once)."""
    source = resources.files("assistant.resources").joinpath("shorthand.toml").read_text("utf-8")
    return parse(source)


def parse(source: str) -> Shorthand:
    """Tables from TOML text; keys folded so any spelling of a key matches."""
    data = tomllib.loads(source)
    tables = {place: {key(k): str(v) for k, v in data.get(place, {}).items()} for place in _PLACES}
    english = frozenset(str(w).lower() for w in data.get("english", ()))
    scales = frozenset(key(str(w)) for w in data.get("scales", ()))
    ends = frozenset(key(str(w)) for w in data.get("question_ends", ()))
    return Shorthand(**tables, english=english, scales=scales, question_ends=ends)
