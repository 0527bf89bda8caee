"""The LLM path against a real small model: llama.cpp's server with the GGUF assembled from PyPI.

Needs `make llm-local-install` (llama-cpp-python[server], built from source).
Every answer shown must be right by the dev-set rule, whatever the model
writes: the guard passes it or replaces it with the report's own words.
"""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import subprocess
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator

import pytest
from langchain_core.embeddings import Embeddings

from assistant.answering.llm import local_model
from assistant.evaluation import Case, is_right
from assistant.factory import Assistant, build_assistant
from assistant.text.figures import find_figures
from bench.served import free_port
from tests.answering.llm.openai_server import PORTS
from tests.conftest import DEV_SET, ROOT

pytestmark = pytest.mark.slow
CASES = [Case.from_json(json.loads(line)) for line in DEV_SET.read_text("utf-8").splitlines() if line.strip()]




@pytest.fixture(scope="module")
def local_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        reason = "llama_cpp is not installed: run `make llm-local-install` to include this test"
        if os.environ.get("ASSISTANT_REQUIRE_LOCAL_LLM"):
            pytest.fail(reason)  # CI installs it: a silent skip there would hide a broken build
        pytest.skip(reason)
    model = local_model.assemble(local_model.model_file(ROOT / "data"), say=print)
    port = free_port(PORTS)
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(local_model.server_command(model, "127.0.0.1", port),
                                  stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):
            if server.poll() is not None:
                pytest.fail("llama_cpp.server exited:\n" + log.read_text("utf-8", "replace")[-3000:])
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not answer within 2 minutes")
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def local(local_server: str, assistant: Assistant, embeddings: Embeddings) -> Assistant:
    settings = assistant.settings.model_copy(update={
        "llm_backend": "openai", "llm_base_url": local_server, "llm_model": local_model.MODEL_ALIAS,
        # CI's machine is shared by nothing else; a loaded developer machine may need far longer.
        "llm_timeout_s": 90.0})
    llm = build_assistant(settings, embeddings)
    assert llm.llm_status is not None and llm.llm_status.ok, llm.llm_status
    return llm


def test_dev_questions_through_the_local_model(local: Assistant, capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for case in CASES:
        answer = local.answers.ask(case.question, list(case.history))
        status = answer.debug.get("llm", {}).get("status", "?")
        rows.append((case, answer, status))
    counts = Counter(status for _, _, status in rows)
    median_ms = statistics.median(a.elapsed_ms for _, a, s in rows if s != "not_asked")
    with capsys.disabled():
        print(f"\nLocal model over {len(rows)} dev questions: {dict(counts)}; "
              f"median answer time on the LLM path {median_ms / 1000:.1f} s")
        for case, answer, status in rows:
            print(f"  {case.id} {status:9} right={is_right(case, answer)!s:5} {answer.answer[:100]}")
    wrong = [(c.id, a.answer) for c, a, _ in rows if not is_right(c, a)]
    assert not wrong
    assert counts["passed"] >= 1, "the guard should pass some of a real model's answers"


def test_the_decrease_question_never_shows_another_figure(local: Assistant) -> None:
    answer = local.answers.ask("Số hộ nghèo giảm bao nhiêu so với năm 2023?")
    stated = {f.text for f in find_figures(answer.answer.replace("[1]", ""))} - {"2023", "2024"}
    assert stated and stated <= {"4.171", "0,96%"}, answer.answer
    assert answer.backend in ("extractive", f"openai:{local_model.MODEL_ALIAS}")
