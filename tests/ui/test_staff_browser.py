"""Staff keep the knowledge base in headless Chromium; a citizen can neither see nor do it.

Against an app of its own (`python app.py`) over a copy of the knowledge folder, started with
ASSISTANT_AUTH="canbo:…,dan:…" ASSISTANT_ADMINS=canbo, as the issue's "done when" says.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client, handle_file

from bench.served import serve
from tests.conftest import KNOWLEDGE
from tests.ingestion.sample_files import write_docx
from tests.ui.conftest import (
    OUTPUT,
    START_TIMEOUT_S,
    RunningApp,
    foreign_requests,
    free_port,
    log_in,
    open_visit,
    save_screenshot,
)
from tests.ui.test_browser import ask, open_citation

pytestmark = pytest.mark.slow

STAFF, CITIZEN = ("canbo", "mk-can-bo"), ("dan", "mk:dan")
REPORT_TITLE = "Báo cáo lao động việc làm huyện Cam Lộ năm 2024"
# What a staff member sees change while a file is taken in, in order (see staff_html).
WATCH_STAGES = """() => {
  window.__stages = [];
  const box = document.querySelector('#tien-do');
  new MutationObserver(() => {
    const stage = box.querySelector('[data-stage]');
    if (stage && window.__stages.at(-1) !== stage.dataset.stage) window.__stages.push(stage.dataset.stage);
  }).observe(box, { subtree: true, childList: true, attributes: true });
}"""


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[tuple[RunningApp, Path]]:
    work = tmp_path_factory.mktemp("staff")
    knowledge = work / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    settings = {
        "ASSISTANT_MODELS_DIR": str(models_dir),
        "ASSISTANT_KNOWLEDGE_DIR": str(knowledge),
        "ASSISTANT_INDEX_NAME": f"staff{os.getpid()}",
        "ASSISTANT_AUTH": ",".join(f"{user}:{password}" for user, password in (STAFF, CITIZEN)),
        "ASSISTANT_ADMINS": STAFF[0],
    }
    try:
        with serve(work / "app", settings, START_TIMEOUT_S, free_port(3)) as app:
            yield RunningApp(app.url, app.data_dir, app.work_dir, app.log, app.seconds_to_serve), knowledge
    except RuntimeError as error:
        pytest.fail(str(error))


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _staff_page(browser: Any, app: RunningApp) -> Any:
    tab = open_visit(browser)
    log_in(tab.page, app, STAFF)
    tab.page.get_by_role("tab", name="Tài liệu").click()
    tab.page.locator("#bang-tai-lieu", has_text="so-ldtbxh-tong-ket-2024.txt").wait_for(timeout=30_000)
    return tab


def _choose(page: Any, path: Path) -> None:
    page.locator("#tep-bao-cao input[type=file]").set_input_files(str(path))


def test_staff_upload_a_word_report_watch_it_finish_and_get_its_figure_cited(
        browser: Any, staff_app: tuple[RunningApp, Path], tmp_path: Path) -> None:
    app, knowledge = staff_app
    tab = _staff_page(browser, app)
    page = tab.page
    _choose(page, write_docx(tmp_path / "Báo cáo Cam Lộ 2024.docx"))
    title = page.locator("#tl-tieu-de textarea")
    page.wait_for_function("t => document.querySelector('#tl-tieu-de textarea').value === t", arg=REPORT_TITLE,
                           timeout=30_000)
    assert title.input_value() == REPORT_TITLE
    page.locator("#tl-ky textarea").fill("2024")
    page.locator("#tl-dia-ban textarea").fill("huyện Cam Lộ")
    page.evaluate(WATCH_STAGES)
    page.get_by_role("button", name="Thêm vào kho tài liệu").click()
    done = page.locator('#tien-do [data-stage="done"]')
    done.wait_for(timeout=180_000)
    assert f"Đã thêm «{REPORT_TITLE}»" in done.inner_text()
    assert done.locator("progress").get_attribute("value") == done.locator("progress").get_attribute("max")
    stages = page.evaluate("window.__stages")
    assert stages[-1] == "done" and len(stages) >= 2, stages  # it showed progress before it finished
    row = page.locator("#bang-tai-lieu tr", has_text="bao-cao-cam-lo-2024.docx")
    row.wait_for()
    assert "huyện Cam Lộ" in row.inner_text() and "Đã đưa vào kho" in row.inner_text()
    assert (knowledge / "bao-cao-cam-lo-2024.docx").is_file()
    save_screenshot(page, "staff-documents.png")
    (OUTPUT / "staff-progress.txt").write_text(" → ".join(stages) + "\n", "utf-8")

    page.get_by_role("tab", name="Hỏi đáp").click()
    reply = ask(page, "Số hộ cận nghèo năm 2024 của huyện Cam Lộ là bao nhiêu?")
    assert "1.012" in reply.locator(".tra-loi > p").first.inner_text()
    panel = page.locator("#nguon-panel")
    open_citation(page, reply.locator(".tra-loi > p a.cite").first, panel.locator("mark.trich-dan"))
    assert REPORT_TITLE in panel.inner_text() and "1.012" in panel.inner_text()

    reply.hover()
    page.locator("#tro-chuyen").get_by_role("button", name="Chưa đúng / chưa hữu ích").last.click()
    page.get_by_text("Bạn có thể ghi thêm góp ý").first.wait_for()
    page.get_by_role("tab", name="Góp ý").click()
    page.get_by_label("Chỉ xem 👎").check()
    page.locator("#gop-y-bang tr", has_text="huyện Cam Lộ").wait_for(timeout=30_000)
    page.locator("#gy-tim textarea").fill("can ngheo cam lo")
    row = page.locator("#gop-y-bang tbody tr").first
    page.wait_for_function("() => document.querySelectorAll('#gop-y-bang tbody tr').length === 1")
    assert "👎" in row.inner_text() and "1.012" in row.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải xuống CSV").click()
    exported = Path(download.value.path()).read_text("utf-8-sig")
    assert "Số hộ cận nghèo năm 2024 của huyện Cam Lộ" in exported and "👎" in exported
    page.context.close()
    assert foreign_requests(tab.requests) == []


def test_a_citizen_sees_neither_tab_and_the_api_refuses(browser: Any, staff_app: tuple[RunningApp, Path],
                                                        tmp_path: Path) -> None:
    app, knowledge = staff_app
    tab = open_visit(browser)
    log_in(tab.page, app, CITIZEN)
    page = tab.page
    page.get_by_role("tab", name="Số liệu").wait_for()
    assert page.get_by_role("tab", name="Hỏi đáp").is_visible()
    assert not page.get_by_role("tab", name="Tài liệu").is_visible()
    assert not page.get_by_role("tab", name="Góp ý").is_visible()
    assert page.locator("#bang-tai-lieu, #gop-y-bang table").count() == 0
    page.context.close()

    before = _files(knowledge)
    citizen = Client(app.url, auth=CITIZEN, verbose=False)
    upload = write_docx(tmp_path / "cam-lo-dan.docx")
    refused = citizen.predict(handle_file(str(upload)), "Báo cáo", api_name="/add_document")
    assert set(refused) == {"error"} and "Chỉ cán bộ" in refused["error"]
    refused = citizen.predict("so-ldtbxh-tong-ket-2024.txt", api_name="/remove_document")
    assert set(refused) == {"error"} and "Chỉ cán bộ" in refused["error"]
    assert _files(knowledge) == before
    assert citizen.predict("Toàn tỉnh còn bao nhiêu hộ nghèo?", [], api_name="/ask")["found"]

    staff = Client(app.url, auth=STAFF, verbose=False)
    added = staff.predict(handle_file(str(upload)), "Báo cáo qua API", api_name="/add_document")
    assert added["document"] == "cam-lo-dan.docx" and added["status"] == "published" and added["chunks"] > 0
    assert staff.predict("cam-lo-dan.docx", api_name="/remove_document")["status"] == "published"
    # Removed files are kept aside, out of the index.
    assert set(_files(knowledge)) - set(before) == {".da-xoa/cam-lo-dan.docx", ".da-xoa/cam-lo-dan.docx.meta.toml"}


def test_a_hostile_file_is_refused_with_its_message_and_changes_nothing(
        browser: Any, staff_app: tuple[RunningApp, Path], tmp_path: Path) -> None:
    app, knowledge = staff_app
    bomb = write_docx(tmp_path / "bom.docx")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\x00" * 160_000_000)
    before = _files(knowledge)
    tab = _staff_page(browser, app)
    page = tab.page
    _choose(page, bomb)
    page.locator('#tien-do [data-stage="refused"]', has_text="giải nén lớn bất thường").wait_for(timeout=60_000)
    page.evaluate(WATCH_STAGES)
    page.get_by_role("button", name="Thêm vào kho tài liệu").click()
    # The click checks the file again (it may have been changed since it was chosen), and refuses it.
    page.wait_for_function("() => window.__stages.at(-1) === 'refused' && window.__stages.length > 1",
                           timeout=60_000)
    refused = page.locator('#tien-do [role=alert]')
    assert "giải nén lớn bất thường" in refused.inner_text() and refused.count() == 1
    assert _files(knowledge) == before
    assert "bom.docx" not in page.locator("#bang-tai-lieu").inner_text()
    page.context.close()
