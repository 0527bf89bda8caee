"""Start the chat page: build the assistant, make sure the index is current, serve."""

from __future__ import annotations

import logging
import os

from assistant.settings import Settings

log = logging.getLogger(__name__)


def launch(settings: Settings) -> None:
    # Set before Gradio is imported: it reads these once, at import time.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    import gradio as gr

    from assistant.factory import build_assistant
    from assistant.ui.chat import build_ui

    assistant = build_assistant(settings)
    report = assistant.ensure_index(progress=True)
    if report:
        log.warning("Indexed %d chunks from the knowledge folder", report.chunks_total)
    demo = build_ui(assistant.answers, assistant.llm_status)
    # System fonts only: the page must not fetch anything from the internet.
    theme = gr.themes.Default(font=["ui-sans-serif", "system-ui", "sans-serif"],
                              font_mono=["ui-monospace", "monospace"])
    demo.queue(default_concurrency_limit=2, max_size=64)
    demo.launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        theme=theme,
        footer_links=["api"],
        show_error=False,
    )
