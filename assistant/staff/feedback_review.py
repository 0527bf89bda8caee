"""The 👍/👎 log read back for staff: one row per rated answer, newest first, searchable, as CSV.

The log (see `assistant.feedback`) holds a line per rating and per comment; a
comment repeats its rating. A row is the latest line of its answer
(`turn_id`), with the latest comment given on it. Lines that are not JSON
(a torn last line, a hand edit) are skipped.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.text.vietnamese import fold

CSV_COLUMNS = ("Thời gian", "Đánh giá", "Câu hỏi", "Câu trả lời", "Góp ý", "Nguồn trích dẫn")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FeedbackRow:
    time: str
    rating: str  # "up" or "down"
    question: str
    answer: str
    comment: str
    citations: tuple[str, ...]  # "[1] title — quote"

    @property
    def thumb(self) -> str:
        return "👎" if self.rating == "down" else "👍"

    def matches(self, words: list[str]) -> bool:
        haystack = fold(" ".join((self.question, self.answer, self.comment, *self.citations))).lower()
        return all(word in haystack for word in words)


def _citation(raw: Any) -> str:
    if not isinstance(raw, dict):
        return ""
    title = raw.get("title") or raw.get("document") or ""
    return f"[{raw.get('n', '?')}] {title} — {raw.get('quote', '')}".strip()


def read_feedback(path: Path) -> list[FeedbackRow]:
    """Every rated answer in the log at `path`, newest first (no file: none)."""
    latest: dict[str, dict[str, Any]] = {}
    comments: dict[str, str] = {}
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    for number, line in enumerate(lines):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or entry.get("rating") not in ("up", "down"):
            continue
        key = str(entry.get("turn_id") or f"line-{number}")
        latest.pop(key, None)  # re-inserted last: dict order is the order of last lines
        latest[key] = entry
        if entry.get("comment"):
            comments[key] = str(entry["comment"])
    rows = [FeedbackRow(
        time=str(entry.get("time", "")), rating=str(entry["rating"]), question=str(entry.get("question", "")),
        answer=str(entry.get("answer", "")), comment=comments.get(key, ""),
        citations=tuple(c for c in map(_citation, entry.get("citations") or []) if c))
        for key, entry in latest.items()]
    rows.reverse()
    rows.sort(key=lambda row: row.time, reverse=True)  # stable: same-second rows stay newest first
    return rows


def select(rows: list[FeedbackRow], only_down: bool = False, query: str = "") -> list[FeedbackRow]:
    """The rows with 👎 (when asked) whose text holds every word of `query`, diacritics ignored."""
    words = fold(query or "").lower().split()
    return [row for row in rows if (not only_down or row.rating == "down") and row.matches(words)]


def _cell(text: str) -> str:
    # A cell starting like a formula would run as one in a spreadsheet.
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(rows: list[FeedbackRow], path: Path) -> Path:
    """`rows` as a CSV a spreadsheet opens with its Vietnamese intact (UTF-8 with BOM)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow([_cell(value) for value in (
                row.time, row.thumb, row.question, row.answer, row.comment, "\n".join(row.citations))])
    return path
