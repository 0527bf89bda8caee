"""Serve the chat page: `python app.py` (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT honoured)."""

from assistant.settings import Settings
from assistant.ui.server import launch

if __name__ == "__main__":
    launch(Settings())
