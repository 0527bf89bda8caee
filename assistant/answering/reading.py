"""Reading a question as it was meant: typing repaired, and how its words are to be matched.

The typing repair (assistant/text/repair.py) knows the knowledge base's words;
this module gives it those words, the lexicon's, and the places the documents
cover spelled out with their initials ("Quảng Trị (QT)"), so a question saying
"QT" reads as the province. It also decides whether the question's marks can
be trusted: when a word is left unmarked beside marked ones ("tuyen sinh
giáo dục") and the knowledge base has it only with marks, the question is
matched without marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answering.lexicon import Lexicon
from assistant.text.repair import TypingRepair
from assistant.text.syllables import is_syllable
from assistant.text.vietnamese import fold, has_diacritics, tokens

# Words that name the kind of place, not the place: "tỉnh Quảng Trị" is "Quảng Trị (QT)".
# A whole acronym: "UBND", not "LĐ" of "LĐ-TB&XH" (a part of a compound one is its abbreviation).
_ACRONYM = re.compile(r"(?<![\w&-])[A-ZĐ]{2,}(?![\w&-])")
_PLACE_KINDS = {"tỉnh", "thành", "phố", "huyện", "thị", "xã", "quận", "phường", "thành phố", "thị xã"}


@dataclass(frozen=True)
class Reading:
    text: str  # the question as meant
    unmarked: bool  # match its words without diacritics
    changes: tuple[tuple[str, str], ...] = ()


def _initials(place: str) -> str | None:
    words = [w for w in place.split() if w.lower() not in _PLACE_KINDS]
    if len(words) < 2:
        return None
    return "".join(fold(w)[0].upper() for w in words)


def place_definitions(localities: Iterable[str]) -> list[str]:
    """ "Quảng Trị (QT)" for "tỉnh Quảng Trị": how people shorten a place's name."""
    lines = []
    for place in localities:
        name = " ".join(w for w in place.split() if w.lower() not in _PLACE_KINDS)
        initials = _initials(place)
        if initials:
            lines.append(f"{name} ({initials})")
    return lines


def _lexicon_words(lexicon: Lexicon) -> list[str]:
    phrases = [*lexicon.stop, *lexicon.modifiers, *lexicon.follow_up_openers, *lexicon.relative_years,
               *lexicon.english.values(), *(w for cues in lexicon.cues.values() for w in cues),
               *(w for group in lexicon.synonyms for w in group)]
    return [p.removeprefix("=") for p in phrases]


class QuestionReader:
    """Built once per published generation of the knowledge base."""

    def __init__(self, texts: Iterable[str], localities: Iterable[str], lexicon: Lexicon) -> None:
        texts = list(texts)
        # An acronym the documents themselves write ("UBND") is matched as written, not spelled out.
        acronyms = {w for text in texts for w in _ACRONYM.findall(text)}
        texts += place_definitions(localities)
        vocabulary = _lexicon_words(lexicon)
        english = [w for key in [*lexicon.english, *lexicon.english_stop] for w in key.split()]
        # A word the lexicon knows that is no syllable ("alo", "admin") is no slip to mend into a
        # corpus word ("alo" is not "lao").
        known = [w for phrase in vocabulary for w in phrase.split() if w.isalpha() and not is_syllable(w)]
        protected = [*(w for w in english if not is_syllable(w)), *acronyms, *known]
        self._repair = TypingRepair(texts, vocabulary=vocabulary, protected=protected)
        # Hearsay ("nghe nói") is typed as it is: an unmarked "nghe" there is no slip for "nghề".
        self._marked = {w for text in [*texts, *vocabulary, *lexicon.hearsay] for w in tokens(text)}
        self._folded = {fold(w) for w in self._marked}

    def read(self, question: str) -> Reading:
        repair = self._repair.repair(question)
        text = repair.text
        words = [w for w in tokens(text) if not w[0].isdigit()]
        # A word left unmarked that the knowledge base only has with marks ("tuyen" beside
        # "giáo dục"): the question mixes styles, so match it all without marks. A marked word
        # the knowledge base lacks ("hỗ trợ") is a word it does not have, not a typing slip
        # (the repair has already mended the slips it could).
        mixed = any(fold(w) == w and w not in self._marked and w in self._folded for w in words)
        # Typed with no marks at all: the repair's marks are guesses; keep matching without them.
        return Reading(text, not has_diacritics(question) or mixed, repair.changes)
