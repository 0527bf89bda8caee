"""The app as a user meets it: `python app.py` in a real process, a real Chromium.

One app serves every test of this folder (starting it loads the model and
indexes the knowledge folder). It runs with a login, as a deployment would;
the browser logs in once per page and the API clients pass the credentials.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bench.served import free_port as served_free_port
from bench.served import serve
from tests.conftest import KNOWLEDGE, ROOT

OUTPUT = ROOT / "test-output"
CHROMIUM = os.environ.get("ASSISTANT_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
USERS = (("kiemtra", "mat-khau-1"), ("canbo", "mk:2"))  # two pairs, one password with a colon
START_TIMEOUT_S = 600


def free_port(offset: int = 0) -> int:
    """ASSISTANT_TEST_UI_PORT (+ offset) when set, else any free port on 127.0.0.1."""
    wanted = os.environ.get("ASSISTANT_TEST_UI_PORT")
    if wanted:
        return int(wanted) + offset
    return served_free_port()


@dataclass(frozen=True)
class RunningApp:
    url: str
    data_dir: Path
    work_dir: Path  # the app's working folder, with a canary `.env` (see bench/served.py)
    log: Path
    seconds_to_serve: float  # `python app.py` until the server answers

    @property
    def credentials(self) -> tuple[str, str]:
        return USERS[0]

    def log_tail(self) -> str:
        return self.log.read_text("utf-8", errors="replace")[-4000:]


@pytest.fixture(scope="package")
def running_app(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[RunningApp]:
    settings = {
        "ASSISTANT_MODELS_DIR": str(models_dir),
        "ASSISTANT_KNOWLEDGE_DIR": str(KNOWLEDGE),
        "ASSISTANT_INDEX_NAME": f"ui{os.getpid()}",
        "ASSISTANT_AUTH": ",".join(f"{user}:{password}" for user, password in USERS),
    }
    with contextlib.ExitStack() as stack:
        try:
            app = stack.enter_context(serve(tmp_path_factory.mktemp("app"), settings, START_TIMEOUT_S, free_port()))
        except RuntimeError as error:
            pytest.fail(str(error))
        yield RunningApp(app.url, app.data_dir, app.work_dir, app.log, app.seconds_to_serve)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install -y chromium (as .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@dataclass
class PageVisit:
    """A browser tab on the app, with everything it requested and every dialog it opened."""

    page: Any
    requests: list[str]
    dialogs: list[str]


def log_in(page: Any, app: RunningApp, user: tuple[str, str] | None = None) -> None:
    user = user or app.credentials
    page.goto(app.url)
    page.locator("input[type=password], #o-cau-hoi textarea").first.wait_for(timeout=60_000)
    if page.locator("input[type=password]").count():
        page.locator("input[type=text]").fill(user[0])
        page.locator("input[type=password]").fill(user[1])
        page.locator("input[type=password]").press("Enter")
    page.locator("#o-cau-hoi textarea").wait_for(timeout=60_000)


def open_visit(browser: Any, width: int = 1280, height: int = 900) -> PageVisit:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    visit = PageVisit(page, [], [])
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("websocket", lambda socket_: visit.requests.append(socket_.url))

    def on_dialog(dialog: Any) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return visit


def foreign_requests(requests: list[str]) -> list[str]:
    """Requests that left the machine (anything but 127.0.0.1, data: and blob: URLs)."""
    return [url for url in requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]


@pytest.fixture
def visit(browser: Any, running_app: RunningApp) -> Iterator[PageVisit]:
    """A logged-in desktop tab; afterwards, nothing it requested may have left the machine."""
    tab = open_visit(browser)
    log_in(tab.page, running_app)
    yield tab
    tab.page.context.close()
    assert foreign_requests(tab.requests) == []
    assert tab.dialogs == []


def save_screenshot(page: Any, name: str) -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=True)
    return path
