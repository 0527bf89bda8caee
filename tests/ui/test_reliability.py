"""The quick part of `make stress`, against the app the other UI tests use (with its login)."""

from __future__ import annotations

import pytest

from bench import reliability
from bench.abuse import probe_paths
from tests.ui.conftest import USERS, RunningApp

pytestmark = pytest.mark.slow

QUEUE = 2 + 16  # the app's default ASSISTANT_UI_CONCURRENCY + ASSISTANT_UI_QUEUE_SIZE
SHARE = QUEUE // 2  # the most one login may hold of it (ASSISTANT_UI_CLIENT_SHARE's default)


def test_many_sessions_at_once_each_get_their_own_right_answers(running_app: RunningApp) -> None:
    """Follow-ups included: an answer that differs from the same question asked alone has seen
    another session's history."""
    result = reliability.load(running_app.url, list(USERS), sessions=QUEUE, questions=3)
    assert result["failures"] == []
    assert result["answers"] + result["busy"] == QUEUE * 3 and result["answers"] > 0


def test_a_burst_beyond_the_queue_is_told_busy_then_served_normally(running_app: RunningApp) -> None:
    """One login's burst gets that login's share of the line answered, the rest told busy."""
    result = reliability.burst(running_app.url, running_app.credentials, size=3 * QUEUE)
    assert result["failures"] == []
    assert result["busy"] > 0 and result["answered"] >= SHARE and result["answered_after"]


def test_bad_input_gets_a_message_or_an_answer_and_never_breaks_the_api(running_app: RunningApp) -> None:
    result = reliability.bad_input(running_app.url, running_app.credentials)
    assert result["failures"] == []
    replies = {row["input"]: row for row in result["inputs"]}
    assert replies["empty"]["text"] == "Vui lòng nhập câu hỏi."
    assert "quá dài" in replies["100,000 characters"]["text"]
    # Markup is dropped from the question, its words kept: these are still answered.
    assert {replies[name]["reply"] for name in ("HTML and script", "markdown link", "markdown image")} == {"answer"}
    assert "Traceback" not in running_app.log_tail()


def test_file_routes_serve_nothing_outside_their_folders(running_app: RunningApp) -> None:
    paths = probe_paths(running_app.data_dir, running_app.work_dir)  # its .env holds a canary
    result = reliability.probes(running_app.url, paths, running_app.credentials)
    assert result["logged_in"]
    assert result["failures"] == []
    assert sum(result["statuses"].values()) == len(paths)
