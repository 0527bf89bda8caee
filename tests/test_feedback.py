"""Feedback lands in a JSON Lines file, and a broken file never breaks the caller."""

import json
from pathlib import Path

from assistant.feedback import FeedbackLog


def test_entries_are_appended_in_order_with_a_time(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    log.record({"rating": "up", "question": "Hộ nghèo?"})
    log.record({"rating": "down", "comment": "Sai số"})
    assert log.flush()
    lines = [json.loads(line) for line in log.path.read_text("utf-8").splitlines()]
    assert [line["rating"] for line in lines] == ["up", "down"]
    assert lines[0]["question"] == "Hộ nghèo?" and lines[0]["time"].endswith("+00:00")


def test_an_unwritable_file_is_logged_not_raised(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path)  # a directory: every write fails
    log.record({"rating": "up"})
    assert log.flush()
    log.record({"rating": "down", "odd": object()})  # not JSON: still no exception
    assert log.flush()


HOSTILE = [
    "lone surrogate \ud800 in the middle",
    "line\u2028separator, paragraph\u2029separator, next\u0085line",
    "vertical\x0btab, form\x0cfeed, file\x1cgroup\x1drecord\x1eunit\r\nand CRLF",
    "NUL \x00 and emoji 🙏🏽 and RTL \u202eoverride",
    "x" * 100_000,
]


def test_every_entry_is_one_line_that_splitlines_also_reads_as_one(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    results = [log.record({"comment": text, "question": text[:50]}) for text in HOSTILE]
    assert all(result.result(10) for result in results)  # each written, the writer alive throughout
    raw = log.path.read_bytes()
    assert raw.count(b"\n") == len(HOSTILE)
    text = raw.decode("utf-8")  # strict: no invalid UTF-8 on disk
    entries = [json.loads(line) for line in text.splitlines()]
    assert len(entries) == len(HOSTILE)
    assert entries[0]["comment"] == "lone surrogate \ufffd in the middle"
    assert entries[1]["comment"] == HOSTILE[1]  # escaped on disk, the same text once parsed
    assert entries[2]["comment"] == HOSTILE[2] and entries[3]["comment"] == HOSTILE[3]


def test_write_says_whether_the_entry_was_kept(tmp_path: Path) -> None:
    assert FeedbackLog(tmp_path / "ok.jsonl").write({"rating": "up"}) is True
    assert FeedbackLog(tmp_path).write({"rating": "up"}) is False  # a directory: cannot be written
