"""The passages' words, read once per published generation instead of once per question.

Every question judges the same few passages again: the same sentences, clauses
and spans are split and tokenised, in both forms (marked, and without
diacritics for a question typed without them), each time. Here each text's
words and each passage's sentences and clauses are made on first use and kept
for as long as the generation serves, so the evidence step only looks them up
and scores. The words of a text are a pure function of it, so keeping them
changes no answer.

A passage's clauses are tokenised once, and each sentence's and each run of
clauses' words are their clauses' words put end to end. That is exactly what
tokenising the run's text gives: clauses are parted by ", ", "; " or ": " (some
whitespace always), which holds no word, and every rule of normalising and
tokenising looks no further than the next character across such a gap.

The lists handed out are shared between questions: read them, never change them.
"""

from __future__ import annotations

from assistant.answering.matching import Unmarked, Words
from assistant.text.figures import Figure, find_figures
from assistant.text.segments import Span, clauses, sentences
from assistant.text.vietnamese import both_tokens, tokens

# Texts kept before the cache starts afresh: a bound on memory however many passages are asked about.
MAX_TEXTS = 200_000

Layout = list[tuple[Span, list[Span]]]


class PassageWords:
    """Each text's words and each passage's sentences with their clauses, made once and kept."""

    def __init__(self, max_texts: int = MAX_TEXTS) -> None:
        self.max_texts = max_texts
        self._words: dict[tuple[str, bool], Words] = {}
        self._layouts: dict[str, Layout] = {}
        self._figures: dict[str, list[Figure]] = {}

    def words(self, text: str, folded: bool) -> list[str]:
        """The text's words: marked, or (folded) unmarked with the marked ones beside."""
        key = (text, folded)
        found = self._words.get(key)
        if found is None:
            if folded:
                marked, unmarked = both_tokens(text)
                found = Unmarked(unmarked, marked)
            else:
                found = Words(tokens(text))
            if len(self._words) >= self.max_texts:
                self._words.clear()
            self._words[key] = found
        return found

    def layout(self, text: str, runs: int = 1) -> Layout:
        """The passage's sentences, each with its clauses; made the first time, with the words of
        each sentence and of each run of up to `runs` clauses (in both forms)."""
        found = self._layouts.get(text)
        if found is None:
            # A link's words ("…/hoan-thanh-08-9-chi-tieu-trong-nam-2024/") are its page's title,
            # not a statement: no clause of a sentence holding one answers a question.
            found = [(s, clauses(text, s)) for s in sentences(text) if "://" not in s.of(text)]
            for sentence, parts in found:
                self._read_runs(text, sentence, parts, runs)
            if len(self._layouts) >= self.max_texts:
                self._layouts.clear()
            self._layouts[text] = found
        return found

    def _read_runs(self, text: str, sentence: Span, parts: list[Span], runs: int) -> None:
        read = [both_tokens(part.of(text)) for part in parts]
        spans = [(sentence, 0, len(parts))]
        spans += [(Span(parts[i].start, parts[j - 1].end), i, j) for i in range(len(parts))
                  for j in range(i + 1, min(i + runs, len(parts)) + 1)]
        if len(self._words) + 2 * len(spans) > self.max_texts:
            self._words.clear()
        for span, first, end in spans:
            key = span.of(text)
            if (key, False) in self._words:
                continue
            marked = [w for m, _ in read[first:end] for w in m]
            unmarked = [w for _, u in read[first:end] for w in u]
            self._words[(key, False)] = Words(marked)
            self._words[(key, True)] = Unmarked(unmarked, marked)

    def figures(self, text: str) -> list[Figure]:
        """The figures of a span's text (find_figures)."""
        found = self._figures.get(text)
        if found is None:
            found = find_figures(text)
            if len(self._figures) >= self.max_texts:
                self._figures.clear()
            self._figures[text] = found
        return found
