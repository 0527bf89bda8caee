"""Ingestion against a real Chroma folder with the real embedding model."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.factory import Assistant, build_assistant
from assistant.ingestion.indexer import IngestBusy
from tests.conftest import KNOWLEDGE

MakeAssistant = Callable[..., Assistant]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    return knowledge


def _ids(assistant: Assistant) -> list[str]:
    generation = assistant.store.published()
    return sorted(c.chunk_id for c in assistant.store.chunks(generation))


def test_ingesting_twice_adds_nothing(folder: Path, make_assistant: MakeAssistant) -> None:
    assistant = make_assistant(folder)
    first = _ids(assistant)
    report = assistant.indexer.ingest(progress=False)
    assert not report.changed and report.chunks_written == 0
    assert _ids(assistant) == first and len(first) == report.chunks_total


def test_changed_file_is_updated_and_removed_file_dropped(folder: Path, make_assistant: MakeAssistant) -> None:
    extra = folder / "ghi-chu.md"
    extra.write_text("Năm 2024 tỉnh tổ chức 12 phiên giao dịch việc làm.\n", "utf-8")
    assistant = make_assistant(folder)
    assert "12 phiên" in assistant.answers.ask("Có bao nhiêu phiên giao dịch việc làm?").answer

    extra.write_text("Năm 2024 tỉnh tổ chức 15 phiên giao dịch việc làm.\n", "utf-8")
    report = assistant.indexer.ingest(progress=False)
    assert report.updated_documents == ["ghi-chu.md"] and report.chunks_written == 1
    answer = assistant.answers.ask("Có bao nhiêu phiên giao dịch việc làm?").answer
    assert "15 phiên" in answer and "12 phiên" not in answer

    extra.unlink()
    report = assistant.indexer.ingest(progress=False)
    assert report.removed_documents == ["ghi-chu.md"]
    assert not assistant.answers.ask("Có bao nhiêu phiên giao dịch việc làm?").found


def test_unreadable_file_is_skipped_and_the_rest_kept(folder: Path, make_assistant: MakeAssistant) -> None:
    assistant = make_assistant(folder)
    before = _ids(assistant)
    (folder / "hong.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (folder / "bang.xyz").write_text("?", "utf-8")
    report = assistant.indexer.ingest(progress=False)
    reasons = {s.doc_id: s.reason for s in report.skipped}
    assert set(reasons) == {"hong.txt", "bang.xyz"}
    assert "unsupported" in reasons["bang.xyz"]
    assert _ids(assistant) == before


def test_a_second_ingest_waits_or_stops_with_a_message(folder: Path, make_assistant: MakeAssistant,
                                                      embeddings: Embeddings) -> None:
    first = make_assistant(folder, ingest=False)
    second = build_assistant(first.settings, embeddings)  # same index: same lock file or lease
    first.indexer.lock.acquire(0)
    try:
        with pytest.raises(IngestBusy, match="Another ingest"):
            second.indexer.ingest(wait_seconds=0.5, progress=False)
    finally:
        first.indexer.lock.release()
    assert second.indexer.ingest(wait_seconds=5, progress=False).changed


def test_switching_models_never_mixes_vectors(make_assistant: MakeAssistant) -> None:
    default = make_assistant(ingest=False)
    other = make_assistant(ingest=False, query_prefix="", passage_prefix="")
    assert default.store.collection_name != other.store.collection_name
