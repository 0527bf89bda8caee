"""Words of the extractive answer: the source's own clause, cited, or a refusal.

The answer quotes the clause verbatim, so every figure in it is the source's
figure. The wording of refusals lives in messages.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.documents import Document

from assistant.answering.answer import Answer, Citation
from assistant.answering.evidence import Evidence
from assistant.answering.messages import LEAD, NEAR_MISS, NOT_FOUND, NOT_FOUND_ABOUT
from assistant.answering.question import Question
from assistant.text.figures import english_notation, find_figures, is_statistic
from assistant.text.segments import Span


def _meta(document: Document, key: str) -> str | None:
    value = document.metadata.get(key)
    return str(value) if value not in (None, "") else None


def citation(n: int, passage: Document, quote: Span, highlight: Span) -> Citation:
    base = int(passage.metadata.get("start", 0))
    return Citation(
        n=n,
        document=str(passage.metadata.get("doc_id", "")),
        title=str(passage.metadata.get("title", "")),
        url=_meta(passage, "url"),
        quote=quote.of(passage.page_content),
        start=base + quote.start,
        end=base + quote.end,
        highlight_start=base + highlight.start,
        highlight_end=base + highlight.end,
        publisher=_meta(passage, "publisher"),
        date=_meta(passage, "date"),
        period=_meta(passage, "period"),
        location=_meta(passage, "location"),
        passage=passage.page_content,
        passage_start=base,
    )


def _source_name(passage: Document, language: str, several_documents: bool) -> str:
    if not several_documents:
        return "the report" if language == "en" else "báo cáo"
    title = str(passage.metadata.get("title", ""))
    period = str(passage.metadata.get("period") or "")
    return f"«{title}»" + (f" ({period})" if period else "")


def _mid_sentence(clause: str, starts_sentence: bool) -> str:
    """Lower-case a sentence's first word when it is not part of a name."""
    words = clause.split(maxsplit=2)
    if starts_sentence and len(words) > 1 and words[0][:1].isupper() and not words[1][:1].isupper() \
            and not words[0].isupper():
        return clause[0].lower() + clause[1:]
    return clause


# A question asking no figure, name or date ("lĩnh vực nào", "theo năm hay theo quý") is answered
# by what the sentence lists, which runs past the clause that matched it: the sentence is quoted
# whole when it is no longer than this.
MAX_WHOLE_SENTENCE = 360


def _statement(evidence: Evidence, n: int, language: str, several_documents: bool, whole: bool = False) -> str:
    whole = whole and len(evidence.quote) <= MAX_WHOLE_SENTENCE
    said = evidence.quote if whole else evidence.text
    clause = _mid_sentence(said.rstrip(" .;:,"), whole or evidence.span.start == evidence.sentence.start)
    source = _source_name(evidence.passage, language, several_documents)
    if language != "en":
        if clause.lower().startswith(f"theo {source.lower()}"):  # the sentence names its source itself
            return f"{clause[0].upper()}{clause[1:]} [{n}]."
        return f"Theo {source}, {clause} [{n}]."
    # The quote keeps the source's own form (its capitals too); the figures are also given the English way.
    quoted = said.rstrip(" .;:,")
    figures = [english_notation(f) for f in find_figures(quoted) if is_statistic(f)]
    notation = f" (in English notation: {'; '.join(figures)})" if figures else ""
    return f"According to {source}: “{quoted}” [{n}]{notation}."


def lead(question: Question, evidence: Evidence) -> str:
    """Yes or no first for a confirmation; a wrong direction of change said to be wrong."""
    words = LEAD.get(question.language, LEAD["vi"])
    if evidence.contradicts:
        return words["not_up" if evidence.contradicts == "tăng" else "not_down"]
    claimed = {c.label for c in question.concepts if c.kind == "figure"}
    if question.confirms and claimed:
        # Compared as values: "8/9" is the report's "08/9", "17056" its "17.056".
        said = {f.key() for f in find_figures(question.text) if any(f.text in c for c in claimed)}
        stated = {f.key() for f in find_figures(evidence.text)}
        return words["yes" if said and said <= stated else "no"]
    return ""


def found_answer(
    evidence: list[Evidence], language: str, several_documents: bool, opening: str = "", whole: bool = False
) -> Answer:
    """One cited statement per source; several when reports differ by year or place. `whole`: the
    question asks no figure, so each statement is its whole sentence when that is short."""
    statements = [_statement(e, n, language, several_documents, whole) for n, e in enumerate(evidence, start=1)]
    if opening and statements:
        statements[0] = opening + statements[0]
    cited = [citation(n, e.passage, e.sentence, e.span) for n, e in enumerate(evidence, start=1)]
    return Answer(answer=" ".join(statements), found=True, citations=cited, language=language)


MAX_TOPIC_CHARS = 80


def asked_topic(question: Question) -> str:
    """The words of what was asked, in the question's order, for naming it in a refusal.

    Only words the question itself says (an English question's Vietnamese glossary terms are
    not what the user typed); no figure, no year; bounded.
    """
    placed = []
    for concept in question.topic_concepts:
        if concept.kind not in ("term", "soft", "light") or any(ch.isdigit() for ch in concept.label):
            continue
        match = re.search(rf"(?<!\w){re.escape(concept.label)}(?!\w)", question.text, re.IGNORECASE)
        if match:
            placed.append((match.start(), match.group(0)))
    topic = " ".join(words for _, words in sorted(placed))
    return topic if len(topic) <= MAX_TOPIC_CHARS else topic[:MAX_TOPIC_CHARS].rsplit(" ", 1)[0] + "…"


def not_found_answer(language: str, topic: str = "", suggestions: Sequence[str] = ()) -> Answer:
    """A refusal: what the report lacks, or, when something is close, the questions it answers."""
    if suggestions:
        lines = [NEAR_MISS.get(language, NEAR_MISS["vi"]), *(f"• {s}" for s in suggestions)]
        text = "\n".join(lines)
    elif topic:
        text = NOT_FOUND_ABOUT.get(language, NOT_FOUND_ABOUT["vi"]).format(topic=topic)
    else:
        text = NOT_FOUND.get(language, NOT_FOUND["vi"])
    return Answer(answer=text, found=False, citations=[], language=language, suggestions=list(suggestions))
