"""The numbered sources of one answer, and the figures the guard lets through for each.

The evidence step picks a span of one to four clauses. A model may state only
the figures of the clause(s) of that span that carry most of the question —
for "Số hộ nghèo giảm bao nhiêu so với năm 2023?" the span "số hộ nghèo toàn
tỉnh còn 20.498 hộ (4,61%), giảm 4.171 hộ nghèo so với năm 2023" answers with
its second clause, so 20.498 is a true figure that answers something else.
A question asking for a rate narrows further to the clause's percentages.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.compose import citation
from assistant.answering.evidence import Evidence
from assistant.answering.lexicon import PERCENT, Phrase
from assistant.answering.llm.guard import GuardSource
from assistant.answering.llm.prompt import PromptSource
from assistant.answering.question import Concept, Question
from assistant.text.segments import Span, clauses
from assistant.text.stated_figures import StatedFigure, clause_figures, years_in
from assistant.text.vietnamese import folded_tokens, tokens


@dataclass(frozen=True)
class AnswerSources:
    prompt: list[PromptSource]
    guard: list[GuardSource]
    focus: str  # the clause(s) whose figures may be stated
    hull: Span  # from the first of them to the last, in the passage


def _contains(words: list[str], alternative: Phrase) -> bool:
    if alternative == PERCENT:
        return any(w.endswith("%") for w in words)
    size = len(alternative)
    return any(tuple(words[i : i + size]) == alternative for i in range(len(words) - size + 1))


def _holds(concept: Concept, words: list[str], period: str) -> bool:
    if concept.kind == "relative_year":
        return period.isdigit() and str(int(period) + concept.offset) in words
    return any(_contains(words, a) for a in concept.alternatives)


def focus_clauses(evidence: Evidence, question: Question, history: Question | None) -> list[Span]:
    """The clauses of the evidence span that carry the most of the question's concepts."""
    text = evidence.passage.page_content
    period = str(evidence.passage.metadata.get("period") or "")
    parts = [c for c in clauses(text, evidence.sentence)
             if c.start < evidence.span.end and c.end > evidence.span.start]
    parts = [Span(max(c.start, evidence.span.start), min(c.end, evidence.span.end)) for c in parts] or [evidence.span]
    concepts = question.topic_concepts or (history.topic_concepts if history else ())
    if "percent" in question.wants:
        # A rate asked for: only clauses holding a percentage can answer ("tương ứng giảm 0,96%").
        parts = [p for p in parts if "%" in p.of(text)] or parts
    if len(parts) == 1 or not concepts:
        return parts
    scores = []
    for part in parts:
        words = folded_tokens(part.of(text)) if question.folded else tokens(part.of(text))
        scores.append(sum(_holds(c, words, period) for c in concepts))
    best = max(scores)
    return [p for p, s in zip(parts, scores, strict=True) if s == best]


def _narrow(figures: tuple[StatedFigure, ...], question: Question) -> tuple[StatedFigure, ...]:
    """A question for a rate may be answered only with the clause's percentages, when it has any."""
    if "percent" in question.wants:
        percents = tuple(f for f in figures if any(r[0] == "percent" for r in f.readings))
        if percents:
            return percents
    return figures


def answer_sources(evidence: Evidence, question: Question, history: Question | None,
                   question_text: str) -> AnswerSources:
    text = evidence.passage.page_content
    focus = focus_clauses(evidence, question, history)
    focus_text = " … ".join(span.of(text) for span in focus)
    figures = _narrow(tuple(f for span in focus for f in clause_figures(span.of(text))), question)
    period = str(evidence.passage.metadata.get("period") or "")
    cited = citation(1, evidence.passage, evidence.sentence, evidence.span)
    return AnswerSources(
        prompt=[PromptSource(1, evidence.quote, focus_text, cited)],
        guard=[GuardSource(1, figures, years_in(evidence.quote, period, question_text))],
        focus=focus_text,
        hull=Span(focus[0].start, focus[-1].end),
    )
