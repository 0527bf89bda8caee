"""Citation markers in a model's answer: "[1]", "[1, 2]", "[nguồn 3]", read, blanked and renumbered."""

from __future__ import annotations

import re

CITATION = re.compile(
    r"\[\s*(?:(?:nguồn|nguon|source)\s*)?(\d{1,3}(?:\s*[,;]\s*(?:(?:nguồn|nguon|source)\s*)?\d{1,3})*)\s*\]",
    re.IGNORECASE,
)


def cited(text: str) -> list[int]:
    """The source numbers cited in `text`, in order, repeats included."""
    numbers: list[int] = []
    for match in CITATION.finditer(text):
        numbers.extend(int(n) for n in re.findall(r"\d+", match.group(1)))
    return numbers


def blank_citations(text: str) -> str:
    """The text with each marker replaced by spaces, so its digits are no figure and offsets hold."""
    return CITATION.sub(lambda m: " " * len(m.group(0)), text)


class Renumbering:
    """Sources renumbered in the order the answer first cites them: [3] then [1] become [1], [2]."""

    def __init__(self) -> None:
        self.order: list[int] = []

    def apply(self, sentence: str) -> str:
        def replace(match: re.Match[str]) -> str:
            numbers = []
            for n in (int(x) for x in re.findall(r"\d+", match.group(1))):
                if n not in self.order:
                    self.order.append(n)
                new = self.order.index(n) + 1
                if new not in numbers:
                    numbers.append(new)
            return "[" + ", ".join(str(n) for n in numbers) + "]"

        renumbered = CITATION.sub(replace, sentence)
        return re.sub(r"(\[[\d, ]+\])(?:\s*\1)+", r"\1", renumbered)
