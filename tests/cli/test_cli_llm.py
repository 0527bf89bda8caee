"""The CLI through the `openai` backend, over real HTTP to an OpenAI-compatible server on 127.0.0.1."""

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.answering.llm.openai_server import MODEL, FakeOpenAI
from tests.cli.test_cli import run
from tests.conftest import KNOWLEDGE

QUESTION = "Toàn tỉnh còn bao nhiêu hộ nghèo?"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("") as fake:
        yield fake


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, models_dir: Path, server: FakeOpenAI) -> dict[str, str]:
    data = tmp_path_factory.mktemp("cli-llm-data")
    return {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODELS_DIR": str(models_dir),
            "ASSISTANT_KNOWLEDGE_DIR": str(KNOWLEDGE), "ASSISTANT_INDEX_NAME": f"clillm{os.getpid()}",
            "ASSISTANT_LLM_BACKEND": "openai", "ASSISTANT_LLM_BASE_URL": server.base_url,
            "ASSISTANT_LLM_API_KEY": "placeholder"}


def test_a_digit_off_answer_is_replaced_by_the_reports_figure(env: dict[str, str], server: FakeOpenAI) -> None:
    server.reply = "Toàn tỉnh còn 20.499 hộ nghèo [1]."
    result = run(["ask", QUESTION, "--json"], env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "20.499" not in result.stdout and "20.498" in answer["answer"]
    assert (answer["guard"], answer["backend"]) == ("replaced", "extractive")
    assert answer["note"] and answer["citations"] and "20.498" in answer["citations"][0]["quote"]
    assert any(r.get("stream") for r in server.requests), "the answer must be requested as a stream"


def test_a_faithful_answer_is_shown_in_the_models_words(env: dict[str, str], server: FakeOpenAI) -> None:
    server.reply = "Hiện toàn tỉnh vẫn còn 20.498 hộ nghèo, chiếm 4,61% [1]."
    result = run(["ask", QUESTION, "--json"], env)
    answer = json.loads(result.stdout)
    assert answer["answer"] == server.reply
    assert (answer["guard"], answer["backend"]) == ("passed", f"openai:{MODEL}")
    assert answer["found"] and answer["note"] is None and answer["citations"][0]["n"] == 1
    readable = run(["ask", QUESTION], env)
    assert readable.stdout.startswith(server.reply) and "[1] " in readable.stdout and "«" in readable.stdout
