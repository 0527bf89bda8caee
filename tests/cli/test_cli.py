"""The CLI as a user runs it: a real process, real model, real Chroma folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE, ROOT

CITATION_FIELDS = {"n": int, "document": str, "title": str, "quote": str, "start": int, "end": int}


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, input=stdin, timeout=600)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> dict[str, str]:
    data = tmp_path_factory.mktemp("cli-data")
    return {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_MODELS_DIR": str(models_dir),
            "ASSISTANT_KNOWLEDGE_DIR": str(KNOWLEDGE), "ASSISTANT_INDEX_NAME": f"cli{os.getpid()}"}


def check_schema(answer: dict[str, object]) -> None:
    assert isinstance(answer["answer"], str) and isinstance(answer["found"], bool)
    assert isinstance(answer["elapsed_ms"], float)
    assert answer["backend"] == "extractive" and answer["guard"] == "not_run"
    for citation in answer["citations"]:  # type: ignore[attr-defined]
        for name, kind in CITATION_FIELDS.items():
            assert isinstance(citation[name], kind), name
        assert citation["url"] is None or isinstance(citation["url"], str)


def test_ask_json_gives_the_cited_figure(env: dict[str, str]) -> None:
    result = run(["ask", "Toàn tỉnh còn bao nhiêu hộ nghèo?", "--json"], env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    check_schema(answer)
    assert answer["found"] and "20.498" in answer["answer"]
    assert "20.498" in answer["citations"][0]["quote"]


def test_batch_keeps_order_reports_bad_lines_and_runs_the_rest(env: dict[str, str], tmp_path: Path) -> None:
    batch = tmp_path / "questions.jsonl"
    batch.write_bytes(
        b'{"id": "a", "question": "Ty le lao dong qua dao tao?"}\n'
        b'{"id": "b", "question": \n'
        b'\xff\xfe not utf-8\n'
        b'{"id": "c", "question": "Giam bao nhieu so voi nam truoc?",'
        b' "history": ["So ho ngheo con bao nhieu?"], "kind": "x"}\n'
        b'{"id": "d", "question": "   "}\n'
    )
    result = run(["ask", "--batch", str(batch), "--json"], env)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, None, "c", "d"]
    assert "74,62%" in lines[0]["answer"] and "4.171" in lines[3]["answer"]
    check_schema(lines[0])
    assert "Dòng 2" in result.stderr and "Dòng 3" in result.stderr and "Dòng 5" in result.stderr
    assert "Traceback" not in result.stderr


def test_readable_output_shows_the_source(env: dict[str, str]) -> None:
    result = run(["ask", "Ai đồng chủ trì hội nghị?"], env)
    assert result.returncode == 0
    assert "Trần Anh Tuấn" in result.stdout and "[1]" in result.stdout and "https://qrt.vn/" in result.stdout


@pytest.mark.parametrize("args", [["ask"], ["ask", ""], ["ask", "--batch", "/nonexistent.jsonl"]])
def test_bad_input_exits_non_zero_with_a_message(env: dict[str, str], args: list[str]) -> None:
    result = run(args, env)
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_eval_prints_the_table_and_enforces_the_minimum(env: dict[str, str]) -> None:
    dev = ROOT / "tests" / "data" / "dev_qa.jsonl"
    result = run(["eval", str(dev), "--min", "12"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "| **all** | **12** | **12** |" in result.stdout
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["hit@3"] == 1.0
    failing = run(["eval", str(dev), "--min", "13"], env)
    assert failing.returncode == 1


def test_hostile_and_broken_input_never_gives_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    """Empty, 100,000 characters, NUL, invalid UTF-8 (in a batch file and in argv), markup, RTL, emoji."""
    from bench.reliability import cli_bad_input

    result = cli_bad_input(env, tmp_path)
    assert result["failures"] == []
    assert result["batch_exit"] == 1  # some lines are refused, and the exit code says so


def test_asking_from_the_command_line_loads_no_web_page_or_chat_model_code(env: dict[str, str]) -> None:
    """A question typed at the terminal starts without the chat page (Gradio) or a language model client."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "assistant", "ask",
                             "Tỷ lệ hộ nghèo năm 2024?", "--json"], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "20.498" in json.loads(result.stdout)["answer"]
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "assistant" in imported  # the listing is there to read
    assert not imported & {"gradio", "fastapi", "uvicorn", "langchain_openai", "langchain_ollama", "openai"}
