"""Acronyms learnt from the documents themselves.

Reports define their own abbreviations ("Giáo dục nghề nghiệp (GDNN)") and
repeat their key terms ("hộ nghèo", "giáo dục nghề nghiệp"), and users abbreviate
exactly those terms. Reading both from the texts means a new report's
acronyms work with no lexicon edit.

* Defined: an upper-case word in parentheses whose letters are the initials of
  the words just before it ("Lao động, Thương binh và Xã hội (LĐ-TB&XH)"; the
  "&" stands for "và", which may also be skipped).
* Repeated: a run of 3 to 6 words, inside one clause, seen at least twice;
  its initials (at least 3 letters, so no clash with real two-letter words)
  map to it when no other repeated term has the same initials.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from assistant.text.shorthand import key
from assistant.text.vietnamese import fold

_WORD = re.compile(r"[^\W\d_]+")
_DEFINED = re.compile(r"([^()]{1,200}?)\s*\(\s*([A-ZĐ][A-ZĐ&\-.]{1,14})\s*\)")
_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”\n–—]+")
# Words that never start or end a term ("của các", "và", "là").
_EDGE = frozenset(fold(w) for w in (
    "và", "của", "các", "những", "là", "có", "được", "trong", "với", "theo", "đã", "cho", "ở", "đó",
    "này", "thì", "mà", "để", "từ", "đến", "so", "cũng", "bị", "trên", "tại", "về", "năm",
))
_MIN_REPEATS = 2
_MIN_LETTERS = 3
_MAX_WORDS = 6
_DOMINANT = 3  # times the next term with the same two initials
_ABBREVIATION = re.compile(r"\S*[A-ZĐ]\S*[A-ZĐ]\S*")


def _initials(words: list[str]) -> str:
    return "".join(fold(w)[0] for w in words)


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms spelt out in the text: {"gdnn": "giáo dục nghề nghiệp"}."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        letters = key(match.group(2))
        words = _WORD.findall(match.group(1))
        term = _match_initials(words, letters)
        if term:
            found[letters] = " ".join(term).lower()
    return found


def _match_initials(words: list[str], letters: str) -> list[str] | None:
    # Walk back from the word before "(", letter by letter; "và"/"của" may be skipped.
    taken: list[str] = []
    i = len(words) - 1
    j = len(letters) - 1
    while j >= 0 and i >= 0:
        initial = fold(words[i])[0]
        if initial == letters[j]:
            taken.append(words[i])
            j -= 1
        elif fold(words[i]) in _EDGE and taken:
            taken.append(words[i])
        else:
            return None
        i -= 1
    return list(reversed(taken)) if j < 0 else None


def repeated_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Initials of terms repeated in the texts: {"gdnn": "giáo dục nghề nghiệp"}."""
    counts: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        for clause in _CLAUSE.split(text):
            # An upper-case abbreviation already in the text ("LĐ-TB&XH") is no term word.
            for part in _ABBREVIATION.split(clause):
                _count_grams([w.lower() for w in _WORD.findall(part)], counts)
    extended = _extensions(counts)
    by_initials: dict[str, list[tuple[str, ...]]] = {}
    for gram, count in counts.items():
        if count >= _MIN_REPEATS and len(gram) <= _MAX_WORDS and not _inside_longer(gram, count, extended):
            by_initials.setdefault(_initials(list(gram)), []).append(gram)
    # Ambiguous initials mean nothing.
    result: dict[str, str] = {}
    for initials, grams in by_initials.items():
        if len(grams) == 1:
            result[initials] = " ".join(grams[0])
    return result


def _count_grams(words: list[str], counts: Counter[tuple[str, ...]]) -> None:
    # One size more than kept, so that `_inside_longer` can see every extension.
    for size in range(_MIN_LETTERS, _MAX_WORDS + 2):
        for start in range(len(words) - size + 1):
            counts[tuple(words[start:start + size])] += 1


def _inside_longer(gram: tuple[str, ...], count: int, extended: dict[tuple[str, ...], int]) -> bool:
    # "lĩnh vực lao" only ever occurs inside "lĩnh vực lao động": a fragment, not a term.
    if fold(gram[0]) in _EDGE or fold(gram[-1]) in _EDGE:
        return True
    return extended.get(gram, 0) == count


def _extensions(counts: Counter[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """For each gram, the highest count of a gram one word longer that contains it."""
    best: dict[tuple[str, ...], int] = {}
    for longer, count in counts.items():
        for part in (longer[1:], longer[:-1]):
            best[part] = max(best.get(part, 0), count)
    return best


def paired_acronyms(texts: Iterable[str], vocabulary: Iterable[str]) -> dict[str, str]:
    """Two letters typed in capitals ("LĐ qua ĐT") for the two-word term with those initials that
    the texts use most: {"dt": "đào tạo"}. A term is a pair of words the general vocabulary
    holds together (a lexicon phrase), so "được tạo" across two words is none. Two letters are
    too short to read in lower case ("đt" in a chat is as often "điện thoại"), so the caller uses
    this only for capitals, and only when one term is used far more than any other."""
    terms = {pair for phrase in vocabulary for pair in _pairs(phrase.lower().split())}
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for clause in _CLAUSE.split(text):
            for part in _ABBREVIATION.split(clause):
                counts.update(p for p in _pairs([w.lower() for w in _WORD.findall(part)]) if p in terms)
    by_initials: dict[str, list[tuple[int, tuple[str, str]]]] = {}
    for pair, count in counts.items():
        by_initials.setdefault(_initials(list(pair)), []).append((count, pair))
    result: dict[str, str] = {}
    for initials, ranked in by_initials.items():
        ranked.sort(reverse=True)
        if len(ranked) == 1 or ranked[0][0] >= _DOMINANT * ranked[1][0]:
            result[initials] = " ".join(ranked[0][1])
    return result


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for a, b in pairwise(words) if fold(a) not in _EDGE and fold(b) not in _EDGE]


def document_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Defined acronyms over repeated-term initials (a definition is the author's word)."""
    texts = list(texts)
    found = repeated_acronyms(texts)
    for text in texts:
        found.update(defined_acronyms(text))
    return found
