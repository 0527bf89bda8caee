"""The complete sentences of a model's answer while it streams in.

A sentence is checked, and shown, only once it is whole; its citation markers
come after its full stop ("… 20.498 hộ. [1]") and belong to it.
"""

from __future__ import annotations

import re

from assistant.answering.llm.citations import CITATION

_SENTENCE_END = re.compile(r"[.!?…]+")
_MARKERS_AFTER = re.compile(r"(?:\s*" + CITATION.pattern + r")*", re.IGNORECASE)


def split_sentences(text: str, final: bool) -> tuple[list[str], str]:
    """Complete sentences of a growing text (trailing citation markers included), and the rest.

    A sentence ends at ".", "!", "?" or a line break followed by more text; while the
    text is still growing the last one is complete only once something follows it.
    """
    sentences: list[str] = []
    start = 0
    position = 0
    while True:
        match = _SENTENCE_END.search(text, position)
        newline = text.find("\n", position)
        if match is None and newline < 0:
            break
        if newline >= 0 and (match is None or newline < match.start()):
            end = newline + 1
        else:
            assert match is not None
            end = _MARKERS_AFTER.match(text, match.end()).end()  # type: ignore[union-attr]
            if end < len(text) and not text[end].isspace():
                position = match.end()  # "17.056", "TP.HCM": not an end
                continue
            following = re.match(r"\s*(\S)", text[end:])
            if not final and (following is None or following.group(1) == "["):
                break  # a citation marker may still be coming
        if text[start:end].strip():
            sentences.append(text[start:end])
        start = position = end
    rest = text[start:]
    if final and rest.strip():
        sentences.append(rest)
        rest = ""
    return sentences, rest
