"""What staff do to the knowledge base, without a browser: add, refuse, replace, remove, review feedback."""

from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.factory import Assistant
from assistant.feedback import FeedbackLog
from assistant.ingestion.indexer import IngestProgress
from assistant.ingestion.locks import FileIngestLock
from assistant.staff.feedback_review import read_feedback, select, write_csv
from assistant.staff.library import BUSY, DocumentDesk
from tests.conftest import KNOWLEDGE
from tests.ingestion.sample_files import write_docx

MakeAssistant = Callable[..., Assistant]
MB = 1_000_000


@pytest.fixture
def kept(tmp_path: Path, make_assistant: MakeAssistant) -> tuple[Assistant, DocumentDesk, Path]:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    assistant = make_assistant(folder)
    desk = DocumentDesk(assistant.store, assistant.indexer, folder, 10 * MB, wait_seconds=1.0)
    return assistant, desk, folder


def _state(folder: Path, assistant: Assistant) -> tuple[list[str], int]:
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return files, assistant.store.published()


def test_an_uploaded_word_report_is_listed_and_answered_with_its_table(
        kept: tuple[Assistant, DocumentDesk, Path], tmp_path: Path) -> None:
    assistant, desk, folder = kept
    upload = write_docx(tmp_path / "Báo cáo Cam Lộ 2024.docx")
    prefilled = desk.prefill(upload, upload.name)
    assert prefilled["title"] == "Báo cáo lao động việc làm huyện Cam Lộ năm 2024"
    steps: list[IngestProgress] = []
    outcome = desk.add(upload, upload.name, {**prefilled, "period": "2024", "locality": "huyện Cam Lộ"},
                       on_progress=steps.append)
    assert outcome.ok and outcome.document == "bao-cao-cam-lo-2024.docx" and outcome.chunks > 0
    assert [s.stage for s in steps][:2] == ["checking", "reading"] and steps[-1].stage == "publishing"
    embedded = [s for s in steps if s.stage == "embedding"]
    assert embedded[-1].embedded == embedded[-1].chunks == outcome.chunks
    row = next(r for r in desk.documents() if r.name == "bao-cao-cam-lo-2024.docx")
    assert (row.title, row.period, row.locality, row.chunks) == (
        "Báo cáo lao động việc làm huyện Cam Lộ năm 2024", "2024", "huyện Cam Lộ", outcome.chunks)
    assert row.figures > 0 and row.status == "Đã đưa vào kho" and row.added
    answer = assistant.answers.ask("Số hộ cận nghèo năm 2024 của huyện Cam Lộ là bao nhiêu?")
    assert answer.found and "1.012" in answer.answer, answer.answer
    assert answer.citations[0].document == "bao-cao-cam-lo-2024.docx"
    assert not (folder / ".tai-len").exists() or not any((folder / ".tai-len").iterdir())


def test_a_refused_upload_changes_nothing(kept: tuple[Assistant, DocumentDesk, Path], tmp_path: Path) -> None:
    assistant, desk, folder = kept
    before = _state(folder, assistant)
    bomb = write_docx(tmp_path / "bom.docx")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\x00" * 160 * MB)
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(b"%PDF-1.4 garbage that is no PDF")
    program = tmp_path / "bao-cao.docx"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    for path, message in [(bomb, "giải nén lớn bất thường"), (scanned, "PDF"), (program, "Không nhận loại tệp")]:
        outcome = desk.add(path, path.name)
        assert not outcome.ok and message in outcome.message, outcome.message
        assert outcome.to_dict() == {"error": outcome.message}
    assert _state(folder, assistant)[0] == before[0]
    assert assistant.store.published() == before[1]


def test_a_document_is_never_overwritten_without_saying_so(
        kept: tuple[Assistant, DocumentDesk, Path], tmp_path: Path) -> None:
    _, desk, folder = kept
    first = tmp_path / "ghi-chu.md"
    first.write_text("# Ghi chú\nXã A có 17 hộ nghèo vào cuối năm 2024.\n", "utf-8")
    assert desk.add(first, "../../ghi-chu.md").ok
    assert (folder / "ghi-chu.md").is_file() and not (tmp_path / "ghi-chu.md.meta.toml").exists()
    second = tmp_path / "moi" / "ghi-chu.md"
    second.parent.mkdir()
    second.write_text("# Ghi chú\nXã A có 15 hộ nghèo vào cuối năm 2024.\n", "utf-8")
    refused = desk.add(second, second.name)
    assert not refused.ok and "Đã có tài liệu tên «ghi-chu.md»" in refused.message
    assert "17 hộ" in (folder / "ghi-chu.md").read_text("utf-8")
    assert desk.add(second, second.name, replace=True).ok
    assert "15 hộ" in (folder / "ghi-chu.md").read_text("utf-8")


def test_a_removed_document_leaves_the_answers_and_is_kept_aside(kept: tuple[Assistant, DocumentDesk, Path],
                                                                 tmp_path: Path) -> None:
    assistant, desk, folder = kept
    upload = write_docx(tmp_path / "cam-lo.docx")
    assert desk.add(upload, upload.name, {"title": "Báo cáo Cam Lộ"}).ok
    outcome = desk.remove("cam-lo.docx")
    assert outcome.ok and "Đã xoá «cam-lo.docx»" in outcome.message
    assert "cam-lo.docx" not in {r.name for r in desk.documents()}
    assert (folder / ".da-xoa" / "cam-lo.docx").is_file() and not (folder / "cam-lo.docx").exists()
    assert not (folder / "cam-lo.docx.meta.toml").exists()
    assert all(c.document != "cam-lo.docx" for c in assistant.answers.ask("Số hộ cận nghèo năm 2024?").citations)
    missing = desk.remove("../so-ldtbxh-tong-ket-2024.txt")
    assert not missing.ok and "Không có tài liệu nào tên" in missing.message


# The file lock guards a local folder; on a Chroma server the lease lives on the server.
@pytest.mark.skipif(bool(os.environ.get("ASSISTANT_CHROMA_HOST")), reason="a local folder's lock")
def test_while_another_ingest_holds_the_lock_nothing_is_changed(
        kept: tuple[Assistant, DocumentDesk, Path], tmp_path: Path) -> None:
    assistant, desk, folder = kept
    before = _state(folder, assistant)
    other = FileIngestLock(assistant.settings.data_dir / "ingest.lock", None)
    other.acquire(0)
    try:
        added = desk.add(write_docx(tmp_path / "cam-lo.docx"), "cam-lo.docx")
        removed = desk.remove("so-ldtbxh-tong-ket-2024.txt")
    finally:
        other.release()
    assert (added.ok, added.message) == (False, BUSY) and (removed.ok, removed.message) == (False, BUSY)
    assert _state(folder, assistant) == before


def test_feedback_is_one_row_per_answer_newest_first_and_exports_safely(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "feedback.jsonl")
    cited = [{"n": 1, "title": "Báo cáo tổng kết 2024", "quote": "số hộ nghèo toàn tỉnh còn 20.498 hộ"}]
    log.record({"time": "2026-01-01T08:00:00+00:00", "rating": "up", "turn_id": "a",
                "question": "Toàn tỉnh còn bao nhiêu hộ nghèo?", "answer": "20.498 hộ [1]", "citations": cited})
    log.record({"time": "2026-01-02T08:00:00+00:00", "rating": "down", "turn_id": "b",
                "question": "Tỷ lệ thất nghiệp?", "answer": "Báo cáo không có thông tin.", "citations": []})
    log.record({"time": "2026-01-02T08:01:00+00:00", "rating": "down", "turn_id": "b", "kind": "comment",
                "comment": "=HYPERLINK(\"x\") thiếu số liệu", "question": "Tỷ lệ thất nghiệp?",
                "answer": "Báo cáo không có thông tin.", "citations": []})
    assert log.flush()
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write('{"torn line\n')
    rows = read_feedback(log.path)
    assert [(r.question, r.thumb) for r in rows] == [("Tỷ lệ thất nghiệp?", "👎"),
                                                     ("Toàn tỉnh còn bao nhiêu hộ nghèo?", "👍")]
    assert rows[0].comment.startswith("=HYPERLINK") and rows[1].citations[0].startswith("[1] Báo cáo tổng kết")
    assert [r.question for r in select(rows, only_down=True)] == ["Tỷ lệ thất nghiệp?"]
    assert [r.question for r in select(rows, query="ho ngheo")] == ["Toàn tỉnh còn bao nhiêu hộ nghèo?"]
    assert select(rows, only_down=True, query="hộ nghèo") == []
    with write_csv(rows, tmp_path / "gop-y.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][:3] == ["Thời gian", "Đánh giá", "Câu hỏi"] and len(table) == 3
    assert table[1][4].startswith("'=HYPERLINK")  # a spreadsheet shows it, never runs it
    assert read_feedback(tmp_path / "none.jsonl") == []
    assert json.loads(log.path.read_text("utf-8").splitlines()[0])["rating"] == "up"
