"""Start the chat page: build the assistant, make sure the index is current, serve."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from assistant.settings import Settings

log = logging.getLogger(__name__)

# Gradio's own queue is a backstop behind the Admission line: generous, so the
# Vietnamese "busy" message is what a burst of questions meets.
_GRADIO_QUEUE_SLACK = 64


def launch_options(settings: Settings, credentials: list[tuple[str, str]]) -> dict[str, Any]:
    """Everything `Blocks.launch` needs for a private, offline, Vietnamese page."""
    from assistant.ui import page

    return {
        "server_name": settings.server_name,
        "server_port": settings.server_port,
        "auth": credentials or None,
        "auth_message": page.LOGIN_MESSAGE if credentials else None,
        # Waiting questions hold a worker thread each (see Admission).
        "max_threads": max(40, settings.ui_concurrency + settings.ui_queue_size + 16),
        "theme": page.theme(),
        "css": page.CSS,
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


def queue_options(settings: Settings) -> dict[str, Any]:
    return {"default_concurrency_limit": 4,
            "max_size": settings.ui_concurrency + settings.ui_queue_size + _GRADIO_QUEUE_SLACK}


def launch(settings: Settings) -> None:
    # Set before Gradio is imported: it reads these once, at import time.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        credentials = settings.credentials
    except ValueError as error:
        sys.exit(str(error))

    from assistant.factory import build_assistant
    from assistant.ui.admission import Admission
    from assistant.ui.chat import build_ui

    assistant = build_assistant(settings)
    report = assistant.ensure_index(progress=True)
    if report:
        log.warning("Indexed %d chunks from the knowledge folder", report.chunks_total)
    admission = Admission(settings.ui_concurrency, settings.ui_queue_size)
    demo = build_ui(assistant.answers, assistant.sources, assistant.feedback, admission, assistant.llm_status)
    demo.queue(**queue_options(settings))
    demo.launch(**launch_options(settings, credentials))
