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
