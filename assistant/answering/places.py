"""Which province or city a question names, and whether the knowledge base covers it.

"How many poor households does Quang Binh have?" must not be answered with
Quảng Trị's figure: the words "hộ nghèo" match, the place does not. The place
names are general knowledge (resources/lexicon.toml, [places]); what the
knowledge base covers is read from its documents' locality and text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from assistant.text.vietnamese import fold, has_diacritics, tokens


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[bool, str]:
    """Whether the word has marks, and its unmarked form: read once per word, not once per place name."""
    return has_diacritics(word), fold(word)


def _same(typed: str, name: str) -> bool:
    """A word typed with marks must match them; one typed without matches any marks."""
    marked, folded = _forms(typed)
    return typed == name if marked else folded == _forms(name)[1]


def _occurs(words: Sequence[str], name: Sequence[str]) -> bool:
    size = len(name)
    return any(all(_same(words[i + j], name[j]) for j in range(size)) for i in range(len(words) - size + 1))


class Places:
    """The place names a question may name, and the ones the knowledge base covers."""

    def __init__(self, names: Iterable[str], covered_texts: Iterable[str]) -> None:
        self.spelling = {tuple(tokens(n)): n for n in names if tokens(n)}  # as the lexicon writes it
        self.names = sorted(self.spelling, key=len, reverse=True)
        covered = [tokens(t) for t in covered_texts]
        self.covered = {n for n in self.names if any(_occurs(words, n) for words in covered)}

    def _named(self, question: str) -> list[tuple[str, ...]]:
        words = tokens(question)
        found: list[tuple[str, ...]] = []
        for name in self.names:
            if _occurs(words, name) and not any(set(name) <= set(longer) for longer in found):
                found.append(name)
        return found

    def named(self, question: str) -> list[str]:
        """Places the question names (longest names first, none inside another)."""
        return [self.spelling[n] for n in self._named(question)]

    def uncovered(self, question: str, evidence: str = "") -> list[str]:
        """Named places no document is about, unless the evidence itself names them."""
        shown = tokens(evidence)
        return [self.spelling[n] for n in self._named(question) if n not in self.covered and not _occurs(shown, n)]
