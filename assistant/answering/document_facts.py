"""Questions about the document itself: who wrote it, where it was published, when, its link.

Those facts are not in any clause a statistic search would find: they are in
the byline and the "Nguồn:" line at the end of an article, and in the
document's metadata. The answer names the fact from the metadata and cites
the line of the document that shows it, so the user can check it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from langchain_core.documents import Document

from assistant.answering.answer import Answer, Citation
from assistant.answering.compose import citation
from assistant.answering.lexicon import Lexicon, phrase
from assistant.answering.messages import DOCUMENT_FACT
from assistant.text.segments import Span
from assistant.text.vietnamese import folded_tokens, has_diacritics, tokens

# The order answers are given in when a question asks several.
FACETS = ("author", "publisher", "date", "url")
_SOURCE_LINE = re.compile(r"^\s*(?:nguồn|nguon|source)\s*:.*$", re.IGNORECASE | re.MULTILINE)
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class DocumentFact:
    facet: str
    value: str
    passage: Document
    line: Span  # the document's own line that shows it


def asked_facets(text: str, lexicon: Lexicon) -> list[str]:
    """Which facts about the document a question asks for (none for an ordinary question)."""
    marked, folded = tokens(text), folded_tokens(text)
    if len(marked) != len(folded):
        marked = folded

    def same(i: int, cue_marked: str, cue_folded: str) -> bool:
        # A word typed with marks must match them: "cao đẳng bao nhiêu" holds no "đăng báo".
        return marked[i] == cue_marked or (not has_diacritics(marked[i]) and folded[i] == cue_folded)

    def says(cue: str) -> bool:
        pairs = list(zip(phrase(cue, folded=False), phrase(cue, folded=True), strict=False))
        return any(
            all(same(i + j, m, f) for j, (m, f) in enumerate(pairs)) for i in range(len(marked) - len(pairs) + 1)
        )

    asked = []
    for facet in FACETS:
        if any(says(cue) for cue in lexicon.document_cues.get(facet, [])):
            asked.append(facet)
    # Where it was published comes with the link to it: that is what a citation needs.
    if "publisher" in asked and "url" not in asked:
        asked.append("url")
    return asked


def _line_with(text: str, needle: str) -> Span | None:
    index = text.find(needle)
    if index < 0:
        return None
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return Span(start, len(text) if end < 0 else end)


def _value(facet: str, metadata: dict[str, object]) -> str:
    raw = str(metadata.get({"author": "authors"}.get(facet, facet)) or "").strip()
    if facet == "date" and raw:
        try:
            return date.fromisoformat(raw[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return raw
    return raw


def _evidence_line(facet: str, value: str, passages: Sequence[Document]) -> tuple[Document, Span] | None:
    """The line of the document that shows this fact: the byline for authors, the source line else."""
    for passage in passages:
        text = passage.page_content
        if facet == "author":
            for name in (n.strip() for n in value.split(",")):
                line = _line_with(text, name) if name else None
                if line:
                    return passage, line
        else:
            match = _SOURCE_LINE.search(text) or _URL.search(text)
            if match:
                return passage, _line_with(text, match.group(0)) or Span(match.start(), match.end())
    return None


def find_facts(facets: Sequence[str], passages: Sequence[Document]) -> list[DocumentFact]:
    """The asked facts of the first document among passages (all of its passages searched)."""
    if not passages:
        return []
    doc_id = passages[0].metadata.get("doc_id")
    own = [p for p in passages if p.metadata.get("doc_id") == doc_id]
    # The byline and source line close an article: look from its end.
    own.sort(key=lambda p: -int(p.metadata.get("start", 0)))
    facts = []
    for facet in facets:
        value = _value(facet, own[0].metadata)
        shown = _evidence_line(facet, value, own) if value else None
        if shown:
            facts.append(DocumentFact(facet, value, shown[0], shown[1]))
    return facts


def fact_answer(facts: Sequence[DocumentFact], language: str) -> Answer:
    """One sentence per fact, each cited to the line that shows it."""
    lines: dict[tuple[str, int], int] = {}
    cited: list[Citation] = []
    parts = []
    for fact in facts:
        key = (str(fact.passage.metadata.get("chunk_id")), fact.line.start)
        if key not in lines:
            lines[key] = len(cited) + 1
            cited.append(citation(lines[key], fact.passage, fact.line, fact.line))
        template = DOCUMENT_FACT[language if language in DOCUMENT_FACT else "vi"][fact.facet]
        parts.append(template.format(value=fact.value, n=lines[key]))
    return Answer(answer=" ".join(parts), found=True, citations=cited, language=language)
