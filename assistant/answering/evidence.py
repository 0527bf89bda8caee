"""Find the clause(s) of the retrieved passages that answer a question.

Candidates are runs of one to four consecutive clauses of a sentence. Each is
scored by how much of the question it covers (coverage.py; rare words count more), with a
little credit for words elsewhere in its sentence, for the previous question
of a follow-up, and for holding the kind of answer asked for. A candidate
answers when the hard rules hold (the years and modifiers asked, the kind and
role of the figure: asked.py, roles.py) and clears the fitted bar (gate.py); ranking.py chooses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.documents import Document

from assistant.answering.asked import CHANGE_WORDS, asked_by, judged_concepts
from assistant.answering.corpus import CorpusVocabulary, DocumentScope
from assistant.answering.coverage import Coverage
from assistant.answering.gate import Gate
from assistant.answering.lexicon import Lexicon
from assistant.answering.matching import Anchoring, Unmarked, compares_to_a_year, counts_unit, figure_words, opposite
from assistant.answering.passage_words import PassageWords
from assistant.answering.question import Concept, Question
from assistant.answering.roles import kind_score
from assistant.answering.unknowns import read_unknowns
from assistant.text.figures import Figure, find_figures, is_statistic
from assistant.text.segments import Span

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
        self.gate = gate or Gate.load()
        self.history = history
        self.vocabulary = vocabulary
        self.concepts, self.history_concepts, carried = judged_concepts(question, history)
        self.coverage = Coverage(question, history, lexicon, carried)
        # A follow-up with no topic of its own is judged on the previous question's words, read
        # as that question was typed: "ho ngheo con bn" then "còn tỉ lệ?" matches without marks.
        self.folded = question.folded or bool(history and history.folded and not question.topic_concepts)
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
        # A figure the question states ("đạt đủ 9/9 chỉ tiêu?", "15.000 người") has the shape of
        # the one that answers: a ratio of the same whole, a percentage, a count.
        stated = {c.label for c in question.concepts if c.kind == "figure"}
        self.stated_shapes = {_shape(f) for f in find_figures(question.text) if f.text in stated and is_statistic(f)}

    def _weight(self, concept: Concept) -> float:
        return SOFT_WEIGHT if concept.kind in ("soft", "light") else self.vocabulary.weight(concept)

    def words(self, text: str, folded: bool) -> list[str]:
        return self.texts.words(text, folded)

    def _kind_score(self, text: str, clause_texts: Sequence[str]) -> tuple[float, bool]:
        return kind_score(self.asked, text, clause_texts, self.texts.figures(text))

    def judge(self, passage: Document, rank: int) -> Evidence | None:
        text = passage.page_content
        best: Evidence | None = None
        folded = self.folded
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
        span_words = self.words(span_text, self.folded)
        graded, present, complete = self.coverage.of(
            self.concepts, self.weights, span_words, sentence_words, scope, self.unknown_concepts
        )
        kind_bonus, kind_ok = self._kind_score(span_text, [p.of(passage.page_content) for p in parts])
        history_bonus = 0.0
        if self.history and self.history_concepts:
            words = self.words(span_text, self.history.folded)
            history_bonus = self.coverage.of(
                self.history_concepts, self.history_weights, words, history_sentence, history_scope
            )[0]
        # The figure counts what "mấy/bao nhiêu …" names: a preference among passing spans.
        unit_bonus = UNIT_BONUS if counts_unit(span_words, self.question.unit) else 0.0
        if self.stated_shapes and self.stated_shapes & {_shape(f) for f in self.texts.figures(span_text)}:
            unit_bonus += UNIT_BONUS
        change_penalty = 0.08 if self.unasked_changes & set(span_words) else 0.0
        clause_words = [self.words(part.of(passage.page_content), self.folded) for part in parts]
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


def _shape(figure: Figure) -> tuple[str, float | None]:
    return figure.kind, figure.total if figure.kind == "ratio" else None
