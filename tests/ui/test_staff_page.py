"""The staff tabs' handlers and the staff API, no browser: staff may change the knowledge base, nobody else."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.factory import Assistant
from assistant.feedback import FeedbackLog
from assistant.staff.library import DocumentDesk
from assistant.ui.admission import Admission
from assistant.ui.chat import ChatPage
from assistant.ui.staff_tabs import NOT_STAFF, StaffTabs
from tests.conftest import KNOWLEDGE
from tests.ingestion.sample_files import write_docx

STAFF = SimpleNamespace(username="canbo", session_hash="s1", client=None)
CITIZEN = SimpleNamespace(username="nguoidan", session_hash="s2", client=None)


@pytest.fixture
def page(tmp_path: Path, make_assistant: Callable[..., Assistant]) -> tuple[ChatPage, Path]:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    assistant = make_assistant(folder)
    feedback = FeedbackLog(tmp_path / "feedback.jsonl")
    desk = DocumentDesk(assistant.store, assistant.indexer, folder, 10_000_000, wait_seconds=5)
    staff = StaffTabs(desk, frozenset({"canbo"}), feedback.path)
    return ChatPage(assistant.answers, assistant.sources, feedback, Admission(2, 4), staff=staff), folder


def last(outputs: Iterator[tuple[Any, ...]]) -> tuple[Any, ...]:
    *_, final = outputs
    return final


def test_only_staff_see_the_two_tabs(page: tuple[ChatPage, Path]) -> None:
    chat, _ = page
    for someone in (CITIZEN, None, SimpleNamespace(username=None, session_hash="s3", client=None)):
        documents_tab, feedback_tab, table, _, feedback, _ = chat.staff.show(someone)  # type: ignore[arg-type]
        assert (documents_tab.visible, feedback_tab.visible, table, feedback) == (False, False, "", "")
    documents_tab, feedback_tab, table, choice, feedback, download = chat.staff.show(STAFF)  # type: ignore[arg-type]
    assert documents_tab.visible and feedback_tab.visible
    assert "so-ldtbxh-tong-ket-2024.txt" in table and "Đã đưa vào kho" in table
    assert "so-ldtbxh-tong-ket-2024.txt" in [c[0] if isinstance(c, tuple) else c for c in choice.choices]
    assert "Không có góp ý nào" in feedback and download.value["orig_name"] == "gop-y.csv"


def test_a_citizen_changes_nothing_through_the_page_or_the_api(page: tuple[ChatPage, Path], tmp_path: Path) -> None:
    chat, folder = page
    before = sorted(p.name for p in folder.iterdir())
    upload = str(write_docx(tmp_path / "cam-lo.docx"))
    progress, *_ = last(chat.staff.add(upload, "Tiêu đề", "", "", "", "", "", False, CITIZEN))  # type: ignore[arg-type]
    assert NOT_STAFF in progress
    assert "Chỉ cán bộ" in last(chat.staff.remove("so-ldtbxh-tong-ket-2024.txt", CITIZEN))[0]  # type: ignore[arg-type]
    assert chat.add_document_api(upload, "Tiêu đề", CITIZEN) == {"error": NOT_STAFF}  # type: ignore[arg-type]
    assert chat.remove_document_api("so-ldtbxh-tong-ket-2024.txt", None) == {"error": NOT_STAFF}
    assert chat.staff.feedback(True, "", CITIZEN)[0] == ""  # type: ignore[arg-type]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_staff_add_with_a_progress_bar_then_remove(page: tuple[ChatPage, Path], tmp_path: Path) -> None:
    chat, folder = page
    upload = str(write_docx(tmp_path / "Cam Lộ.docx"))
    prefilled = chat.staff.prefill(upload, STAFF)  # type: ignore[arg-type]
    assert prefilled[0] == "Báo cáo lao động việc làm huyện Cam Lộ năm 2024" and prefilled[-1] == ""
    bars = [out[0] for out in chat.staff.add(upload, *prefilled[:6], False, STAFF)]  # type: ignore[arg-type]
    assert any("<progress" in bar for bar in bars[:-1])
    assert 'data-stage="done"' in bars[-1] and "Đã thêm «Báo cáo lao động việc làm" in bars[-1]
    assert (folder / "cam-lo.docx").is_file()
    again = chat.add_document_api(upload, None, STAFF)  # type: ignore[arg-type]
    assert "Đã có tài liệu tên «cam-lo.docx»" in again["error"]
    progress, table, *_ = last(chat.staff.remove("cam-lo.docx", STAFF))  # type: ignore[arg-type]
    assert "Đã xoá «cam-lo.docx»" in progress and "cam-lo.docx" not in table
    status = chat.add_document_api(upload, "Báo cáo Cam Lộ", STAFF)  # type: ignore[arg-type]
    assert status["document"] == "cam-lo.docx" and status["status"] == "published" and status["chunks"] > 0
    assert chat.remove_document_api("cam-lo.docx", STAFF)["status"] == "published"  # type: ignore[arg-type]
