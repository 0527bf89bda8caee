"""Find the clause(s) of the retrieved passages that answer a question.

Candidates are runs of one to four consecutive clauses of a sentence. Each is
scored by how much of the question it covers (rare words count more), with a
little credit for words elsewhere in its sentence, for the previous question
of a follow-up, and for holding the kind of answer asked for. A candidate
answers when the hard rules hold (the years and modifiers asked, the kind and
role of the figure: roles.py) and it clears the fitted bar (gate.py). Choosing
among the passages' best spans is ranking.py's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.documents import Document

from assistant.answering.corpus import CorpusVocabulary, DocumentScope
from assistant.answering.gate import Gate
from assistant.answering.lexicon import PERCENT, Lexicon, Phrase
from assistant.answering.question import Concept, Question
from assistant.answering.roles import CHANGE_WORDS, Asked, kind_score
from assistant.text.segments import Span, clauses, sentences
from assistant.text.syllables import is_syllable
from assistant.text.vietnamese import both_tokens, fold, folded_tokens, has_diacritics, tokens

MAX_CLAUSES = 4
MAX_SPAN_CHARS = 320
HISTORY_WEIGHT = 0.25


@dataclass(frozen=True)
class Evidence:
    """The best span found in one passage, and how well it answers."""

    passage: Document
    span: Span  # within the passage text
    sentence: Span  # within the passage text
    score: float
    coverage: float
    found: bool
    unknown: float = 0.0  # share of the question's weight the knowledge base has no word for
    passable: bool = False  # every hard rule holds; only the gate's bar decides
    contradicts: str | None = None  # the change the question assumed ("tăng") where the clause says the other

    @property
    def text(self) -> str:
        return self.span.of(self.passage.page_content)

    @property
    def quote(self) -> str:
        return self.sentence.of(self.passage.page_content)


def _contains(words: Sequence[str], alternative: Phrase) -> bool:
    return bool(_positions(words, alternative))


def _positions(words: Sequence[str], alternative: Phrase) -> list[int]:
    if alternative == PERCENT:
        return [i for i, w in enumerate(words) if w.endswith("%")]
    size = len(alternative)
    return [i for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == alternative]


def _real_word(label: str) -> bool:
    return has_diacritics(label) and all(is_syllable(w) for w in label.split())


def _term_traps(lexicon: Lexicon, spoken: frozenset[str]) -> dict[str, list[tuple[Phrase, int]]]:
    """For each syllable, the lexicon terms it is part of of which the question says no other syllable.

    A lone question word found only inside such a term is that term's syllable, not the question's
    word: "le" of "rep le" (reply quickly) in "tỷ lệ", "tao" (make) in "đào tạo".
    """
    traps: dict[str, list[tuple[Phrase, int]]] = {}
    for folded in (False, True):
        for term, _ in lexicon.synonym_groups(folded):
            if len(term) < 2:
                continue
            for offset, word in enumerate(term):
                if not any(other in spoken for k, other in enumerate(term) if k != offset):
                    traps.setdefault(word, []).append((term, offset))
    return traps


def _is_baseline(words: Sequence[str], index: int) -> bool:
    """True for the year of "so với (năm) 2023": a point of comparison, not the subject."""
    before = [w for w in words[max(0, index - 3) : index] if w not in ("năm", "nam")]
    return len(before) >= 2 and tuple(before[-2:]) in (("so", "với"), ("so", "voi"))


# The two directions of a change; a question assuming one is answered by a clause saying the other.
_DIRECTIONS = {("tăng",): ("giảm",), ("tang",): ("giam",), ("giảm",): ("tăng",), ("giam",): ("tang",)}
_FIGURE_TOKEN = re.compile(r"\d")
SOFT_WEIGHT = 0.6
SYNONYM_CREDIT = 0.85
EXTRA_FIGURE_CLAUSE_COST = 0.06


def _asks_target(question: Question, lexicon: Lexicon) -> tuple[str, ...]:
    """The target words, when the question asks a target's own value: it names a target and
    says no result measured against one ("vượt", "đạt")."""
    said = " " + " ".join(folded_tokens(question.text)) + " "

    def says(words: Sequence[str]) -> bool:
        return any(f" {' '.join(folded_tokens(w))} " in said for w in words)

    # "bao nhiêu chỉ tiêu", "mấy nhóm chỉ tiêu" count targets: that is no target's value.
    counted = [f"{cue} {g}{t}" for cue in ("bao nhiêu", "mấy") for g in ("", "nhóm ") for t in lexicon.target]
    return (
        tuple(lexicon.target)
        if (says(lexicon.target) and not says(lexicon.target_results) and not says(counted))
        else ()
    )


class _Unmarked(list[str]):
    """Words without diacritics, for matching a question typed without them, and the same
    words with them, for the checks where a missing mark would change the word."""

    def __init__(self, unmarked: list[str], marked: list[str]) -> None:
        super().__init__(unmarked)
        self.marked = marked if len(marked) == len(unmarked) else unmarked


class SpanJudge:
    """Scores candidate spans for one question (and its follow-up context)."""

    def __init__(
        self,
        question: Question,
        history: Question | None,
        vocabulary: CorpusVocabulary,
        lexicon: Lexicon,
        gate: Gate | None = None,
    ) -> None:
        self.question = question
        self.gate = gate or Gate.load()
        modifiers = lexicon.modifiers
        spoken = question.words | (history.words if history else frozenset())
        # A modifier the question says itself ("hộ cận nghèo", or unmarked "ho can ngheo") is asked for.
        forms = [set(tokens(m) + folded_tokens(m)) for m in modifiers]
        self.modifiers = frozenset(w for both in forms if not both & spoken for w in both)
        self.history = history
        self.vocabulary = vocabulary
        # An English word's glossary translation is meant ("fund" -> "quỹ"), not a stray syllable.
        self.term_traps = _term_traps(lexicon, spoken) if question.language == "vi" else {}
        self.concepts = question.topic_concepts or (history.topic_concepts if history else ())
        self.weights = [self._weight(c) for c in self.concepts]
        # Words no document has are not evidence either way for a clause: they are left out of its
        # coverage and counted apart, as the share of the question the knowledge base cannot read
        # (a single letter is never a topic word).
        unknown = {
            i
            for i, c in enumerate(self.concepts)
            if c.kind in ("term", "soft") and not any(vocabulary.knows(a) for a in c.alternatives)
        }
        self.unknown_concepts = frozenset(unknown | self._in_unknown_compounds(question, unknown))
        counted = [i for i, c in enumerate(self.concepts) if len(c.label) > 1 or i not in self.unknown_concepts]
        self.unknown = sum(1 for i in counted if i in self.unknown_concepts) / (len(counted) or 1)
        # A word typed with its marks, spelled as Vietnamese can be, that no document has names a
        # topic the documents lack ("thất nghiệp", "nữ"); an unmarked one may be a slip the repair
        # could not mend, and "zậy" is chat spelling, not a word.
        self.unknown_marked = sum(
            1
            for i in counted
            if i in self.unknown_concepts and self.concepts[i].kind == "term" and _real_word(self.concepts[i].label)
        ) / (len(counted) or 1)
        self.history_concepts = history.topic_concepts if history and question.topic_concepts else ()
        self.history_weights = [self._weight(c) for c in self.history_concepts]
        asked = {w for q in (question, history) if q for c in q.concepts for a in c.alternatives for w in a}
        self.unasked_changes = CHANGE_WORDS - asked
        # A change is asked when a concept is itself a change ("bớt" is "giảm"), not when a
        # phrase of its group merely holds one ("việc làm tăng thêm" for "việc làm").
        self.asks_change = any(
            (w,) in c.alternatives for q in (question, history) if q for c in q.concepts for w in CHANGE_WORDS
        )
        self.asked = Asked(
            question.wants,
            self.asks_change,
            question.which,
            tuple(lexicon.which_plural),
            _asks_target(question, lexicon),
            tuple(lexicon.target_results),
        )

    def _in_unknown_compounds(self, question: Question, unknown: set[int]) -> set[int]:
        """Known syllables that stand next to a marked word no document has, in the question.

        "thất nghiệp" (unemployment) is not the "nghiệp" of "giáo dục nghề nghiệp": a syllable
        the documents know is not evidence when its neighbour shows a compound they never use.
        """
        # An English question's glossary translations are whole Vietnamese phrases ("escaped
        # poverty" -> "thoát nghèo"): their syllables, matched unmarked, are neighbours too.
        english = question.language == "en"
        words = folded_tokens(question.search_text) if english or question.folded else tokens(question.text)
        # Typed without marks, a word is a topic when the repair could give it its marks (a real
        # word: "that nghiep" -> "thất nghiệp"), not when it is a slip left as typed.
        marked = {fold(w) for w in tokens(question.text) if has_diacritics(w)} if question.folded else set()
        # An English word the glossary lacks ("force") is no topic: it may be any filler.
        topics = {
            self.concepts[i].label
            for i in unknown
            if self.concepts[i].kind == "term"
            and (english or has_diacritics(self.concepts[i].label) or self.concepts[i].label in marked)
        }
        strange = {i for i, w in enumerate(words) if w in topics}
        # A phrase ending just before a strange word, or starting just after one, is its neighbour
        # ("lao động nữ": the report's "lao động" is not its female workers).
        ends_before = {i - 1 for i in strange if i - 1 >= 0 and i - 1 not in strange}
        starts_after = {i + 1 for i in strange if i + 1 < len(words) and i + 1 not in strange}

        def beside(label: str) -> bool:
            size = len(label.split())
            return any(words[end - size + 1 : end + 1] == label.split() for end in ends_before) or any(
                words[start : start + size] == label.split() for start in starts_after
            )

        return {i for i, c in enumerate(self.concepts) if c.kind == "term" and beside(c.label)}

    def _weight(self, concept: Concept) -> float:
        return SOFT_WEIGHT if concept.kind == "soft" else self.vocabulary.weight(concept)

    def _required(self, concept: Concept) -> bool:
        # A year decides which figure is right; a word the knowledge base lacks only weighs
        # (a typo or a chat word is unknown too, and must not veto a good clause by itself).
        # So is the part a question narrows a figure to: the province's figure is not the urban one.
        return concept.kind in ("year", "relative_year") or concept.label in self.question.narrowed

    def words(self, text: str, folded: bool) -> list[str]:
        if not folded:
            return tokens(text)
        marked, unmarked = both_tokens(text)
        return _Unmarked(unmarked, marked)

    def _found_in(self, words: Sequence[str], concept: Concept, alternatives: tuple[Phrase, ...]) -> float:
        """1 for the question's own wording, SYNONYM_CREDIT for another way of saying it, else 0."""
        own = self._own_wording(concept)
        best = 0.0
        for alternative in alternatives:
            # Modifiers are read with their marks: unmarked, "địa bàn" would end in "bán" (semi-).
            marked = words.marked if isinstance(words, _Unmarked) else words
            positions = [
                i for i in _positions(words, alternative) if not self.modifiers.intersection(marked[max(0, i - 2) : i])
            ]
            if concept.kind in ("year", "relative_year") and not self.question.comparative:
                positions = [i for i in positions if not _is_baseline(words, i)]
            if concept.kind == "term" and len(alternative) == 1:
                positions = [i for i in positions if not self._inside_a_term(words, i, alternative[0])]
            if positions:
                best = max(best, 1.0 if alternative == own or own is None else SYNONYM_CREDIT)
        return best

    def _inside_a_term(self, words: Sequence[str], index: int, word: str) -> bool:
        """True when the word at `index` is a syllable of a lexicon term the question does not say."""
        for term, offset in self.term_traps.get(word, ()):
            start = index - offset
            if start >= 0 and tuple(words[start : start + len(term)]) == term:
                return True
        return False

    def _own_wording(self, concept: Concept) -> Phrase | None:
        """The phrase the question itself used for this concept, when it came from the lexicon."""
        if concept.kind != "term" or len(concept.alternatives) < 2:
            return None
        own = tuple(concept.label.split())
        return own if own in concept.alternatives else None

    def _match(self, concept: Concept, span: list[str], sentence: list[str], scope: DocumentScope) -> float | None:
        """1 in the span, 0.5 elsewhere in its sentence, 0 if absent.

        None when the document as a whole says it: its period, place or
        issuer always (every passage is about them), its title when the
        passage does not repeat it. The question is in scope; that is not evidence.
        """
        alternatives = concept.alternatives
        if concept.kind == "relative_year":
            if scope.year is None:
                return 0.0
            if concept.offset == 0:
                return None
            alternatives = ((str(scope.year + concept.offset),),)
        if concept.kind in ("year", "term") and self._found_in(scope.context, concept, alternatives):
            return None
        in_span = self._found_in(span, concept, alternatives)
        if in_span:
            return in_span
        if self._opposite(concept, span):
            return 1.0  # "why did it rise?" is answered by the clause saying how it fell
        if self._found_in(sentence, concept, alternatives):
            return 0.5
        if concept.kind == "term" and self._found_in(scope.title, concept, alternatives):
            return None
        return 0.0

    def _opposite(self, concept: Concept, words: Sequence[str]) -> str | None:
        """The direction the concept asks that the words contradict, or None."""
        for asked, other in _DIRECTIONS.items():
            if (
                asked in concept.alternatives
                and other not in concept.alternatives
                and not any(_contains(words, a) for a in concept.alternatives)
                and _contains(words, other)
            ):
                return "tăng" if asked[0] in ("tăng", "tang") else "giảm"
        return None

    def _coverage(
        self,
        concepts: Sequence[Concept],
        weights: Sequence[float],
        span: list[str],
        sentence: list[str],
        scope: DocumentScope,
    ) -> tuple[float, float, bool]:
        """(graded coverage, coverage by the sentence, every required concept present)."""
        total = graded = present = 0.0
        complete = True
        for index, (concept, weight) in enumerate(zip(concepts, weights, strict=True)):
            if concepts is self.concepts and index in self.unknown_concepts:
                # A part no document names ("lao động nữ") is a breakdown the reports do not give.
                complete = complete and concept.label not in self.question.narrowed
                continue
            match = self._match(concept, span, sentence, scope)
            if match is None:
                continue
            total += weight
            graded += weight * match
            present += weight * (match > 0)
            complete = complete and (match > 0 or not self._required(concept))
        if not total:
            return 0.0, 0.0, complete
        return graded / total, present / total, complete

    def _kind_score(self, text: str, clause_texts: Sequence[str]) -> tuple[float, bool]:
        return kind_score(self.asked, text, clause_texts)

    def _anchoring(self, clause_words: list[list[str]]) -> float:
        """How much of the question shares a clause with a figure of the wanted kind.

        "giảm bao nhiêu phần trăm" should land on "tương ứng giảm 0,96%", not on
        the "(4,61%)" of the clause before it.
        """
        wants_percent = "percent" in self.question.wants
        wants_count = "quantity" in self.question.wants and not wants_percent

        def wanted(word: str) -> bool:
            if not _FIGURE_TOKEN.search(word):
                return False
            return word.endswith("%") if wants_percent else not (wants_count and word.endswith("%"))

        # A verb of change ("giảm", "tăng") tells which figure of a sentence is meant.
        weights = [
            w * (2 if any(set(a) & CHANGE_WORDS for a in c.alternatives) else 1)
            for c, w in zip(self.concepts, self.weights, strict=True)
        ]
        total = sum(weights) or 1.0
        best = 0.0
        for words in clause_words:
            if not any(wanted(w) for w in words):
                continue
            anchored = sum(
                w
                for c, w in zip(self.concepts, weights, strict=True)
                if any(_contains(words, a) for a in c.alternatives)
            )
            best = max(best, anchored / total)
        return best

    def judge(self, passage: Document, rank: int) -> Evidence | None:
        text = passage.page_content
        best: Evidence | None = None
        folded = self.question.folded
        scope = DocumentScope.of(passage, self.words, folded)
        history_scope = DocumentScope.of(passage, self.words, self.history.folded) if self.history else scope
        for sentence in sentences(text):
            sentence_words = self.words(sentence.of(text), folded)
            history_sentence = self.words(sentence.of(text), self.history.folded) if self.history else []
            parts = clauses(text, sentence)
            for first in range(len(parts)):
                for last in range(first, min(first + MAX_CLAUSES, len(parts))):
                    span = Span(parts[first].start, parts[last].end)
                    if span.end - span.start > MAX_SPAN_CHARS and last > first:
                        break
                    candidate = self._score(
                        passage,
                        rank,
                        span,
                        parts[first : last + 1],
                        sentence,
                        sentence_words,
                        history_sentence,
                        (scope, history_scope),
                    )
                    if best is None or (candidate.found, candidate.score) > (best.found, best.score):
                        best = candidate
        return best

    def _score(
        self,
        passage: Document,
        rank: int,
        span: Span,
        parts: Sequence[Span],
        sentence: Span,
        sentence_words: list[str],
        history_sentence: list[str],
        scopes: tuple[DocumentScope, DocumentScope],
    ) -> Evidence:
        scope, history_scope = scopes
        span_text = span.of(passage.page_content)
        span_words = self.words(span_text, self.question.folded)
        graded, present, complete = self._coverage(self.concepts, self.weights, span_words, sentence_words, scope)
        kind_bonus, kind_ok = self._kind_score(span_text, [p.of(passage.page_content) for p in parts])
        history_bonus = 0.0
        if self.history and self.history_concepts:
            words = self.words(span_text, self.history.folded)
            history_bonus = self._coverage(
                self.history_concepts, self.history_weights, words, history_sentence, history_scope
            )[0]
        change_penalty = 0.08 if self.unasked_changes & set(span_words) else 0.0
        clause_words = [self.words(part.of(passage.page_content), self.question.folded) for part in parts]
        anchoring = 0.15 * self._anchoring(clause_words) if self.question.wants else 0.0
        # One figure is asked for: each further clause bringing its own figures costs a little.
        figure_clauses = sum(1 for words in clause_words if any(_FIGURE_TOKEN.search(w) for w in words))
        extra_figures = EXTRA_FIGURE_CLAUSE_COST * max(0, figure_clauses - 1)
        score = (
            graded
            + HISTORY_WEIGHT * history_bonus
            + kind_bonus
            + anchoring
            - change_penalty
            - extra_figures
            - 0.0015 * len(span_text)
            + 0.03 / rank
        )
        marked = span_words.marked if isinstance(span_words, _Unmarked) else span_words
        says_modifiers = all(m in marked for m in self.question.modifiers)
        passable = bool(self.concepts) and complete and kind_ok and graded > 0 and says_modifiers
        found = passable and self.gate.passes(present, self.unknown, self.unknown_marked)
        contradicts = next((d for c in self.concepts if (d := self._opposite(c, span_words))), None)
        return Evidence(passage, span, sentence, score, present, found, self.unknown, passable, contradicts)
