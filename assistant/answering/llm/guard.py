"""The figure guard: what a language model wrote may reach the user only if it holds.

Pure functions over text. A model's answer passes sentence by sentence:
- every citation marker [n] names a source that was in the prompt;
- every figure, in any form Vietnamese (or English) writes it — "17.056",
  "17056", "74,62%", "74,62 phần trăm", "gần 7 tỷ", "8/9", "tám trên chín",
  "sáu" — is one of the figures of the clause that the evidence step judged to
  answer this question, in a sentence that cites that clause's source; a
  number in the same passage that answers something else does not count;
- "gần"/"hơn" and the unit after a figure ("hộ", "người") agree with the source;
- a digit the guard cannot read fails the sentence (fail closed);
- a refusal fails, since the model is only asked when the report does answer.
The whole answer must also state one of the clause's figures when it has any.

Figures are read by text/stated_figures.py, citation markers by citations.py;
sentences.py cuts the streamed answer into the sentences checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.answering.llm.citations import blank_citations, cited
from assistant.text.stated_figures import StatedFigure, read_figures
from assistant.text.vietnamese import fold

ProblemKind = Literal["citation", "figure", "uncited", "unreadable", "refusal", "missing", "empty"]

_REFUSAL = re.compile(
    r"khong co (?:thong tin|so lieu|du lieu)|khong (?:de cap|neu|nhac)|khong the tra loi|khong tim thay"
    r"|chua co thong tin|does not (?:say|have|contain|mention|provide|include|state)|no information"
    r"|not (?:mentioned|available|stated|provided)|cannot answer|can't answer|unable to answer"
)


@dataclass(frozen=True)
class GuardSource:
    """A numbered source of the prompt, as the guard checks against it."""

    n: int
    figures: tuple[StatedFigure, ...]  # of the clause judged to answer; empty for context-only sources
    years: frozenset[int] = frozenset()  # years an answer may name with this source


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    detail: str


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(fold(text)))


def check_sentence(sentence: str, sources: Sequence[GuardSource], language: str) -> Problem | None:
    """Why this sentence of a model's answer may not be shown, or None if it may."""
    by_number = {s.n: s for s in sources}
    numbers = cited(sentence)
    for n in numbers:
        if n not in by_number:
            return Problem("citation", f"[{n}] không phải nguồn nào")
    if is_refusal(sentence):
        return Problem("refusal", sentence.strip())
    body = blank_citations(sentence)
    figures, unreadable = read_figures(body, language)
    if unreadable:
        return Problem("unreadable", ", ".join(unreadable))
    for figure in figures:
        if not numbers:
            return Problem("uncited", figure.text)
        sources_cited = [by_number[n] for n in numbers]
        if figure.is_year and figure.qualifier is None \
                and any(int(figure.text) in s.years for s in sources_cited):
            continue
        if not any(figure.matches(allowed) for s in sources_cited for allowed in s.figures):
            return Problem("figure", figure.text)
    return None


def states_an_answer(text: str, sources: Sequence[GuardSource], language: str) -> bool:
    """Whether `text` states one of the answering clause's figures (True when the clause has none)."""
    required = [f for s in sources for f in s.figures if not f.is_year]
    if not required:
        return bool(cited(text))
    figures, _ = read_figures(blank_citations(text), language)
    return bool(cited(text)) and any(f.matches(r) for f in figures for r in required)


def problems(sentences: Iterable[str], sources: Sequence[GuardSource], language: str) -> list[Problem]:
    return [p for s in sentences if (p := check_sentence(s, sources, language))]
