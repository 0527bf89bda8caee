"""Typing repair: turn a chat-box question into what the user meant to type.

Built once from the knowledge-base texts, it fixes, in order:

1. chat shorthand and acronyms ("bn ng đc" -> "bao nhiêu người được",
   "XKLĐ" -> "xuất khẩu lao động"), from resources/shorthand.toml and from the
   acronyms the documents define or repeat;
2. Telex/VNI keystrokes typed with no input method ("hooj" -> "hộ");
3. missing, partial or wrong tone marks and small typos, against the words of
   the corpus: a word is only changed into a corpus word, and an unmarked word
   that is a plausible syllable is only marked when a neighbour agrees, through
   a word pair seen in the corpus ("ho ngheo" -> "hộ nghèo", "giao duc" ->
   "giáo dục"). Figures, protected words and corpus words typed as in the
   corpus are never touched; with no evidence a word is left as typed.

Everything is indexed in the constructor, so a repair is dictionary lookups
plus one small fuzzy search per unknown word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.text import shorthand
from assistant.text.acronyms import document_acronyms, paired_acronyms
from assistant.text.keyboard import decode_telex, decode_vni
from assistant.text.marks import agrees, keeps_marks, strong_keystrokes
from assistant.text.syllables import is_syllable
from assistant.text.vietnamese import fold, has_diacritics, normalize

# A figure ("4,61%", "31/12/2024") first; then a word, digits allowed for VNI and
# "-"/"&" for acronyms such as "LĐ-TB&XH".
_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*%?(?![^\W_])|[^\W_]+(?:[-&][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*%?")
_SENTENCE_END = re.compile(r"[.?!;\n]")
_CLAUSE = re.compile(r"[.,;:!?()\[\]\"“”\n–—]+")
_NUMBER_SLOT = "#"  # all figures share one bigram slot: "năm 2024" supports "năm" before any year
_MIN_FUZZY = 3  # shorter tokens have too many neighbours at distance 1
_RETONE_SUPPORT = 2  # times the corpus must keep the other marking in that company


@dataclass(frozen=True)
class Repair:
    """The repaired question and each (typed, replaced-by) change, in order."""

    text: str
    changes: tuple[tuple[str, str], ...]


@dataclass
class _Slot:
    original: str
    start: int
    end: int
    current: str  # the word as understood so far (lower case)
    fixed: bool = False  # expanded or protected: not repaired further
    is_number: bool = False


class TypingRepair:
    """Repairs questions against the vocabulary of a set of texts."""

    def __init__(self, texts: Iterable[str], vocabulary: Iterable[str] = (), protected: Iterable[str] = ()) -> None:
        texts = list(texts)
        self._shorthand = shorthand.load()
        self._acronyms = document_acronyms(texts)
        vocabulary = list(vocabulary)
        self._pairs = paired_acronyms(texts, vocabulary)
        # Built-in English words are kept only where they cannot be Vietnamese ("how", not "the").
        english = frozenset(w for w in self._shorthand.english if not is_syllable(w))
        self._protected = frozenset(fold(w) for w in protected) | english
        self._surface: dict[str, Counter[str]] = {}  # normalized -> spellings as written
        self._forms: dict[str, Counter[str]] = {}  # folded -> normalized forms
        self._bigrams: dict[tuple[str, str], Counter[tuple[str, str]]] = {}  # folded pair -> normalized pairs
        for text in [*texts, *vocabulary]:
            for clause in _CLAUSE.split(text):
                self._add_clause(clause)
        self._surface_best = {n: c.most_common(1)[0][0] for n, c in self._surface.items()}
        self._folded_words = [f for f in self._forms if len(f) >= _MIN_FUZZY]

    def _add_clause(self, clause: str) -> None:
        previous: str | None = None
        for match in _TOKEN.finditer(clause):
            raw = match.group(0)
            if _NUMBER.fullmatch(raw):
                word = _NUMBER_SLOT
            elif raw.isalpha() and is_syllable(raw):
                word = normalize(raw)
                self._surface.setdefault(word, Counter())[raw.lower()] += 1
                self._forms.setdefault(fold(word), Counter())[word] += 1
            else:
                previous = None  # abbreviations and foreign words carry no word pair
                continue
            if previous is not None:
                pair = (fold(previous), fold(word))
                self._bigrams.setdefault(pair, Counter())[(previous, word)] += 1
            previous = word

    # -- the public step -------------------------------------------------------------------------

    def repair(self, question: str) -> Repair:
        """The question as meant; `changes` lists what was replaced."""
        slots = self._slots(question)
        if self._looks_english(slots):
            return Repair(question, ())
        self._expand(question, slots)
        for slot in slots:
            if not slot.fixed and not slot.is_number:
                decoded = decode_telex(slot.current) or decode_vni(slot.current)
                if decoded and (fold(decoded) in self._forms or strong_keystrokes(slot.current)):
                    slot.current = decoded
        for i, slot in enumerate(slots):
            if not slot.fixed and not slot.is_number:
                slot.current = self._best(slots, i)
        return self._rebuild(question, slots)

    def _slots(self, question: str) -> list[_Slot]:
        slots = []
        for match in _TOKEN.finditer(question):
            raw = match.group(0)
            slot = _Slot(raw, match.start(), match.end(), raw.lower())
            slot.is_number = bool(_NUMBER.fullmatch(raw))
            slot.fixed = slot.is_number or fold(raw) in self._protected or raw.lower() in self._protected
            slots.append(slot)
        return slots

    def _looks_english(self, slots: list[_Slot]) -> bool:
        # A question in English: most words are no syllable, no keystrokes, no shorthand.
        words = [s for s in slots if not s.is_number]
        foreign = [s for s in words if s.original.isascii() and not s.fixed and not is_syllable(s.original)
                   and not decode_telex(s.original) and not decode_vni(s.original)
                   and len(s.original) > 1 and not self._shorthand.knows(s.original)
                   and shorthand.key(s.original) not in self._acronyms]
        known_english = [s for s in words if s.original.lower() in self._shorthand.english]
        return len(foreign) + len(known_english) >= 2 and 2 * (len(foreign) + len(known_english)) >= len(words)

    def _expand(self, question: str, slots: list[_Slot]) -> None:
        for i, slot in enumerate(slots):
            if slot.fixed or (has_diacritics(slot.original) and normalize(slot.original) in self._surface):
                continue
            nxt = slots[i + 1] if i + 1 < len(slots) else None
            if nxt is None or _SENTENCE_END.search(question[slot.end:nxt.start]):
                next_kind = "end"
            else:
                next_kind = "number" if nxt.is_number else "word"
            previous_is_number = i > 0 and not question[slots[i - 1].end:slot.start].strip() and (
                slots[i - 1].is_number or self._shorthand.is_scale(slots[i - 1].current))
            previous = slots[i - 1].original if i > 0 else ""
            expanded = self._shorthand.expand(slot.original, previous_is_number=previous_is_number,
                                              next_kind=next_kind, previous=previous)
            if expanded is None:
                expanded = self._acronym(slot.original) or self._paired(slots, i)
            if expanded is not None:
                slot.current = expanded
                slot.fixed = True

    def _acronym(self, token: str) -> str | None:
        # A document acronym must not be a real word: "tin" stays "tin" even if some term has initials t-i-n.
        k = shorthand.key(token)
        if k not in self._acronyms or (token.islower() and is_syllable(token)):
            return None
        return self._acronyms[k]

    def _paired(self, slots: list[_Slot], i: int) -> str | None:
        # Two capitals ("ĐT") are a term only in the company the documents keep it in: "qua ĐT"
        # is "qua đào tạo" because the texts say "qua đào"; "số ĐT" (a phone) is left alone.
        token = slots[i].original
        term = self._pairs.get(shorthand.key(token)) if len(token) == 2 and token.isupper() else None
        if term is None or shorthand.key(token) in self._acronyms:
            return None
        first, *_, last = term.split()
        left, right = _context(slots, i - 1), _context(slots, i + 1, first=True)
        return term if self._support(first, left, None) or self._support(last, None, right) else None

    # -- tone marks and typos --------------------------------------------------------------------

    def _best(self, slots: list[_Slot], i: int) -> str:
        word = slots[i].current
        norm = normalize(word)
        if not word.isalpha():
            return word
        folded = fold(word)
        left = _context(slots, i - 1)
        right = _context(slots, i + 1, first=True)
        if norm in self._surface:
            return self._retoned(norm, folded, left, right) or word
        if folded in self._forms:
            candidates = list(self._forms[folded])
            chosen = self._choose(candidates, left, right, marked=has_diacritics(word), typed=norm)
        elif len(folded) >= _MIN_FUZZY and not (has_diacritics(word) and is_syllable(word)):
            chosen = self._fuzzy(word, folded, left, right)
        else:
            chosen = None
        return self._surface_best[chosen] if chosen else word

    def _retoned(self, word: str, folded: str, left: str | None, right: str | None) -> str | None:
        """A known word in company the corpus never has, when another marking of it keeps that
        company often ("chi tiêu chủ yếu" is "chỉ tiêu chủ yếu"): a wrong tone that made a real word.
        Only beside marked neighbours, which say exactly what the company is."""
        marked = [n for n in (left, right) if n is not None and n != _NUMBER_SLOT and has_diacritics(n)]
        if not marked or self._support(word, left, right) > 0:
            return None
        others = [c for c in self._forms.get(folded, ()) if c != word]
        scored = sorted(((self._support(c, left, right), c) for c in others), reverse=True)
        if scored and scored[0][0] >= _RETONE_SUPPORT:
            return self._surface_best[scored[0][1]]
        return None

    def _choose(self, candidates: list[str], left: str | None, right: str | None, *, marked: bool,
                typed: str) -> str | None:
        scored = sorted(((self._support(c, left, right), self._frequency(c), c) for c in candidates), reverse=True)
        support, _, best = scored[0]
        if support > 0:
            return best
        if not marked:
            return None  # unmarked and no neighbour agrees: "ho" may be "hộ", "họ", "hồ"
        # Partly marked ("nghê"): the corpus form that keeps every mark typed, if only one does.
        keeping = [c for c in candidates if keeps_marks(typed, c)]
        return keeping[0] if len(keeping) == 1 else None

    def _fuzzy(self, word: str, folded: str, left: str | None, right: str | None) -> str | None:
        limit = 1 if len(folded) <= 5 else 2
        found = process.extract(folded, self._folded_words, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not found:
            return None
        nearest = min(distance for _, distance, _ in found)
        candidates = [form for match, distance, _ in found if distance == nearest for form in self._forms[match]]
        scored = sorted(((self._support(c, left, right), self._frequency(c), c) for c in candidates), reverse=True)
        support, _, best = scored[0]
        if support > 0:
            return best
        # No neighbour agrees: only a non-word with a single nearest corpus word is repaired.
        plausible = is_syllable(word)
        nearest_folds = {fold(c) for c in candidates}
        return best if not plausible and len(nearest_folds) == 1 else None

    def _frequency(self, form: str) -> int:
        return sum(self._surface[form].values())

    def _support(self, candidate: str, left: str | None, right: str | None) -> int:
        """How often the candidate follows `left` and precedes `right` in the corpus."""
        total = 0
        if left is not None:
            for (a, b), count in self._bigrams.get((fold(left), fold(candidate)), Counter()).items():
                if b == candidate and agrees(left, a):
                    total += count
        if right is not None:
            for (a, b), count in self._bigrams.get((fold(candidate), fold(right)), Counter()).items():
                if a == candidate and agrees(right, b):
                    total += count
        return total

    def _rebuild(self, question: str, slots: list[_Slot]) -> Repair:
        parts: list[str] = []
        changes: list[tuple[str, str]] = []
        position = 0
        for slot in slots:
            parts.append(question[position:slot.start])
            if slot.current != slot.original.lower():
                replacement = slot.current
                if slot.original[:1].isupper() and not slot.original.isupper():
                    replacement = replacement[:1].upper() + replacement[1:]
                parts.append(replacement)
                changes.append((slot.original, replacement))
            else:
                parts.append(slot.original)
            position = slot.end
        parts.append(question[position:])
        return Repair("".join(parts), tuple(changes))


def _context(slots: list[_Slot], i: int, *, first: bool = False) -> str | None:
    """A neighbour as a bigram key: its normalized word (the nearer end of an expansion), or the figure slot."""
    if i < 0 or i >= len(slots):
        return None
    slot = slots[i]
    if slot.is_number:
        return _NUMBER_SLOT
    words = slot.current.split()
    if not words:
        return None
    return normalize(words[0] if first else words[-1])
