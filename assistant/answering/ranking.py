"""From judged passages to the answer's evidence: the best span, and as good ones from other reports."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from langchain_core.documents import Document

from assistant.answering.evidence import Evidence, SpanJudge
from assistant.retrieval.metadata import EDITION_FIELDS
from assistant.text.segments import Span

_LIST_OPENERS = ("như", "gồm", "bao gồm", "là", "sau", "sau đây")


def with_its_list(evidence: Evidence) -> Evidence:
    """A span that announces a list ("… như:", "… gồm") is useless without the list."""
    text = evidence.passage.page_content
    after = text[evidence.span.end : evidence.span.end + 2]
    if not (evidence.text.lower().endswith(_LIST_OPENERS) or after.startswith(":")):
        return evidence
    end = evidence.sentence.end
    while end > evidence.span.end and text[end - 1] in ".!?…":
        end -= 1
    return replace(evidence, span=Span(evidence.span.start, end))


SAME_ANSWER_MARGIN = 0.12
MAX_SOURCES = 3


def _scope_misfit(question_words: frozenset[str], candidates: Sequence[Evidence],
                  words: Callable[[str], list[str]]) -> list[int]:
    """For each candidate, how far its document's period and place are from the question's.

    Only what tells the candidates' documents apart counts: for "tỉnh Lạng Sơn 6 tháng đầu năm 2024"
    the province's own half-year report fits (0); its district's report has words the question
    did not ask for ("huyện Hướng Hóa"), the annual report lacks some it did ("6 tháng đầu").
    A question naming no period or place gives every document 0, so all are offered.
    """
    misfit = [0] * len(candidates)
    for name in EDITION_FIELDS:
        per_candidate = [set(words(str(e.passage.metadata.get(name) or ""))) for e in candidates]
        everywhere = set.intersection(*per_candidate)
        named = {w for w in question_words if any(w in field for field in per_candidate)} - everywhere
        # All candidates may share the place named ("tỉnh Nghệ An"); one whose place is exactly
        # that still fits better than its districts ("huyện Nam Đông, tỉnh Nghệ An").
        exact = any(field and field <= question_words for field in per_candidate)
        if not named and not exact:
            continue
        for index, field_words in enumerate(per_candidate):
            misfit[index] += len(named - field_words) + len(field_words - everywhere - question_words)
    return misfit


def ranked_evidence(judge: SpanJudge, passages: Sequence[Document]) -> tuple[list[Evidence], list[Evidence]]:
    """The best span, then as good ones from other documents (best first).

    When two reports hold the same indicator for different years or places
    and the question names neither, each is given with its own source rather
    than one silently chosen. When the question names a period or place, the
    spans of the report that fits it best come first, and reports that fit it
    less are not offered beside it.

    Second, every passage's best span (found or not), for the near misses of a refusal.
    """
    judged = [e for rank, p in enumerate(passages, start=1) if (e := judge.judge(p, rank))]
    if not judged:
        return [], []
    misfit = _scope_misfit(judge.question.words, judged, lambda text: judge.words(text, judge.folded))
    order = sorted(range(len(judged)), key=lambda i: (judged[i].found, -misfit[i], judged[i].score), reverse=True)
    candidates = [with_its_list(judged[i]) if judged[i].found else judged[i] for i in order]
    fits = [misfit[i] for i in order]
    best = candidates[0]
    chosen = [best]
    if not best.found:
        return chosen, judged
    for other, fit in zip(candidates[1:], fits[1:], strict=True):
        documents = {e.passage.metadata.get("doc_id") for e in chosen}
        if (other.found and fit <= fits[0] and other.score >= best.score - SAME_ANSWER_MARGIN
                and other.passage.metadata.get("doc_id") not in documents and len(chosen) < MAX_SOURCES):
            chosen.append(other)
    return chosen, judged
