"""Start the chat page: build the assistant, make sure the index is current, serve.

The page is served by our own FastAPI app with Gradio mounted inside it, not by
`Blocks.launch`: launch puts Gradio's CORS middleware outermost, where a size
limit or a header of ours could not run first. Outside Gradio, in this order:
security headers (on every answer, refusals included), the body-size limit,
login throttling, and a CORS policy that lets no other origin in (a parent
app's CORSMiddleware also switches Gradio's own, which echoes any origin when
the page is not on localhost, off).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from assistant.settings import Settings

log = logging.getLogger(__name__)

# Gradio's own queue is a backstop behind the Admission line: generous, so the
# Vietnamese "busy" message is what a burst of questions meets.
_GRADIO_QUEUE_SLACK = 64
# Room for the multipart wrapping around an uploaded file.
_UPLOAD_OVERHEAD_BYTES = 1_000_000
UPLOAD_ROUTE = "/gradio_api/upload"


def mount_options(settings: Settings, credentials: list[tuple[str, str]]) -> dict[str, Any]:
    """Everything `gr.mount_gradio_app` needs for a private, offline, Vietnamese page."""
    from assistant.ui import page
    from assistant.ui.staff_html import STAFF_CSS

    return {
        "path": "/",
        "server_name": settings.server_name,
        "server_port": settings.server_port,
        "auth": credentials or None,
        "auth_message": page.LOGIN_MESSAGE if credentials else None,
        "max_file_size": int(settings.max_upload_mb * 1_000_000),
        "theme": page.theme(),
        "css": page.CSS + STAFF_CSS,
        "head": page.HEAD,
        "i18n": page.i18n(),
        "footer_links": ["api"],
        "show_error": False,
        "enable_monitoring": False,
        # Gradio would keep every question in the browser's storage for a "runs"
        # page: on a shared office computer the next person could read them.
        "run_history": False,
        "ssr_mode": False,
        "pwa": False,
        "mcp_server": False,
    }


def max_threads(settings: Settings) -> int:
    # Waiting questions hold a worker thread each (see Admission).
    return max(40, settings.ui_concurrency + settings.ui_queue_size + 16)


def queue_options(settings: Settings) -> dict[str, Any]:
    return {"default_concurrency_limit": 4,
            "max_size": settings.ui_concurrency + settings.ui_queue_size + _GRADIO_QUEUE_SLACK}


def web_app(demo: Any, settings: Settings, credentials: list[tuple[str, str]],
            temp_dir: str | None = None) -> Any:
    """The ASGI app to serve: `demo` mounted at / behind the guards described above.

    `temp_dir` is removed when the app shuts down (uvicorn ends a SIGTERM'd process by
    re-raising the signal, so cleanup after `uvicorn.run` would never run).
    """
    import gradio as gr
    from fastapi import FastAPI
    from starlette.middleware.cors import CORSMiddleware

    from assistant.ui.body_limit import BodyLimit
    from assistant.ui.headers import SecurityHeaders
    from assistant.ui.login_guard import LoginGuard
    from assistant.ui.throttle import LoginThrottle

    @asynccontextmanager
    async def remove_temp_dir(_: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if temp_dir:
                shutil.rmtree(temp_dir, ignore_errors=True)

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=remove_temp_dir)
    # add_middleware puts each one outside those added before it.
    app.add_middleware(CORSMiddleware, allow_origins=[], allow_credentials=False)
    if credentials:
        throttle = LoginThrottle(settings.login_free_attempts, settings.login_delay_seconds,
                                 max(settings.login_max_delay_seconds, settings.login_delay_seconds))
        app.add_middleware(LoginGuard, throttle=throttle)
    max_bytes = int(settings.max_request_mb * 1_000_000)
    upload_bytes = max(max_bytes, int(settings.max_upload_mb * 1_000_000) + _UPLOAD_OVERHEAD_BYTES)
    app.add_middleware(BodyLimit, max_bytes=max_bytes, route_max_bytes={UPLOAD_ROUTE: upload_bytes})
    app.add_middleware(SecurityHeaders)
    return gr.mount_gradio_app(app, demo, **mount_options(settings, credentials))


def _private_temp_dir() -> str | None:
    """A temporary folder of this process's own for Gradio's uploads, unless one is configured.

    Gradio's default (/tmp/gradio) is shared and outlives the app; this one is removed on stop.
    """
    if os.environ.get("GRADIO_TEMP_DIR"):
        return None
    folder = tempfile.mkdtemp(prefix="assistant-gradio-")
    os.environ["GRADIO_TEMP_DIR"] = folder
    return folder


def launch(settings: Settings) -> None:
    # Set before Gradio is imported: it reads these once, at import time.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        credentials = settings.credentials
        staff_logins = settings.staff_logins  # a staff login that cannot log in: stop and say so
    except ValueError as error:
        sys.exit(str(error))
    temp_dir = _private_temp_dir()
    try:
        _serve(settings, credentials, staff_logins, temp_dir)
    finally:
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


def _serve(settings: Settings, credentials: list[tuple[str, str]], staff_logins: frozenset[str],
           temp_dir: str | None) -> None:
    import uvicorn

    from assistant.factory import build_assistant
    from assistant.staff.library import DocumentDesk
    from assistant.ui.admission import Admission
    from assistant.ui.chat import build_ui
    from assistant.ui.staff_tabs import StaffTabs

    assistant = build_assistant(settings)
    report = assistant.ensure_index(progress=True)
    if report:
        log.warning("Indexed %d chunks from the knowledge folder", report.chunks_total)
    admission = Admission(settings.ui_concurrency, settings.ui_queue_size, settings.client_share)
    desk = DocumentDesk(assistant.store, assistant.indexer, settings.knowledge_dir,
                        int(settings.max_upload_mb * 1_000_000))
    staff = StaffTabs(desk, staff_logins, settings.feedback_path)
    demo = build_ui(assistant.answers, assistant.sources, assistant.feedback, admission, assistant.llm_status,
                    settings.feedback_per_minute, staff)
    demo.max_threads = max_threads(settings)
    demo.queue(**queue_options(settings))
    app = web_app(demo, settings, credentials, temp_dir)
    print(f"Serving the chat page on http://{settings.server_name}:{settings.server_port}/", flush=True)
    # uvicorn stops cleanly on SIGTERM/SIGINT, and Gradio deletes its cached files as it does.
    uvicorn.run(app, host=settings.server_name, port=settings.server_port, log_level="warning",
                timeout_graceful_shutdown=5)


@contextmanager
def served_in_thread(app: Any, host: str, port: int, timeout_s: float = 60.0) -> Iterator[None]:
    """Serve `app` from a background thread until the block ends (for in-process tests)."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(15)
