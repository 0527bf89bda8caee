"""What the knowledge base as a whole says: how rare each word is, and each document's scope."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from langchain_core.documents import Document

from assistant.answering.lexicon import PERCENT, Phrase
from assistant.answering.question import Concept
from assistant.retrieval.metadata import SCOPE_FIELDS
from assistant.text.segments import sentences
from assistant.text.vietnamese import both_tokens

_YEAR_IN_TEXT = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class DocumentScope:
    """What a whole document is about, in the words a question is matched with."""

    year: int | None  # the year of its period ("quý I 2020" -> 2020)
    context: list[str]  # period, place, issuer: true of every passage
    title: list[str]

    @classmethod
    def of(cls, passage: Document, words: Callable[[str, bool], list[str]], folded: bool = False) -> DocumentScope:
        meta = passage.metadata
        period = str(meta.get("period") or "")
        year = _YEAR_IN_TEXT.search(period)
        context = " ".join(str(meta.get(k) or "") for k in SCOPE_FIELDS)
        return cls(int(year.group(0)) if year else None, words(context, folded),
                   words(str(meta.get("title") or ""), folded))


class CorpusVocabulary:
    """How common each word is across sentences, to weigh rare words higher."""

    def __init__(self, passages: Iterable[str]) -> None:
        self.sentences = 0
        self.frequency: dict[str, int] = {}
        for passage in passages:
            for sentence in sentences(passage):
                self.sentences += 1
                marked, folded = both_tokens(sentence.of(passage))
                for word in set(marked) | set(folded):
                    self.frequency[word] = self.frequency.get(word, 0) + 1

    def idf(self, word: str) -> float:
        return math.log(1 + (self.sentences + 1) / (self.frequency.get(word, 0) + 0.5))

    def knows(self, alternative: Phrase) -> bool:
        return alternative == PERCENT or all(w in self.frequency for w in alternative)

    def weight(self, concept: Concept) -> float:
        known = [a for a in concept.alternatives if self.knows(a)]
        if not known:
            return self.idf("")  # as rare as a word never seen
        return min(sum(self.idf(w) for w in a) / len(a) for a in known)
