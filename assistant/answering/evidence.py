"""Find the clause(s) of the retrieved passages that answer a question.

Candidates are runs of one to four consecutive clauses of a sentence. Each is
scored by how much of the question it covers (rare words count more), with a
little credit for words elsewhere in its sentence, for the previous question
of a follow-up, and for holding the kind of answer asked for. A candidate
answers when the hard rules hold (the years and modifiers asked, the kind and
role of the figure: roles.py) and clears the fitted bar (gate.py); ranking.py chooses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.documents import Document

from assistant.answering.corpus import CorpusVocabulary, DocumentScope
from assistant.answering.gate import Gate
from assistant.answering.lexicon import Lexicon, Phrase
from assistant.answering.matching import (
    Anchoring,
    Unmarked,
    compares_to_a_year,
    compounds,
    counts_unit,
    figure_words,
    inside_a_term,
    is_baseline,
    modified,
    opposite,
    positions,
    term_traps,
)
from assistant.answering.passage_words import PassageWords
from assistant.answering.question import Concept, Question
from assistant.answering.roles import CHANGE_WORDS, asked_by, judged_concepts, kind_score
from assistant.answering.unknowns import read_unknowns
from assistant.text.segments import Span
from assistant.text.vietnamese import folded_tokens, tokens

MAX_CLAUSES = 4
UNIT_BONUS = 0.1
MAX_SPAN_CHARS = 320


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


HISTORY_WEIGHT = 0.25
SOFT_WEIGHT = 0.6
SYNONYM_CREDIT = 0.85
EXTRA_FIGURE_CLAUSE_COST = 0.06


class SpanJudge:
    """Scores candidate spans for one question (and its follow-up context)."""

    def __init__(
        self,
        question: Question,
        history: Question | None,
        vocabulary: CorpusVocabulary,
        lexicon: Lexicon,
        gate: Gate | None = None,
        words: PassageWords | None = None,  # the generation's, kept between questions
    ) -> None:
        self.question = question
        self.texts = words or PassageWords()
        self._found: dict[tuple[int, int, tuple[Phrase, ...]], tuple[Sequence[str], Concept, float]] = {}
        self.gate = gate or Gate.load()
        modifiers = lexicon.modifiers
        spoken = question.words | (history.words if history else frozenset())
        # A modifier the question says itself ("hộ cận nghèo", or unmarked "ho can ngheo") is asked for.
        forms = [set(tokens(m) + folded_tokens(m)) for m in modifiers]
        self.modifiers = frozenset(w for both in forms if not both & spoken for w in both)
        self.compounds = compounds(lexicon)
        self.history = history
        self.vocabulary = vocabulary
        # An English word's glossary translation is meant ("fund" -> "quỹ"), not a stray syllable.
        self.term_traps = term_traps(lexicon, spoken) if question.language == "vi" else {}
        self.concepts, self.history_concepts, self.carried = judged_concepts(question, history)
        self.weights = [self._weight(c) for c in self.concepts]
        self.anchoring = Anchoring(question.wants, self.concepts, self.weights)
        # Words no document has are not evidence either way for a clause (unknowns.py).
        unknown = read_unknowns(question, self.concepts, vocabulary)
        self.unknown_concepts, self.unknown, self.unknown_marked = unknown.concepts, unknown.share, unknown.marked_share
        self.history_weights = [self._weight(c) for c in self.history_concepts]
        asked = {w for q in (question, history) if q for c in q.concepts for a in c.alternatives for w in a}
        self.unasked_changes = CHANGE_WORDS - asked
        # A change is asked by a concept that is one ("bớt" is "giảm"; not "việc làm tăng thêm" for
        # "việc làm"), or by a year as the point of comparison ("… bao nhiêu % so với 2023").
        self.asks_change = any(
            (w,) in c.alternatives for q in (question, history) if q for c in q.concepts for w in CHANGE_WORDS
        ) or compares_to_a_year(question.text)
        self.asked = asked_by(question, lexicon, self.asks_change)

    def _weight(self, concept: Concept) -> float:
        return SOFT_WEIGHT if concept.kind in ("soft", "light") else self.vocabulary.weight(concept)

    def _required(self, concept: Concept) -> bool:
        # A year decides which figure is right; a word the knowledge base lacks only weighs
        # (a typo or a chat word is unknown too, and must not veto a good clause by itself).
        # So is the part a question narrows a figure to (the province's figure is not the urban one),
        # and the topic a follow-up carries over from the question before it.
        return concept.kind in ("year", "relative_year") or concept.label in self.question.narrowed | self.carried

    def words(self, text: str, folded: bool) -> list[str]:
        return self.texts.words(text, folded)

    def _found_in(self, words: Sequence[str], concept: Concept, alternatives: tuple[Phrase, ...]) -> float:
        """1 for the question's own wording, SYNONYM_CREDIT for another way of saying it, else 0."""
        # Searched once per question: a sentence and the document's scope recur for each span (kept, ids stay theirs).
        key = (id(words), id(concept), alternatives)
        kept = self._found.get(key)
        if kept is None:
            kept = self._found[key] = (words, concept, self._search(words, concept, alternatives))
        return kept[2]

    def _search(self, words: Sequence[str], concept: Concept, alternatives: tuple[Phrase, ...]) -> float:
        own = self._own_wording(concept)
        best = 0.0
        for alternative in alternatives:
            # Modifiers are read with their marks: unmarked, "địa bàn" would end in "bán" (semi-).
            marked = words.marked if isinstance(words, Unmarked) else words
            at = [i for i in positions(words, alternative) if not modified(marked, i, self.modifiers, self.compounds)]
            if concept.kind in ("year", "relative_year") and not self.question.comparative:
                at = [i for i in at if not is_baseline(words, i)]
            if concept.kind == "term" and len(alternative) == 1:
                at = [i for i in at if not inside_a_term(self.term_traps, words, i, alternative[0])]
            if at:
                best = max(best, 1.0 if alternative == own or own is None else SYNONYM_CREDIT)
        return best

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
        if opposite(concept, span):
            return 1.0  # "why did it rise?" is answered by the clause saying how it fell
        if self._found_in(sentence, concept, alternatives):
            return 0.5
        if concept.kind == "term" and self._found_in(scope.title, concept, alternatives):
            return None
        return 0.0

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
        topical = False  # a concept other than a count word is judged here, not left to the document
        for index, (concept, weight) in enumerate(zip(concepts, weights, strict=True)):
            if concepts is self.concepts and index in self.unknown_concepts:
                # A part no document names ("lao động nữ") is a breakdown the reports do not give.
                complete = complete and concept.label not in self.question.narrowed
                continue
            match = self._match(concept, span, sentence, scope)
            if match is None:
                continue
            topical = topical or concept.kind != "light"
            total += weight
            graded += weight * match
            present += weight * (match > 0)
            complete = complete and (match > 0 or not self._required(concept))
        if not total:
            return 0.0, 0.0, complete
        # "số" alone: what is counted is only in the document's title; close (a near miss), no answer.
        return graded / total, present / total, complete and topical

    def _kind_score(self, text: str, clause_texts: Sequence[str]) -> tuple[float, bool]:
        return kind_score(self.asked, text, clause_texts, self.texts.figures(text))

    def judge(self, passage: Document, rank: int) -> Evidence | None:
        text = passage.page_content
        best: Evidence | None = None
        folded = self.question.folded
        scope = DocumentScope.of(passage, self.words, folded)
        history_scope = DocumentScope.of(passage, self.words, self.history.folded) if self.history else scope
        for sentence, parts in self.texts.layout(text, MAX_CLAUSES):
            sentence_words = self.words(sentence.of(text), folded)
            history_sentence = self.words(sentence.of(text), self.history.folded) if self.history else []
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
        # The figure counts what "mấy/bao nhiêu …" names: a preference among passing spans.
        unit_bonus = UNIT_BONUS if counts_unit(span_words, self.question.unit) else 0.0
        change_penalty = 0.08 if self.unasked_changes & set(span_words) else 0.0
        clause_words = [self.words(part.of(passage.page_content), self.question.folded) for part in parts]
        anchored = (
            0.15 * self.anchoring(clause_words)
            if self.question.wants
            else 0.0
        )
        # One figure is asked for: each further clause bringing its own figures costs a little.
        figure_clauses = sum(1 for words in clause_words if figure_words(words))
        extra_figures = EXTRA_FIGURE_CLAUSE_COST * max(0, figure_clauses - 1)
        score = (
            graded
            + HISTORY_WEIGHT * history_bonus
            + kind_bonus
            + unit_bonus
            + anchored
            - change_penalty
            - extra_figures
            - 0.0015 * len(span_text)
            + 0.03 / rank
        )
        marked = span_words.marked if isinstance(span_words, Unmarked) else span_words
        says_modifiers = all(m in marked for m in self.question.modifiers)
        passable = bool(self.concepts) and complete and kind_ok and graded > 0 and says_modifiers
        found = passable and self.gate.passes(present, self.unknown, self.unknown_marked)
        contradicts = next((d for c in self.concepts if (d := opposite(c, span_words))), None)
        return Evidence(passage, span, sentence, score, present, found, self.unknown, passable, contradicts)
