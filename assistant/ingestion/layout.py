"""Build a document's text line by line, remembering where each page or section starts.

Every structured format (PDF, Word, web page, Markdown) is flattened into
plain lines so that chunking, figures and citations work the same for all of
them. Pages and sections become `locations`, which the chunker respects and
citations show. A table row becomes one line that carries its column headers,
so a figure never loses the year or indicator it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text.segments import TABLE_CELL_SEPARATOR

# Columns that only number the rows ("STT", "TT", "#") say nothing a reader needs.
_SERIAL_HEADERS = {"stt", "tt", "#", "số tt", "số thứ tự", "no", "no."}
_YEAR = re.compile(r"^(?:năm\s+)?(?:19|20)\d{2}$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")



def clean_cell(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def looks_like_header(cells: Sequence[str]) -> bool:
    """A first row of labels, not data: no figure other than a year in its cells."""
    values = [c for c in cells[1:] if c]
    return bool(values) and all(_YEAR.match(c) or not any(ch.isdigit() for ch in c) for c in values)


def table_lines(rows: Sequence[Sequence[str]], header: Sequence[str] | None) -> list[str]:
    """One line per data row: "Tỷ lệ hộ nghèo | 2023: 5,20% | 2024: 4,61%".

    The first cell names the row; every other cell is prefixed with its column
    header, so a row cut out of its table still says which figure is which.
    """
    serial = bool(header) and clean_cell(header[0]).lower() in _SERIAL_HEADERS if header else False
    lines = []
    for row in rows:
        cells = [clean_cell(c) for c in row]
        names = [clean_cell(h) for h in header] if header else []
        if serial:
            cells, names = cells[1:], names[1:]
        parts = []
        for index, cell in enumerate(cells):
            if not cell:
                continue
            name = names[index] if index < len(names) else ""
            labelled = index > 0 and name and name != cell
            parts.append(f"{name}: {cell}" if labelled else cell)
        # A row of one cell is a caption or a merged heading, not data.
        if parts:
            lines.append(TABLE_CELL_SEPARATOR.join(parts))
    return lines


class TextBuilder:
    """Accumulates lines and the (offset, label) where each location starts."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.locations: list[tuple[int, str]] = []
        self.tables = 0

    def start(self, label: str) -> None:
        """A new page or section starts with the next line."""
        label = clean_cell(label)[:120]
        offset = self._length + 1 if self._parts else 0  # where the next line's text begins
        if self.locations and self.locations[-1][0] == offset:
            self.locations[-1] = (offset, label)
        elif not self.locations or self.locations[-1][1] != label:
            self.locations.append((offset, label))

    def line(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        if self._parts:
            self._parts.append("\n")
            self._length += 1
        self._parts.append(text)
        self._length += len(text)

    def current_label(self) -> str | None:
        return self.locations[-1][1] if self.locations else None

    @property
    def text(self) -> str:
        return "".join(self._parts)


def section_label(heading: str) -> str:
    return f"mục «{clean_cell(heading)[:100]}»"


def table_label(section: str | None, number: int) -> str:
    return f"{section}, bảng {number}" if section else f"bảng {number}"
