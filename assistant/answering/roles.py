"""The figure an answer must hold: of the kind asked, and playing the role asked.

"giảm bao nhiêu phần trăm" wants a percentage that is itself a change
("tương ứng giảm 0,96%"), not the rate that remains ("còn 20.498 hộ (4,61%)")
in the clause before it; "ai" wants a person's name, not an institution's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from assistant.answering.lexicon import Lexicon
from assistant.answering.question import Concept, Question
from assistant.text.figures import Figure, find_figures, is_statistic
from assistant.text.vietnamese import fold, folded_tokens, normalize, tokens

# How far after a figure a clause may measure it against a target ("0,96%, vượt chỉ tiêu …").
TARGET_WINDOW = 8
CHANGE_WORDS = frozenset({"giảm", "tăng", "giam", "tang"})
# A person's name: two to four capitalised syllables (any capital, marked or not).
_NAME = re.compile(r"\b(?:[^\W\d_a-zđ]\w*\s+){1,3}[^\W\d_a-zđ]\w*")
# Capitalised runs that name an institution or a document, not a person ("Sở Lao động…").
_NOT_PERSON = frozenset(
    {
        "sở",
        "ủy",
        "uỷ",
        "ban",
        "hội",
        "phòng",
        "quỹ",
        "trung",
        "bộ",
        "cục",
        "chi",
        "đài",
        "báo",
        "tỉnh",
        "huyện",
        "thành",
        "chương",
        "kế",
        "quyết",
        "nghị",
        "chính",
        "nhà",
        "trường",
        "công",
        "văn",
        "đảng",
        "mặt",
        "liên",
        "thủ",
    }
)


def _names_person(text: str) -> bool:
    return any(
        match.group(0).split()[0].lower() not in _NOT_PERSON and not match.group(0).isupper()
        for match in _NAME.finditer(text)
    )


# "Tổ chức ở đâu?" is answered by a clause that says where: a locative before a proper name
# ("tại Hội trường …", "ở Đông Hà") or a venue.
_PLACE = re.compile(r"\b(?:tại|ở)\s+(?:[^\W\d_a-zđ]|hội trường|trụ sở)")


def _names_place(text: str) -> bool:
    return bool(_PLACE.search(text))


def names_what_is_asked(which: str, text: str, plural: Collection[str] = ()) -> bool:
    """ "Chỉ tiêu nào …?" is answered by a clause naming a target ("chỉ tiêu giảm nghèo"), not by
    "6 chỉ tiêu" (a count) or "các chỉ tiêu" (all of them).

    The asked word must be followed by what names it, and not counted or grouped by the few words
    before it. A thing the question does not name ("cái nào", English "which") cannot be checked
    against a clause, so no clause answers it.
    """
    if which == "*":
        return False
    words = folded_tokens(text)
    counted = {w for p in plural for w in folded_tokens(p)}
    for index, word in enumerate(words[:-1]):
        before = words[max(0, index - 3) : index]
        if word == fold(which) and not any(any(ch.isdigit() for ch in w) or w in counted for w in before):
            return True
    return False


@dataclass(frozen=True)
class Asked:
    """What a question asks of the figure that answers it, read once per question."""

    wants: frozenset[str]
    asks_change: bool = False
    which: str | None = None  # "chỉ tiêu nào": a thing to name, not count
    plural: tuple[str, ...] = ()  # words that count or group a noun
    # "chỉ tiêu … là bao nhiêu": the target's own value, not the result measured against it
    target: tuple[str, ...] = ()  # the target words, when the target's value is asked
    results: tuple[str, ...] = ()  # words that measure a result against a target ("vượt")
    among: tuple[str, ...] = ()  # "trong số …, mấy …": the cues; a clause saying one gives the part
    # Words of which the clause must say one: a failure asked about ("chưa đạt"), a ranking ("cao nhất")
    must_say: tuple[str, ...] = ()
    # "liệt kê …": the question's own words (no stop words), and with their synonyms' words
    # (the echo), which an answer must go beyond
    own: frozenset[str] = frozenset()
    echo: frozenset[str] = frozenset()
    quiet: frozenset[str] = frozenset()  # stop words: they say nothing either way
    folded: bool = False  # echo and quiet are without diacritics ("hỏi" is no "hội" when marked)


def is_the_target(figure: Figure, text: str, asked: Asked) -> bool:
    """Whether the text states the figure as a target's value: a target word shortly before it
    ("kế hoạch … là 18.000"), or right after it when it counts targets ("08/9 chỉ tiêu", "9 nhóm chỉ tiêu"); not when
    the words after it measure it against a target ("giảm 0,96%, vượt chỉ tiêu …": the result)."""
    targets = [tuple(folded_tokens(t)) for t in asked.target]
    results = {w for r in asked.results for w in folded_tokens(r)}
    after = folded_tokens(text[figure.end :])[:TARGET_WINDOW]
    before = folded_tokens(text[: figure.start])[-TARGET_WINDOW:]

    def target_at(words: Sequence[str], i: int) -> bool:
        return any(tuple(words[i : i + len(t)]) == t for t in targets)

    grouped = {w for p in asked.plural for w in folded_tokens(p)}
    if after and (target_at(after, 0) or (after[0] in grouped and target_at(after, 1))):
        return True
    measured = any(
        word in results and any(target_at(after, j) for j in range(i + 1, min(len(after), i + 4)))
        for i, word in enumerate(after)
    )
    return not measured and any(target_at(before, i) for i in range(len(before)))


def kind_score(
    asked: Asked, text: str, clause_texts: Sequence[str], found: Sequence[Figure] | None = None
) -> tuple[float, bool]:
    """(bonus, whether the text holds the kind of answer asked for, in the role asked).

    `found`: the text's figures (find_figures), when they were read already."""
    wants, asks_change = asked.wants, asked.asks_change
    if asked.which and not names_what_is_asked(asked.which, text, asked.plural):
        return 0.0, False
    # "Chỉ tiêu nào chưa đạt?" is not answered by a target exceeded: the clause must say the failure
    # ("cao nhất": the ranking).
    if asked.must_say and not _says_any(text, asked.must_say):
        return 0.0, False
    figures = list(find_figures(text) if found is None else found)
    if asked.target:
        figures = [f for f in figures if not is_statistic(f) or is_the_target(f, text, asked)]
    has_statistic = any(is_statistic(f) for f in figures)
    # "Who"/"when" decide what an answer must hold; otherwise a count or amount.
    if "person" in wants or "date" in wants or "place" in wants:
        satisfied = (
            ("person" in wants and _names_person(text))
            or ("date" in wants and (any(f.kind == "date" for f in figures) or "ngày" in text.lower()))
            or ("place" in wants and _names_place(text))
        )
    elif "money" in wants:
        satisfied = any(f.kind == "money" for f in figures)
    elif "percent" in wants:
        satisfied = any(f.kind == "percent" and plays_role(f.text, clause_texts, True, asks_change) for f in figures)
    elif "quantity" in wants or "count" in wants:
        # "Số hộ nghèo" asks a count: the rate of poor households does not answer it.
        counts = [f for f in figures if f.kind != "percent"] if "count" in wants else figures
        satisfied = any(is_statistic(f) and plays_role(f.text, clause_texts, False, asks_change) for f in counts)
    elif asked.echo and not _says_more(asked, clause_texts or [text]):
        return 0.0, False  # it only says the question back
    else:
        # Nothing asked explicitly: this is a statistics assistant, so a figure helps a little.
        return (0.05 if has_statistic else 0.0), True
    return (0.4 if satisfied else 0.0) + _gives_a_part(asked, text), satisfied


PART_BONUS = 0.15


def _says_any(text: str, phrases: Sequence[str]) -> bool:
    said = " " + " ".join(folded_tokens(text)) + " "
    return any(f" {' '.join(folded_tokens(p))} " in said for p in phrases)


def _gives_a_part(asked: Asked, text: str) -> float:
    """ "Trong đó mấy cái vượt kế hoạch?" asks a part of a whole; the clause that says "trong đó
    có 6 chỉ tiêu …" gives the part, the one before it ("08/9 chỉ tiêu") the whole."""
    return PART_BONUS if _says_any(text, asked.among) else 0.0


def asked_by(question: Question, lexicon: Lexicon, asks_change: bool) -> Asked:
    """What the question asks of the figure that answers it."""
    return Asked(
        question.wants, asks_change, question.which, tuple(lexicon.which_plural),
        asks_target(question.text, lexicon.target, lexicon.target_results),
        tuple(lexicon.target_results),
        tuple(lexicon.among) if question.among else (),
        must_say(question.text, lexicon.unmet, question.confirms)
        or must_say(question.text, lexicon.superlative, question.confirms),
        *echo_of(question, lexicon.asks_content, lexicon.stop), quiet_words(lexicon.stop, question.folded),
        question.folded,
    )


def echo_of(
    question: Question, asks_content: Sequence[str], stop: Sequence[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """For a question asking for content ("những gì", "liệt kê") and no figure, name or yes/no:
    its own words, and those with its synonyms' words, which a clause must go beyond to answer it."""
    if question.wants or question.confirms or question.which or not _says_any(question.text, asks_content):
        return frozenset(), frozenset()
    quiet = quiet_words(stop, question.folded)
    # English put in Vietnamese; a figure asked about as the reports write it ("17056" is "17.056")
    labels = [w for c in question.concepts for w in _words(c.label, question.folded)]
    labels += [w for c in question.concepts if c.label[:1].isdigit() for a in c.alternatives for w in a]
    own = frozenset([*_words(question.text, question.folded), *labels]) - quiet
    said = {_word(w, question.folded) for c in question.concepts for a in c.alternatives for w in a}
    return own, own | (said - quiet)


def quiet_words(stop: Sequence[str], folded: bool) -> frozenset[str]:
    return frozenset(_word(w.removeprefix("="), folded) for w in stop if " " not in w)


def _word(word: str, folded: bool) -> str:
    return fold(word) if folded else normalize(word.lower())


def _words(text: str, folded: bool) -> list[str]:
    return folded_tokens(text) if folded else tokens(text.lower())


def _says_more(asked: Asked, clauses: Sequence[str]) -> bool:
    # What is asked for comes in the clause that names it or after it ("… trọng tâm như: đền ơn
    # đáp nghĩa"); a clause before it ("Bên cạnh những kết quả đạt được, …") is context.
    named = False
    for clause in clauses:
        words = set(_words(clause, asked.folded)) - asked.quiet
        named = named or bool(words & asked.own)
        if named and words - asked.echo:
            return True
    return False


def must_say(text: str, cues: Sequence[str], confirms: bool) -> tuple[str, ...]:
    """The cues of one kind ("chưa đạt", "cao nhất") when the question says one: its answer must
    say one too. Not when it asks to confirm a claim ("… nên không đạt chỉ tiêu, đúng không?"):
    that claim is corrected by what the report says."""
    return tuple(cues) if _says_any(text, cues) and not confirms else ()


def plays_role(figure: str, clause_texts: Sequence[str], percent: bool, asks_change: bool) -> bool:
    """A change asked for: the figure's own clause says a change. Otherwise any figure does."""
    if not asks_change:
        return True
    for clause in clause_texts:
        if figure in clause:
            words = set(folded_tokens(clause))
            return bool(words & CHANGE_WORDS) and (percent or not clause.strip().startswith("("))
    return False


def asks_target(text: str, target: Sequence[str], target_results: Sequence[str]) -> tuple[str, ...]:
    """The target words, when the question asks a target's own value: it names a target and
    says no result measured against one ("vượt", "đạt")."""
    # "bao nhiêu chỉ tiêu", "mấy nhóm chỉ tiêu" count targets: that is no target's value.
    counted = [f"{cue} {g}{t}" for cue in ("bao nhiêu", "mấy") for g in ("", "nhóm ") for t in target]
    asked = _says_any(text, target) and not _says_any(text, target_results) and not _says_any(text, counted)
    return tuple(target) if asked else ()


Judged = tuple[tuple[Concept, ...], tuple[Concept, ...], frozenset[str]]


def judged_concepts(question: Question, history: Question | None) -> Judged:
    """(what a clause is to say, what of the previous question only adds a little, the labels of
    the previous topic a clause must say).

    A follow-up with no topic of its own, only a year or a change ("còn năm 2023?", "vậy so với
    2023 thì tăng mấy %"), asks about the previous question's topic: that topic must be said too,
    or "tăng mấy %" after a question on trained workers is answered with the poor households.
    """
    own = question.topic_concepts
    if history is None:
        return own, (), frozenset()
    if not own:
        return history.topic_concepts, (), frozenset()
    topics = [c for c in own if c.kind in ("term", "soft") and not any((w,) in c.alternatives for w in CHANGE_WORDS)]
    if topics or (history.folded and not question.folded):
        return own, history.topic_concepts, frozenset()  # (a marked question's clause words are not folded)
    said = {c.label for c in own}
    earlier = [c for c in history.topic_concepts if c.label not in said]
    if question.folded and not history.folded:
        earlier = [replace(c, alternatives=tuple(tuple(fold(w) for w in a) for a in c.alternatives)) for c in earlier]
    return own + tuple(earlier), (), frozenset(c.label for c in earlier if c.kind == "term")

