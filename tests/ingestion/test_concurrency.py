"""Readers during an ingest, a second ingest, and an ingest whose holder died.

The same tests run against a local folder and against a Chroma server (the
ASSISTANT_CHROMA_* variables choose); a few only make sense for one of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.factory import Assistant, build_assistant
from assistant.ingestion.chunking import chunk_document
from assistant.ingestion.documents import SourceDocument, load_documents
from assistant.ingestion.locks import ChromaLease, IngestBusy
from scripts.generate_corpus import generate, make_report, write_report
from tests.conftest import ROOT

MakeAssistant = Callable[..., Assistant]
SERVER = bool(os.environ.get("ASSISTANT_CHROMA_HOST"))
QUESTION = "Có bao nhiêu phiên giao dịch việc làm trong năm?"


def _expected(folder: Path) -> set[str]:
    return {c.chunk_id for d in load_documents(folder) if isinstance(d, SourceDocument) for c in chunk_document(d)}


def _ids(assistant: Assistant) -> set[str]:
    _, chunks = assistant.store.snapshot()
    return {c.chunk_id for c in chunks}


def _note(folder: Path, sessions: int) -> None:
    (folder / "ghi-chu.md").write_text(f"Năm 2024 tỉnh tổ chức {sessions} phiên giao dịch việc làm.\n", "utf-8")


def _environment(assistant: Assistant, models_dir: Path) -> dict[str, str]:
    settings = assistant.settings
    return {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir),
            "ASSISTANT_KNOWLEDGE_DIR": str(settings.knowledge_dir), "ASSISTANT_MODELS_DIR": str(models_dir),
            "ASSISTANT_INDEX_NAME": settings.index_name, "ASSISTANT_INGEST_BATCH": "4"}


@pytest.mark.slow
@pytest.mark.parametrize("writer", ["thread", "process"])
def test_a_reader_sees_the_old_or_the_new_index_never_a_mix(
        writer: str, tmp_path: Path, make_assistant: MakeAssistant, embeddings: Embeddings,
        models_dir: Path) -> None:
    if writer == "process" and not SERVER:
        pytest.skip("a local folder is written by the process that reads it (see the next test)")
    folder = tmp_path / "knowledge"
    folder.mkdir()
    documents = sum(1 for _ in generate(folder, chunks=40, seed=11))
    _note(folder, 12)
    reader = make_assistant(folder, ingest_batch=4)
    old = _ids(reader)
    assert old == _expected(folder)

    import random

    rng = random.Random(5)
    for path in sorted(folder.glob("*.md"))[:3]:
        path.write_text(make_report(rng, 500).text, "utf-8")
    for number in range(documents, documents + 4):
        write_report(folder, make_report(rng, number), plain=False)
    _note(folder, 15)
    new = _expected(folder)

    if writer == "thread":
        other = build_assistant(reader.settings, embeddings)
        job = threading.Thread(target=other.indexer.ingest, kwargs={"progress": False})
        job.start()
        running = job.is_alive
    else:
        process = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT,
                                   env=_environment(reader, models_dir))
        running = lambda: process.poll() is None  # noqa: E731
    seen = []
    while running():
        ids = _ids(reader)
        assert ids in (old, new), "a reader saw a half-built index"
        answer = reader.answers.ask(QUESTION).answer
        assert ("12 phiên" in answer) != ("15 phiên" in answer), answer
        seen.append(ids == new)
    if writer == "process":
        assert process.wait() == 0
    assert _ids(reader) == new and "15 phiên" in reader.answers.ask(QUESTION).answer
    assert seen, "the ingest ended before the reader looked"


@pytest.mark.slow
@pytest.mark.skipif(SERVER, reason="a Chroma server is shared by processes by design")
def test_a_local_index_is_not_rebuilt_under_a_running_app(
        tmp_path: Path, make_assistant: MakeAssistant, models_dir: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    _note(folder, 12)
    app = make_assistant(folder)
    _note(folder, 15)
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT,
                            env=_environment(app, models_dir), capture_output=True, text=True, timeout=600)
    assert result.returncode == 3 and "Chroma server" in result.stderr and "Traceback" not in result.stderr
    assert "12 phiên" in app.answers.ask(QUESTION).answer  # the app is untouched
    app.close()
    result = subprocess.run([sys.executable, "-m", "assistant", "ingest", "--quiet"], cwd=ROOT,
                            env=_environment(app, models_dir), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.skipif(not SERVER, reason="the lease lives on a Chroma server")
def test_a_lease_left_by_a_killed_ingest_is_taken_over(tmp_path: Path, make_assistant: MakeAssistant) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    _note(folder, 12)
    assistant = make_assistant(folder, ingest=False)
    lease = assistant.indexer.lock
    assert isinstance(lease, ChromaLease)
    import socket

    # A process of this machine that died holding the lease: taken over at once.
    assistant.store.client.create_collection(lease.name, metadata={
        "owner": "killed", "host": socket.gethostname(), "pid": _dead_pid(), "beat": 3})
    assert assistant.indexer.ingest(wait_seconds=5, progress=False).changed

    # A holder on another machine that stopped renewing: taken over after the lease time.
    assistant.store.client.create_collection(lease.name, metadata={
        "owner": "elsewhere", "host": "another-host", "pid": 1, "beat": 7})
    with pytest.raises(IngestBusy, match="elsewhere"):
        assistant.indexer.ingest(wait_seconds=0.5, progress=False)
    lease.lease_seconds = 1.0
    _note(folder, 15)
    assert assistant.indexer.ingest(wait_seconds=5, progress=False).changed
    assert "15 phiên" in assistant.answers.ask(QUESTION).answer


@pytest.mark.skipif(not SERVER, reason="the lease lives on a Chroma server")
def test_an_ingest_that_lost_its_lease_publishes_nothing(tmp_path: Path, make_assistant: MakeAssistant) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    _note(folder, 12)
    assistant = make_assistant(folder)
    _note(folder, 15)
    lease = assistant.indexer.lock
    assert isinstance(lease, ChromaLease)

    def stolen(_: str) -> None:
        # What another machine does when this ingest stalls past the lease time.
        held = assistant.store.client.get_collection(lease.name)
        held.modify(name=f"{lease.name}-gone")
        assistant.store.client.delete_collection(f"{lease.name}-gone")

    with pytest.raises(IngestBusy, match="lost its lease"):
        assistant.indexer.ingest(progress=False, on_document=stolen)
    assert "12 phiên" in assistant.answers.ask(QUESTION).answer
    assert assistant.indexer.ingest(progress=False).changed
    assert "15 phiên" in assistant.answers.ask(QUESTION).answer
