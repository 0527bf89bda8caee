"""The page's API as a program uses it: gradio_client against the running app."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

from assistant.answering.answer import Answer
from tests.ui.conftest import RunningApp

pytestmark = pytest.mark.slow

CLI_FIELDS = set(Answer("", False, []).to_dict())  # what `python -m assistant ask --json` prints


def client(app: RunningApp) -> Client:
    return Client(app.url, auth=app.credentials, verbose=False)


def test_ask_returns_the_answer_and_its_citations_like_the_cli(running_app: RunningApp) -> None:
    result: dict[str, Any] = client(running_app).predict(
        "Toàn tỉnh còn bao nhiêu hộ nghèo?", [], api_name="/ask")
    assert set(result) == CLI_FIELDS
    assert result["found"] and "20.498" in result["answer"]
    cited = result["citations"][0]
    assert cited["n"] == 1 and "20.498" in cited["quote"]
    assert cited["url"].startswith("https://qrt.vn/") and cited["publisher"]
    quote_in_passage = cited["passage"][cited["start"] - cited["passage_start"]:cited["end"] - cited["passage_start"]]
    assert quote_in_passage == cited["quote"]


def test_ask_takes_the_history_and_explains_a_bad_question(running_app: RunningApp) -> None:
    api = client(running_app)
    follow_up = api.predict("Tỷ lệ là bao nhiêu?", ["Toàn tỉnh còn bao nhiêu hộ nghèo?"], api_name="/ask")
    assert "4,61%" in follow_up["answer"]
    too_long = api.predict("hộ nghèo " * 300, [], api_name="/ask")
    assert set(too_long) == {"error"} and "quá dài" in too_long["error"]


def test_two_clients_in_parallel_see_only_their_own_history(running_app: RunningApp) -> None:
    """Each client's `chat` remembers its own earlier question and nobody else's."""

    def conversation(first: str | None) -> str:
        api = client(running_app)
        if first:
            assert api.predict(first, api_name="/chat")["found"]
        return str(api.predict("Tỷ lệ là bao nhiêu?", api_name="/chat")["answer"])

    with ThreadPoolExecutor(max_workers=4) as pool:
        poor = [pool.submit(conversation, "Toàn tỉnh còn bao nhiêu hộ nghèo?") for _ in range(2)]
        fresh = [pool.submit(conversation, None) for _ in range(2)]
        poor_answers = [f.result(timeout=300) for f in poor]
        fresh_answers = [f.result(timeout=300) for f in fresh]
    assert all("4,61%" in answer for answer in poor_answers), poor_answers
    assert not any("4,61%" in answer for answer in fresh_answers), fresh_answers


def test_the_api_page_documents_asking_and_the_staff_endpoints_only(running_app: RunningApp) -> None:
    endpoints = client(running_app).view_api(return_format="dict", print_info=False)
    assert set(endpoints["named_endpoints"]) == {"/ask", "/chat", "/add_document", "/remove_document"}
    assert endpoints["unnamed_endpoints"] == {}


def test_the_api_needs_the_login(running_app: RunningApp) -> None:
    with pytest.raises(AuthenticationError):
        Client(running_app.url, verbose=False)
    with pytest.raises(ValueError, match="Could not login"):
        Client(running_app.url, auth=(running_app.credentials[0], "sai-mat-khau"), verbose=False)
    assert Client(running_app.url, auth=("canbo", "mk:2"), verbose=False)  # the second pair works too
