"""How much of a question a span of a clause says: each concept found in the span, in its
sentence, or left to the document's scope (its period, place, issuer, title).

The question's own wording counts fully, another way of saying it (a synonym the lexicon
gives) a little less. A word is not found where it only modifies another ("hộ cận nghèo" is no
"hộ nghèo"), where a year is only the point of comparison ("so với năm 2023"), or where an
English word's Vietnamese translation is a syllable of a longer term.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from assistant.answering.corpus import DocumentScope
from assistant.answering.lexicon import Lexicon, Phrase
from assistant.answering.matching import (
    Unmarked,
    compounds,
    inside_a_term,
    is_baseline,
    modified,
    opposite,
    positions,
    term_traps,
)
from assistant.answering.question import Concept, Question
from assistant.text.vietnamese import folded_tokens, tokens

SYNONYM_CREDIT = 0.85


class Coverage:
    """Matches one question's concepts (and its follow-up context's) against spans."""

    def __init__(self, question: Question, history: Question | None, lexicon: Lexicon, carried: Collection[str]):
        self.question = question
        spoken = question.words | (history.words if history else frozenset())
        # A modifier the question says itself ("hộ cận nghèo", or unmarked "ho can ngheo") is asked for.
        forms = [set(tokens(m) + folded_tokens(m)) for m in lexicon.modifiers]
        self.modifiers = frozenset(w for both in forms if not both & spoken for w in both)
        self.compounds = compounds(lexicon)
        # An English word's glossary translation is meant ("fund" -> "quỹ"), not a stray syllable.
        self.term_traps = term_traps(lexicon, spoken) if question.language == "vi" else {}
        self.carried = frozenset(carried)
        self._found: dict[tuple[int, int, tuple[Phrase, ...]], tuple[Sequence[str], Concept, float]] = {}

    def required(self, concept: Concept) -> bool:
        # A year decides which figure is right; a word the knowledge base lacks only weighs
        # (a typo or a chat word is unknown too, and must not veto a good clause by itself).
        # So is the part a question narrows a figure to (the province's figure is not the urban one),
        # and the topic a follow-up carries over from the question before it.
        return concept.kind in ("year", "relative_year") or concept.label in self.question.narrowed | self.carried

    def found_in(self, words: Sequence[str], concept: Concept, alternatives: tuple[Phrase, ...]) -> float:
        """1 for the question's own wording, SYNONYM_CREDIT for another way of saying it, else 0."""
        # Searched once per question: a sentence and the document's scope recur for each span (kept, ids stay theirs).
        key = (id(words), id(concept), alternatives)
        kept = self._found.get(key)
        if kept is None:
            kept = self._found[key] = (words, concept, self._search(words, concept, alternatives))
        return kept[2]

    def _search(self, words: Sequence[str], concept: Concept, alternatives: tuple[Phrase, ...]) -> float:
        own = _own_wording(concept)
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

    def match(self, concept: Concept, span: list[str], sentence: list[str], scope: DocumentScope) -> float | None:
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
        if concept.kind in ("year", "term") and self.found_in(scope.context, concept, alternatives):
            return None
        in_span = self.found_in(span, concept, alternatives)
        if in_span:
            return in_span
        if opposite(concept, span):
            return 1.0  # "why did it rise?" is answered by the clause saying how it fell
        if self.found_in(sentence, concept, alternatives):
            return 0.5
        if concept.kind == "term" and self.found_in(scope.title, concept, alternatives):
            return None
        return 0.0

    def of(
        self,
        concepts: Sequence[Concept],
        weights: Sequence[float],
        span: list[str],
        sentence: list[str],
        scope: DocumentScope,
        unknown: Collection[int] = (),
    ) -> tuple[float, float, bool]:
        """(graded coverage, coverage by the sentence, every required concept present).

        `unknown`: the indexes of concepts no document has a word for."""
        total = graded = present = 0.0
        complete = True
        topical = False  # a concept other than a count word is judged here, not left to the document
        for index, (concept, weight) in enumerate(zip(concepts, weights, strict=True)):
            if index in unknown:
                # A part no document names ("lao động nữ") is a breakdown the reports do not give.
                complete = complete and concept.label not in self.question.narrowed
                continue
            match = self.match(concept, span, sentence, scope)
            if match is None:
                continue
            topical = topical or concept.kind != "light"
            total += weight
            graded += weight * match
            present += weight * (match > 0)
            complete = complete and (match > 0 or not self.required(concept))
        if not total:
            return 0.0, 0.0, complete
        # "số" alone: what is counted is only in the document's title; close (a near miss), no answer.
        return graded / total, present / total, complete and topical


def _own_wording(concept: Concept) -> Phrase | None:
    """The phrase the question itself used for this concept, when it came from the lexicon."""
    if concept.kind != "term" or len(concept.alternatives) < 2:
        return None
    own = tuple(concept.label.split())
    return own if own in concept.alternatives else None
