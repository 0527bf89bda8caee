"""Figures as Vietnamese official texts write them.

"17.056" is seventeen thousand (a dot groups thousands), "74,62%" has a
decimal comma, "gần 7 tỷ đồng" is an approximate amount, "08/9 chỉ tiêu" is a
count out of a total while "ngày 31/12" is a date. Answers are checked figure
by figure, so these readings must be exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FigureKind = Literal["number", "percent", "ratio", "date", "year", "money"]

_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_APPROX = ("gần", "khoảng", "hơn", "trên", "xấp xỉ", "dưới", "gần như", "ước")

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(
    r"(?<![\w.,/])"
    r"(?:(?P<slash>\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
    r"|(?P<num>" + _NUMBER + r")"
    r"(?:\s*(?P<pct>%)|\s+(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ)(?:\s+(?P<money>đồng))?)?)"
    r"(?![\w/]|[.,]\d)",
    re.IGNORECASE,
)
_DATE_CUE = re.compile(r"(?:ngày|sáng|chiều|tối|từ|đến|hôm)\s*$", re.IGNORECASE)

# Number words a writer (or a model) may use instead of digits.
WORD_NUMBERS = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}


@dataclass(frozen=True)
class Figure:
    """One figure found in a text, with its offsets in that text."""

    text: str
    start: int
    end: int
    kind: FigureKind
    value: float
    total: float | None = None  # the "9" of "08/9"
    approximate: bool = False

    def key(self) -> tuple[str, float, float | None]:
        """What two figures must share to be the same figure."""
        kind = "number" if self.kind in ("number", "money", "year") else self.kind
        return (kind, round(self.value, 6), self.total)


def parse_number(token: str) -> float | None:
    """Read "17.056", "17056", "74,62" or "0,96" as a float."""
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:,\d+)?", token):
        return float(token.replace(",", "."))
    return None


def _slash_figure(text: str, match: re.Match[str]) -> Figure:
    raw = match.group("slash")
    parts = [int(p) for p in raw.split("/")]
    before = text[max(0, match.start() - 12) : match.start()]
    is_date = len(parts) == 3 or bool(_DATE_CUE.search(before))
    if is_date:
        return Figure(raw, match.start(), match.end(), "date", parts[0] + parts[1] / 100)
    return Figure(raw, match.start(), match.end(), "ratio", parts[0], total=parts[1])


def find_figures(text: str) -> list[Figure]:
    """Every figure in `text`, left to right."""
    found: list[Figure] = []
    for match in _FIGURE.finditer(text):
        if match.group("slash"):
            found.append(_slash_figure(text, match))
            continue
        number = parse_number(match.group("num"))
        if number is None:
            continue
        before = text[max(0, match.start() - 10) : match.start()].lower()
        approximate = any(before.rstrip().endswith(word) for word in _APPROX)
        kind: FigureKind = "number"
        value = number
        if match.group("pct"):
            kind = "percent"
        elif match.group("scale"):
            value = number * _SCALES[match.group("scale").lower()]
            kind = "money" if match.group("money") else "number"
        elif re.fullmatch(r"(?:19|20)\d\d", match.group("num")):
            kind = "year"
        found.append(
            Figure(match.group(0), match.start(), match.end(), kind, value, approximate=approximate)
        )
    return found


def is_statistic(figure: Figure) -> bool:
    """Figures worth listing as statistics: not dates or bare years."""
    return figure.kind not in ("date", "year")


_ENGLISH_SCALES = {"nghìn": "thousand", "ngàn": "thousand", "triệu": "million", "tỷ": "billion", "tỉ": "billion"}


def english_notation(figure: Figure) -> str:
    """A figure as an English reader writes it: "17.056" -> "17,056", "0,96%" -> "0.96%",
    "7 tỷ đồng" -> "7 billion VND"; an approximate one says so ("about")."""
    if figure.kind in ("ratio", "date"):
        return figure.text
    match = re.match(r"(" + _NUMBER + r")(.*)", figure.text, re.DOTALL)
    if not match:
        return figure.text
    number = match.group(1).translate(str.maketrans(".,", ",."))
    rest = match.group(2).strip()
    words = [_ENGLISH_SCALES.get(w.lower(), "VND" if w.lower() == "đồng" else w) for w in rest.split()]
    text = number + ("%" if rest == "%" else (" " + " ".join(words) if words else ""))
    return ("about " if figure.approximate else "") + text
