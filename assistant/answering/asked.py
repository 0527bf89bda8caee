"""What a question asks of the clause that answers it, read once per question.

The kind of figure ("bao nhiêu phần trăm"), whether a change is asked, a thing to name ("chỉ tiêu
nào"), a target's own value, a part of a whole ("trong đó mấy …"), a failure or a ranking the
clause must say, and for "liệt kê …" the question's own words, which an answer must go beyond.
roles.py checks a clause against it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answering.lexicon import Lexicon
from assistant.answering.question import Concept, Question
from assistant.text.vietnamese import fold, folded_tokens, normalize, tokens

CHANGE_WORDS = frozenset({"giảm", "tăng", "giam", "tang"})


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
    said: frozenset[str] = frozenset()  # the question's own words (no stop words), however it asks


def says_any(text: str, phrases: Sequence[str]) -> bool:
    said = " " + " ".join(folded_tokens(text)) + " "
    return any(f" {' '.join(folded_tokens(p))} " in said for p in phrases)


def asked_by(question: Question, lexicon: Lexicon, asks_change: bool) -> Asked:
    """What the question asks of the figure that answers it."""
    # A cue inside a longer term of the lexicon is that term: "người đứng đầu" (the head) ranks nothing.
    plain = outside_terms(question.text, _terms_holding_cues(lexicon))
    quiet = lexicon.kept(f"quiet words {question.folded}", lambda: quiet_words(lexicon.stop, question.folded))
    return Asked(
        question.wants, asks_change, question.which, tuple(lexicon.which_plural),
        asks_target(question.text, lexicon.target, lexicon.target_results),
        tuple(lexicon.target_results),
        tuple(lexicon.among) if question.among else (),
        must_say(plain, lexicon.unmet, question.confirms) or must_say(plain, lexicon.superlative, question.confirms),
        *echo_of(question, lexicon.asks_content, quiet), quiet,
        question.folded, frozenset(words_of(question.text, question.folded)) - quiet,
    )


def echo_of(
    question: Question, asks_content: Sequence[str], quiet: frozenset[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """For a question asking for content ("những gì", "liệt kê") and no figure, name or yes/no:
    its own words, and those with its synonyms' words, which a clause must go beyond to answer it."""
    if question.wants or question.confirms or question.which or not says_any(question.text, asks_content):
        return frozenset(), frozenset()
    # English put in Vietnamese; a figure asked about as the reports write it ("17056" is "17.056")
    labels = [w for c in question.concepts for w in words_of(c.label, question.folded)]
    labels += [w for c in question.concepts if c.label[:1].isdigit() for a in c.alternatives for w in a]
    own = frozenset([*words_of(question.text, question.folded), *labels]) - quiet
    said = {_word(w, question.folded) for c in question.concepts for a in c.alternatives for w in a}
    return own, own | (said - quiet)


def quiet_words(stop: Sequence[str], folded: bool) -> frozenset[str]:
    return frozenset(_word(w.removeprefix("="), folded) for w in stop if " " not in w)


def _word(word: str, folded: bool) -> str:
    return fold(word) if folded else normalize(word.lower())


def _terms_holding_cues(lexicon: Lexicon) -> tuple[str, ...]:
    """The lexicon's terms (folded) that hold a failure or ranking cue inside them ("người đứng
    đầu" holds "đứng đầu"), found once for the lexicon."""

    def read() -> tuple[str, ...]:
        cues = [" ".join(folded_tokens(c)) for c in [*lexicon.unmet, *lexicon.superlative]]
        terms = {" ".join(folded_tokens(t)) for group in lexicon.synonyms for t in group}
        return tuple(sorted(t for t in terms if any(c != t and f" {c} " in f" {t} " for c in cues)))

    return lexicon.kept("terms holding cues", read)


def outside_terms(text: str, terms: Sequence[str]) -> str:
    """The text (folded) without those terms."""
    said = " " + " ".join(folded_tokens(text)) + " "
    for term in terms:
        said = said.replace(f" {term} ", " ")
    return said.strip()


def words_of(text: str, folded: bool) -> list[str]:
    return folded_tokens(text) if folded else tokens(text.lower())


def must_say(text: str, cues: Sequence[str], confirms: bool) -> tuple[str, ...]:
    """The cues of one kind ("chưa đạt", "cao nhất") when the question says one: its answer must
    say one too. Not when it asks to confirm a claim ("… nên không đạt chỉ tiêu, đúng không?"):
    that claim is corrected by what the report says."""
    return tuple(cues) if says_any(text, cues) and not confirms else ()


def asks_target(text: str, target: Sequence[str], target_results: Sequence[str]) -> tuple[str, ...]:
    """The target words, when the question asks a target's own value: it names a target and
    says no result measured against one ("vượt", "đạt")."""
    # "bao nhiêu chỉ tiêu", "mấy nhóm chỉ tiêu" count targets: that is no target's value.
    counted = [f"{cue} {g}{t}" for cue in ("bao nhiêu", "mấy") for g in ("", "nhóm ") for t in target]
    asked = says_any(text, target) and not says_any(text, target_results) and not says_any(text, counted)
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

