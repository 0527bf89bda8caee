"""What the marks of a typed word say, for the typing repair (repair.py).

A word typed with marks says something the repair must keep ("nghê" is "nghề", not "nghe"),
and an unmarked neighbour agrees with any marking of itself.
Keys only Telex/VNI typing produces are evidence of keystrokes on their own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from assistant.text.vietnamese import has_diacritics


def strong_keystrokes(word: str) -> bool:
    """Keys that only Telex/VNI typing produces: "dd", "aa", "ee", "oo", "w", a digit.

    A word decoded from a tone key alone ("test" -> "tét") is kept only if the
    corpus knows it; these keys are evidence enough on their own.
    """
    lowered = word.lower()
    return "w" in lowered or any(c.isdigit() for c in lowered) or any(d in lowered for d in ("dd", "aa", "ee", "oo"))


def agrees(typed: str, corpus: str) -> bool:
    # An unmarked neighbour matches any marking of itself; a marked one must match exactly.
    return typed == corpus or not has_diacritics(typed)


def keeps_marks(typed: str, candidate: str) -> bool:
    """True when every mark in `typed` is also in `candidate` ("nghê" -> "nghề", not "nghe")."""
    typed_marks = Counter(c for c in unicodedata.normalize("NFD", typed) if unicodedata.combining(c))
    candidate_marks = Counter(c for c in unicodedata.normalize("NFD", candidate) if unicodedata.combining(c))
    return all(candidate_marks[m] >= n for m, n in typed_marks.items())

