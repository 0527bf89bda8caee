"""Domain vocabulary (resources/lexicon.toml) in the forms matching needs."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from itertools import product
from typing import Any, TypeVar, cast

from assistant.text.vietnamese import folded_tokens, tokens

Phrase = tuple[str, ...]
PERCENT: Phrase = ("%",)


def phrase(text: str, folded: bool) -> Phrase:
    """A phrase as tokens, in the form (marked or unmarked) a question uses."""
    if text.strip() == "%":
        return PERCENT
    return tuple(folded_tokens(text) if folded else tokens(text))

T = TypeVar("T")


@dataclass(frozen=True)
class Lexicon:
    stop: list[str]
    english_stop: frozenset[str]
    cues: dict[str, list[str]]
    relative_years: dict[str, int]
    comparison: list[str]
    modifiers: list[str]
    follow_up_openers: list[str]
    synonyms: list[list[str]]
    english: dict[str, str]
    document_cues: dict[str, list[str]]  # facet -> phrases asking about the document itself
    places: list[str]  # provinces and cities, to tell a question about another place
    countries: list[str]  # destinations abroad: a figure for one is a breakdown a province's report lacks
    asked_modifiers: list[str]  # a question saying one needs a clause saying it
    restore: dict[str, str]  # unmarked compound -> its marked form
    confirm: list[str]  # "đúng không": a yes/no question about a statement
    which: list[str]  # "nào": asks to name one thing
    which_not_after: list[str]  # words that make "nào" mean when, how, who
    which_generic: list[str]  # "cái nào": the thing is whatever the question counts
    word_suffixes: list[str]  # "hóa" makes a word of what precedes it ("cụ thể hóa")
    which_negation: list[str]  # "không … nào": none at all, nothing to name
    narrowing: list[str]  # "ở khu vực", "đối với": the next words name a part of what is counted
    which_plural: list[str]  # "các chỉ tiêu": a noun counted or grouped, not one named
    target: list[str]  # "chỉ tiêu": a question may ask a target's own value
    target_results: list[str]  # "vượt": a result measured against a target
    among: list[str]  # "trong số": the "how many" that follows asks a part of what was named
    among_asks: list[str]  # "bao nhiêu", "mấy": the words after one name that part
    hearsay: list[str]  # "nghe nói": no topic, and no word for the typing repair to learn
    unmet: list[str]  # "chưa đạt": asks what was not achieved
    count_words: list[str]  # "số": asks a count; weighs little as a topic
    asks_content: list[str]  # "liệt kê": the answer must say more than the question
    purpose: list[str]  # "để đưa vào …": what the asker will do with the answer
    superlative: list[str]  # "cao nhất": asks a ranking

    @classmethod
    def load(cls) -> Lexicon:
        source = resources.files("assistant.resources").joinpath("lexicon.toml").read_text("utf-8")
        data = tomllib.loads(source)
        return cls(
            stop=list(data["stop"]),
            english_stop=frozenset(data["english_stop"]),
            cues={name: list(words) for name, words in data["cues"].items()},
            relative_years={k: int(v) for k, v in data["relative_years"].items()},
            comparison=list(data["comparison"]),
            modifiers=list(data["modifiers"]),
            follow_up_openers=sorted(data["follow_up_openers"], key=len, reverse=True),
            synonyms=[list(group["terms"]) for group in data["synonyms"]],
            english={k.lower(): v for k, v in data["english"].items()},
            document_cues={name: list(words) for name, words in data["document"].items()},
            places=list(data["places"]["provinces"]),
            countries=list(data["places"]["countries"]),
            asked_modifiers=list(data["asked_modifiers"]),
            restore=dict(sorted(data["restore"].items(), key=lambda kv: -len(kv[0]))),
            confirm=list(data["confirm"]),
            which=list(data["which"]),
            which_not_after=list(data["which_not_after"]),
            which_generic=list(data["which_generic"]),
            which_negation=list(data["which_negation"]),
            narrowing=list(data["narrowing"]),
            word_suffixes=list(data["word_suffixes"]),
            which_plural=list(data["which_plural"]),
            target=list(data["target"]),
            target_results=list(data["target_results"]),
            count_words=list(data["count_words"]),
            asks_content=list(data["asks_content"]),
            purpose=list(data["purpose"]),
            superlative=list(data["superlative"]),
            unmet=list(data["unmet"]),
            hearsay=list(data["hearsay"]),
            among=list(data["among"]),
            among_asks=list(data["among_asks"]),
        )

    @cached_property
    def _read(self) -> dict[Any, Any]:
        """The lexicon's own word lists already read as phrases, by their words: every question reads them."""
        return {}

    def kept(self, name: str, read: Callable[[], T]) -> T:
        """What `read` derives from this lexicon, derived once (the lexicon never changes)."""
        store = self._read
        if name not in store:
            store[name] = read()
        return cast(T, store[name])

    def phrases(self, words: list[str], folded: bool) -> list[Phrase]:
        """Phrases longest first, so "bao nhiêu người" wins over "bao nhiêu".

        A word written "=hở" counts only in a question typed with diacritics: without
        them it would also be a word with a topic ("ho" is "hộ" too).
        """
        key, read = ("phrases", tuple(words), folded), self._read
        if key not in read:
            read[key] = self._phrases(words, folded)
        return list(read[key])

    def _phrases(self, words: list[str], folded: bool) -> list[Phrase]:
        # In the lexicon's order among phrases of one length ("dựa trên" and "báo cáo" before the
        # hearsay "trên báo"): the cut is the same in every process, whatever the hash seed.
        found = dict.fromkeys(phrase(w.removeprefix("="), folded) for w in words if not (folded and w.startswith("=")))
        return sorted((p for p in found if p), key=len, reverse=True)

    def synonym_groups(self, folded: bool) -> list[tuple[Phrase, list[Phrase]]]:
        """(phrase, every phrase of its group) pairs, longest phrase first."""
        key, read = ("synonyms", tuple(tuple(group) for group in self.synonyms), folded), self._read
        if key not in read:
            read[key] = self._synonym_groups(folded)
        return list(read[key])

    def _synonym_groups(self, folded: bool) -> list[tuple[Phrase, list[Phrase]]]:
        pairs = []
        for group in self.synonyms:
            alternatives = [phrase(term, folded) for term in group]
            for alternative in alternatives:
                pairs.append((alternative, alternatives))
        return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


_ENGLISH_WORD = re.compile(r"[a-z]+(?:[-'][a-z]+)*|\d+(?:[.,]\d+)*%?")


_SUFFIXES = (
    ("ies", "y"),
    ("ves", "f"),
    ("es", ""),
    ("s", ""),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ment", ""),
)


def _forms(word: str) -> list[str]:
    """The word and the stems it may come from ("enrolled" -> "enroll", "created" -> "create")."""
    forms = [word]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            forms.append(word[: -len(suffix)] + replacement)
    return forms


def _lookup(window: list[str], glossary: dict[str, str]) -> str | None:
    """The glossary entry for these words, trying the stems of each ("received training")."""
    for forms in product(*(_forms(w) for w in window)):
        key = " ".join(forms)
        if key in glossary:
            return glossary[key]
    return None


def translate_english(text: str, lexicon: Lexicon) -> tuple[str, list[str]]:
    """Vietnamese for the glossary words of an English question, and the leftovers."""
    words = _ENGLISH_WORD.findall(text.lower().replace("’", "'"))
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    keys = sorted(lexicon.english, key=lambda k: len(k.split()), reverse=True)
    longest = max((len(k.split()) for k in keys), default=1)
    out: list[str] = []
    unknown: list[str] = []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            hit = _lookup(words[position : position + size], lexicon.english)
            if hit:
                out.append(hit)
                position += size
                break
        else:
            word = words[position]
            if not any(form in lexicon.english_stop for form in _forms(word)):
                (out if word[0].isdigit() else unknown).append(word)
            position += 1
    return " ".join(out), unknown


def looks_english(text: str, lexicon: Lexicon) -> bool:
    """Mostly English function or glossary words, and no Vietnamese marks."""
    if any(ord(c) > 127 for c in text if c.isalpha()):
        return False
    words = re.findall(r"[a-z]+", text.lower())
    if not words:
        return False
    english = sum(1 for w in words if any(f in lexicon.english_stop or f in lexicon.english for f in _forms(w)))
    return english / len(words) >= 0.5
