"""What of a question the knowledge base cannot read: words no document has.

Such words are not evidence either way for a clause: they are left out of its
coverage and counted apart, as the share of the question the documents cannot
read, which the fitted gate bounds (gate.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.corpus import CorpusVocabulary
from assistant.answering.question import Concept, Question
from assistant.text.syllables import is_syllable
from assistant.text.vietnamese import fold, folded_tokens, has_diacritics, tokens

_CLAUSES = re.compile(r"[,;:.?!()]")
_BREAK = "\n"  # stands between clauses: no word, no neighbour


@dataclass(frozen=True)
class Unknowns:
    concepts: frozenset[int]  # indices of the question's concepts no document has
    share: float  # their share of the question's countable concepts
    marked_share: float  # of those, real words typed with their marks


def read_unknowns(question: Question, concepts: Sequence[Concept], vocabulary: CorpusVocabulary) -> Unknowns:
    """The concepts no document has, and their shares (a single letter is never a topic word)."""
    unknown = {
        i
        for i, c in enumerate(concepts)
        if c.kind in ("term", "soft") and not any(vocabulary.knows(a) for a in c.alternatives)
    }
    unknown_concepts = frozenset(unknown | _in_unknown_compounds(question, concepts, unknown))
    counted = [i for i, c in enumerate(concepts) if len(c.label) > 1 or i not in unknown_concepts]
    share = sum(1 for i in counted if i in unknown_concepts) / (len(counted) or 1)
    # A word typed with its marks, spelled as Vietnamese can be, that no document has names a
    # topic the documents lack ("thất nghiệp", "nữ"); an unmarked one may be a slip the repair
    # could not mend, and "zậy" is chat spelling, not a word.
    marked_share = sum(
        1 for i in counted if i in unknown_concepts and concepts[i].kind == "term" and _real_word(concepts[i].label)
    ) / (len(counted) or 1)
    return Unknowns(unknown_concepts, share, marked_share)


def _real_word(label: str) -> bool:
    return has_diacritics(label) and all(is_syllable(w) for w in label.split())


def _in_unknown_compounds(question: Question, concepts: Sequence[Concept], unknown: set[int]) -> set[int]:
    """Known syllables that stand next to a marked word no document has, in the question.

    "thất nghiệp" (unemployment) is not the "nghiệp" of "giáo dục nghề nghiệp": a syllable
    the documents know is not evidence when its neighbour shows a compound they never use.
    """
    # An English question's glossary translations are whole Vietnamese phrases ("escaped
    # poverty" -> "thoát nghèo"): their syllables, matched unmarked, are neighbours too.
    english = question.language == "en"
    text = question.search_text if english else question.text
    read = folded_tokens if english or question.folded else tokens
    # Neighbours within a clause: "Ngoài thành tích, hội nghị …" holds no compound "tích hội".
    words = [w for part in _CLAUSES.split(text) for w in [*read(part), _BREAK]]
    # Typed without marks, a word is a topic when the repair could give it its marks (a real
    # word: "that nghiep" -> "thất nghiệp"), not when it is a slip left as typed.
    marked = {fold(w) for w in tokens(question.text) if has_diacritics(w)} if question.folded else set()
    # An English word the glossary lacks ("force") is no topic: it may be any filler.
    topics = {
        concepts[i].label
        for i in unknown
        if concepts[i].kind == "term" and (english or has_diacritics(concepts[i].label) or concepts[i].label in marked)
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

    return {i for i, c in enumerate(concepts) if c.kind == "term" and beside(c.label)}
