"""What a question asks: its concepts, the kind of answer, the years it names.

A question is reduced to concepts, each a set of phrases that count as saying
it (from the domain lexicon). Topic-less words (question words, politeness,
instructions pasted into the question) are dropped. A question typed without
diacritics is matched without diacritics throughout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from assistant.answering.asking import asking_part, english_inside, without_markup
from assistant.answering.lexicon import Lexicon, Phrase, looks_english, phrase, translate_english
from assistant.text.vietnamese import fold, folded_tokens, has_diacritics, tokens

# "soft": an English word the glossary does not know; it counts, but cannot veto.
# "light": a word asking a count ("số"); it weighs little and is no unknown topic.
ConceptKind = Literal["term", "year", "relative_year", "figure", "soft", "light"]
AnswerKind = Literal["quantity", "count", "percent", "person", "organisation", "date", "money", "place"]
_YEAR = re.compile(r"(?:19|20)\d\d")
_PERCENT_ASKED = re.compile(r"(?<![\d\s,.])\s*%|(?<!\d)\s%")
# "trong 100 gia đình có mấy hộ nghèo": a count out of a hundred is a rate.
_PER_HUNDRED = re.compile(
    r"\b(?:trong|trên|tren|cứ|cu|mỗi|moi|out of|per|in every)\s+(?:100|một trăm|mot tram|a hundred)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Concept:
    label: str
    alternatives: tuple[Phrase, ...]
    kind: ConceptKind = "term"
    offset: int = 0  # for relative years: -1 is the year before the report's


@dataclass(frozen=True)
class Question:
    text: str
    language: Literal["vi", "en"]
    folded: bool  # match without diacritics
    concepts: tuple[Concept, ...]
    wants: frozenset[AnswerKind] = field(default_factory=frozenset)
    unknown_words: tuple[str, ...] = ()  # English words the glossary does not know
    search_text: str = ""
    comparative: bool = False  # asks about a change against a baseline
    words: frozenset[str] = frozenset()  # every word of the question, as matched
    modifiers: tuple[str, ...] = ()  # "cận", "phó": the answer's clause must say them too
    confirms: bool = False  # asks whether a statement is true ("…, đúng không?")
    which: str | None = None  # "chỉ tiêu nào": the thing to name ("*" for "cái nào"); counts don't answer
    narrowed: frozenset[str] = frozenset()  # "ở khu vực thành thị": labels of the part asked about
    among: bool = False  # "trong số …, mấy …": asks a part of a whole
    unit: str | None = None  # "mấy huyện": the word a figure counts ("18/18 huyện")

    @property
    def topic_concepts(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c.kind != "figure")


_STILL = frozenset({"còn", "con"})
_AMOUNT_AFTER_STILL = frozenset(
    {"lại", "lai", "bao", "mấy", "may", "nhiêu", "nhieu", "khoảng", "khoang", "hơn", "hon", "gần", "gan", "chừng",
     "tầm", "có", "co", "được", "duoc", "đúng", "dung"}
)
_CLASSIFIERS = ("cái", "cai", "chiếc", "chiec")  # "mấy cái …": the classifier is no unit


def _counted_unit(words: list[str], lexicon: Lexicon, folded: bool) -> str | None:
    """The word after the first "how many" of a question: what the figure asked counts."""
    for cue in lexicon.phrases(lexicon.among_asks, folded):
        index = _find(words, cue)
        rest = [w for w in words[index + len(cue) :] if w not in _CLASSIFIERS] if index >= 0 else []
        if rest and rest[0].isalpha():
            return rest[0]
    return None


def _spellings(figure: str) -> tuple[tuple[str], ...]:
    """ "17056" as typed and as reports group it ("17.056", "17,056")."""
    digits = figure.replace(".", "").replace(",", "")
    if not digits.isdigit() or len(digits) < 4:
        return ((figure,),)
    grouped = f"{int(digits):,}"
    return tuple((f,) for f in dict.fromkeys([figure, grouped.replace(",", "."), grouped]))


def _stated_figure(word: str, words: list[str], lexicon: Lexicon, folded: bool) -> Concept:
    # "17056 là số gì?": the figure is what the question is about, not a figure asked; a clause
    # must state it. Otherwise a figure in a question is a claim to check ("có phải 17.056 không").
    if any(_find(words, cue) >= 0 for cue in lexicon.phrases(lexicon.asks_content, folded)):
        return Concept(word, _spellings(word), "term")
    return Concept(word, ((word,),), "figure")


def _find(sequence: list[str], target: Phrase, start: int = 0) -> int:
    size = len(target)
    for i in range(start, len(sequence) - size + 1):
        if tuple(sequence[i : i + size]) == target:
            return i
    return -1


def _cut(sequence: list[str], target: Phrase, before_not: frozenset[str] | set[str] = frozenset()) -> bool:
    """Blank out every occurrence of target in sequence (not one followed by a word of
    `before_not`); True if there was one."""
    hit = False
    index = _find(sequence, target)
    while index >= 0:
        end = index + len(target)
        if end >= len(sequence) or sequence[end] not in before_not:
            sequence[index:end] = [""] * len(target)
            hit = True
        index = _find(sequence, target, end)
    return hit


def _year_offset(offset: int, compares: bool) -> int:
    """People ask after a report is out: their "last year" is the report's own year.

    Only as a point of comparison ("so với năm trước") is it the year before the report's.
    """
    return offset if offset != -1 or compares else 0


def _asks_to_confirm(text: str, lexicon: Lexicon) -> bool:
    words = " " + " ".join(folded_tokens(text)) + " "
    return any(f" {' '.join(folded_tokens(cue))} " in words for cue in lexicon.confirm)


# How far before "nào" a negation still binds it ("không còn hộ nghèo nào": four words).
NEGATION_REACH = 5


def _asks_which(words: Sequence[str], lexicon: Lexicon, folded: bool) -> str | None:
    """The thing a "which" question asks to name: the word before "nào" ("chỉ tiêu nào" -> "tiêu"),
    "*" for a generic one ("cái nào"); None when nothing is to be named. (English "which" is left
    to the glossary: its noun is not a word of the documents.)"""
    form = fold if folded else (lambda w: w)
    cues = {form(c) for c in lexicon.which}
    other = {form(w) for w in lexicon.which_not_after}
    generic = {form(w) for w in lexicon.which_generic}
    negations = {form(w) for w in lexicon.which_negation}
    for index, word in enumerate(words):
        if word not in cues or negations.intersection(words[max(0, index - NEGATION_REACH) : index]):
            continue
        noun = words[index - 1] if index else ""
        if noun and noun not in other:
            return "*" if noun in generic else noun
    return None


NARROWED_REACH = 4  # words after "ở khu vực", "đối với" that name the part asked about


def _narrowing_windows(words: list[str], lexicon: Lexicon, folded: bool) -> list[range]:
    """Where the words naming a part of what is counted stand: after "ở khu vực", "đối với",
    and after the "how many" of a question that first says "among" ("trong số người đi XKLĐ
    có bao nhiêu nữ": the women are the part)."""
    windows = []

    def after(cues: list[str], start: int = 0) -> None:
        for cue in lexicon.phrases(cues, folded):
            index = _find(words, cue, start)
            while index >= 0:
                end = index + len(cue)
                windows.append(range(end, min(len(words), end + NARROWED_REACH)))
                index = _find(words, cue, end)

    after(lexicon.narrowing)
    # The "how many" after the cue: "trong mấy chỉ tiêu đó, có mấy cái …" asks the second one.
    among = [i + len(cue) for cue in lexicon.phrases(lexicon.among, folded) if (i := _find(words, cue)) >= 0]
    if among:
        after(lexicon.among_asks, min(among))
    return windows


def _part_names(words: list[str], windows: list[range]) -> list[Concept]:
    """The words left in a narrowing window, run together: "thành thị" is one name, not the
    "thành" of "thành phố" and the "thị" of "thị xã". Their words are blanked."""
    names = []
    for window in windows:
        run: list[int] = []
        for i in [*window, -1]:
            if i >= 0 and words[i]:
                run.append(i)
                continue
            if len(run) > 1:
                name = tuple(words[k] for k in run)
                names.append(Concept(" ".join(name), (name,)))
                for k in run:
                    words[k] = ""
            run = []
    return names


def _asked_modifiers(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The modifiers a question says, typed with marks or as a known unmarked compound."""
    lowered = text.lower()
    for unmarked, marked in lexicon.restore.items():
        lowered = re.sub(rf"\b{re.escape(unmarked)}\b", marked, lowered)
    said = set(tokens(lowered))
    return tuple(m for m in lexicon.asked_modifiers if m in said)


def analyse(text: str, lexicon: Lexicon, unmarked: bool | None = None) -> Question:
    """What the question asks. `unmarked`: match without diacritics (None: when it has none)."""
    plain = without_markup(text)
    text = asking_part(plain, lexicon)
    language: Literal["vi", "en"] = "en" if looks_english(text, lexicon) else "vi"
    unknown: list[str] = []
    working = english_inside(text, lexicon) if language == "vi" else text
    if language == "en":
        working, unknown = translate_english(text, lexicon)
    # English has no marks: match without them, so "Quang Tri" is "Quảng Trị".
    folded = not has_diacritics(text) if unmarked is None else unmarked
    words = folded_tokens(working) if folded else tokens(working)
    # An opener alone ("còn?", "ok, vậy") marks a follow-up and says nothing of its own.
    openers = lexicon.kept(
        f"openers {folded}", lambda: {" ".join(phrase(o, folded)) for o in lexicon.follow_up_openers}
    )
    if " ".join(words) in openers:
        words = []
    every_word = list(words)
    lowered = text.lower()

    wants: set[AnswerKind] = set()
    for kind, cues in lexicon.cues.items():
        for cue in cues:
            if cue.startswith("="):
                if folded:
                    continue
                cue = cue[1:]
            cue_phrase = phrase(cue, folded)
            if _find(words, cue_phrase) >= 0 or (language == "en" and re.search(rf"\b{re.escape(cue)}\b", lowered)):
                wants.add(kind)  # type: ignore[arg-type]
    # The tokens drop "%": "giảm bao nhiêu %" asks a percentage (not "47,62%", a figure stated).
    if _PERCENT_ASKED.search(text) or _PER_HUNDRED.search(text):
        wants.add("percent")
    concepts: list[Concept] = []
    compares = any(cue in lowered for cue in ("so với", "so voi", "compared"))
    for spoken, offset in lexicon.relative_years.items():
        if _cut(words, phrase(spoken, folded)) or (language == "en" and spoken in lowered):
            concepts.append(Concept(spoken, (), "relative_year", _year_offset(offset, compares)))
    for index, word in enumerate(words):
        if _YEAR.fullmatch(word):
            concepts.append(Concept(word, ((word,),), "year"))
            words[index] = ""
        elif word and word[0].isdigit():
            concepts.append(_stated_figure(word, every_word, lexicon, folded))
            words[index] = ""
    # "còn" before a figure or an amount word is what remains ("còn 20.498 hộ", "còn bao nhiêu");
    # before another word it is "still, also" ("mấy chỉ tiêu còn vượt kế hoạch"): no topic.
    for index, word in enumerate(words[:-1]):
        if word in _STILL and words[index + 1] and words[index + 1] not in _AMOUNT_AFTER_STILL:
            words[index] = ""
    # Domain phrases first, so a stop word inside one ("có" in "người có công") survives.
    for alternative, group in lexicon.synonym_groups(folded):
        if alternative != ("%",) and _cut(words, alternative):
            concepts.append(Concept(" ".join(alternative), tuple(group)))
    # "cụ thể hóa", "xã hội hóa": a stop word that a verb-forming suffix follows is part of a word.
    suffixes = {p[0] for p in lexicon.phrases(lexicon.word_suffixes, folded)}
    for stop in lexicon.phrases([*lexicon.stop, *lexicon.hearsay], folded):
        _cut(words, stop, before_not=suffixes)
    for count in lexicon.phrases(lexicon.count_words, folded):
        if _cut(words, count, before_not=suffixes):
            concepts.append(Concept(" ".join(count), (count,), "light"))
            if "quantity" in wants and "percent" not in wants:
                wants.add("count")
    windows = _narrowing_windows(every_word, lexicon, folded)
    concepts.extend(_part_names(words, windows))
    concepts.extend(Concept(w, ((w,),)) for w in words if w)
    named = {every_word[i] for window in windows for i in window}
    narrowed = frozenset(c.label for c in concepts if c.kind == "term" and set(c.label.split()) <= named)
    concepts.extend(Concept(w, ((w,),), "soft") for w in unknown)
    search_text = text if working == text else f"{text} {working}"
    comparative = any(_find(every_word, phrase(cue, folded)) >= 0 for cue in lexicon.comparison) or (
        language == "en" and any(re.search(rf"\b{cue}", lowered) for cue in lexicon.comparison))
    return Question(text, language, folded, tuple(concepts), frozenset(wants), tuple(unknown),
                    search_text, comparative, frozenset(every_word), _asked_modifiers(working, lexicon),
                    _asks_to_confirm(plain, lexicon),
                    # "cơ quan nào" asks for an institution, which roles.py knows by its name
                    None if language != "vi" or "organisation" in wants else _asks_which(every_word, lexicon, folded),
                    narrowed, any(_find(every_word, cue) >= 0 for cue in lexicon.phrases(lexicon.among, folded)),
                    _counted_unit(every_word, lexicon, folded))
