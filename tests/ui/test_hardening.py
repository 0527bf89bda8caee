"""The app on an open network, tried as an attacker would: limits before login, fair shares,
headers, feedback never lost, password guessing. Against its own served app (`python app.py`),
since guessing leaves 127.0.0.1 waiting to log in; the checks are bench/hostile.py's, as in
`make stress`. Password guessing runs last for that reason.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import hostile
from bench.served import ServedApp, serve
from tests.conftest import KNOWLEDGE
from tests.ui.conftest import START_TIMEOUT_S, free_port

pytestmark = pytest.mark.slow

FLOODER, OTHER = ("flood", "mk-1"), ("other", "mk:2")
UPLOAD_LIMIT_MB = 5


@pytest.fixture(scope="module")
def open_app(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[tuple[ServedApp, Path]]:
    work = tmp_path_factory.mktemp("hardened")
    uploads = work / "gradio-uploads"
    settings = {
        "ASSISTANT_MODELS_DIR": str(models_dir),
        "ASSISTANT_KNOWLEDGE_DIR": str(KNOWLEDGE),
        "ASSISTANT_INDEX_NAME": f"hard{os.getpid()}",
        "ASSISTANT_AUTH": ",".join(f"{user}:{password}" for user, password in (FLOODER, OTHER)),
        "ASSISTANT_MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB),
        "ASSISTANT_UI_CONCURRENCY": "2",
        "ASSISTANT_UI_QUEUE_SIZE": "6",
        "GRADIO_TEMP_DIR": str(uploads),  # so the test can look inside it
    }
    with contextlib.ExitStack() as stack:
        try:
            app = stack.enter_context(serve(work / "app", settings, START_TIMEOUT_S, free_port(2)))
        except RuntimeError as error:
            pytest.fail(str(error))
        yield app, uploads


def test_the_page_carries_anti_framing_headers_and_odd_paths_never_get_500(
        open_app: tuple[ServedApp, Path]) -> None:
    app, _ = open_app
    result = hostile.headers(app.url, OTHER)
    assert result["failures"] == []
    assert result["x_frame_options"] == "DENY" and result["csp_frame_ancestors"]
    assert result["cors_foreign_origin"] is None
    assert set(result["odd_paths"].values()) <= {400, 403, 404}


def test_a_100_mb_body_before_login_gets_413_and_the_server_barely_grows(open_app: tuple[ServedApp, Path]) -> None:
    app, _ = open_app
    result = hostile.oversized_bodies(app.url, app.pid, size_mb=100)
    assert [row["status"] for row in result["requests"]] == [413] * 5, result
    assert result["rss_growth_mb"] < 60, result
    assert "Traceback" not in app.log_tail()


def test_an_upload_over_the_limit_is_refused_and_not_kept(open_app: tuple[ServedApp, Path]) -> None:
    app, uploads = open_app
    result = hostile.upload(app.url, OTHER, size_mb=20, limit_mb=UPLOAD_LIMIT_MB, temp_dir=uploads)
    assert result["status"] == 413 and result["kept"] == 0, result
    just_over = hostile.upload(app.url, OTHER, size_mb=UPLOAD_LIMIT_MB + 0.5, limit_mb=UPLOAD_LIMIT_MB,
                               temp_dir=uploads)  # within the body limit: Gradio's max_file_size refuses it
    assert just_over["status"] == 413 and just_over["kept"] == 0, just_over


def test_a_flood_from_one_login_leaves_another_logins_questions_answered(
        open_app: tuple[ServedApp, Path]) -> None:
    app, _ = open_app
    result = hostile.flood(app.url, FLOODER, OTHER, flood_at_once=30, questions=5, max_waves=10)
    assert result["failures"] == [], result
    assert result["other_answered"] == 5 and result["flood_busy"] > 0


def test_every_feedback_record_is_one_parseable_line_and_a_flood_is_politely_refused(
        open_app: tuple[ServedApp, Path]) -> None:
    app, _ = open_app
    result = hostile.hostile_feedback(app.url, OTHER, app.data_dir / "feedback.jsonl", spam=15)
    assert result["failures"] == [], result
    assert result["records"] == result["thanked"] == result["parseable"] > len(hostile.HOSTILE_COMMENTS)
    assert result["limited"] > 0


def test_thirty_wrong_passwords_meet_429_with_a_reason_in_vietnamese(open_app: tuple[ServedApp, Path]) -> None:
    app, _ = open_app
    result = hostile.login_guessing(app.url, FLOODER, attempts=30)
    assert result["failures"] == [], result
    assert result["statuses"].get("429", 0) > 0 and result["right_password_after"] == 429
    assert "vui lòng chờ" in result["reason"]
