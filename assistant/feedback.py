"""Readers' 👍/👎 and comments, appended to a JSON Lines file that staff review.

Writing happens on a background thread: a slow or full disk must never hold
up or break a chat, so `record` only queues the entry. It returns a future
that says whether the line was written, so the page thanks the reader only
for feedback that was kept (`write` waits for it, briefly).

Every entry becomes exactly one line, whatever the reader typed: lone
surrogates (which UTF-8 cannot encode) become U+FFFD, and the characters
other than "\\n" that `str.splitlines()` splits on are escaped, so the file
reads the same line by line in any tool.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")
# json.dumps escapes every control character below U+0020; these three it leaves as they are.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK = re.compile("[\u0085\u2028\u2029]")


def json_line(entry: dict[str, Any]) -> str:
    """`entry` as one line of JSON, '\\n' not included; ValueError/TypeError if it is not JSON at all."""
    text = json.dumps(entry, ensure_ascii=False, default=str)
    text = _SURROGATE.sub("\ufffd", text)
    # These characters appear only inside JSON strings, where \\uXXXX means the same character.
    return _LINE_BREAK.sub(lambda match: _LINE_BREAKS[match.group()], text)


class FeedbackLog:
    """One writer thread per file; entries are written in the order they were recorded."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: queue.Queue[tuple[str, Future[bool]] | threading.Event] = queue.Queue()
        self._writer: threading.Thread | None = None
        self._lock = threading.Lock()

    def record(self, entry: dict[str, Any]) -> Future[bool]:
        """Queue one entry; `time` (UTC, ISO 8601) is added when missing. Never raises.

        The future becomes True once the line is on disk, False if it could not be written.
        """
        written: Future[bool] = Future()
        try:
            line = json_line({"time": datetime.now(UTC).isoformat(timespec="seconds"), **entry})
        except (TypeError, ValueError) as error:
            log.warning("Feedback entry not recorded: %s", error)
            written.set_result(False)
            return written
        self._ensure_writer()
        self._pending.put((line, written))
        return written

    def write(self, entry: dict[str, Any], timeout: float = 5.0) -> bool:
        """Record and wait: True only if the entry was written within `timeout` seconds."""
        try:
            return self.record(entry).result(timeout)
        except FutureTimeout:
            return False

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until queued entries are written (for tests and shutdown)."""
        done = threading.Event()
        self._ensure_writer()
        self._pending.put(done)
        return done.wait(timeout)

    def _ensure_writer(self) -> None:
        with self._lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_forever, name="feedback-writer",
                                                daemon=True)
                self._writer.start()

    def _write_forever(self) -> None:
        while True:
            item = self._pending.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            line, written = item
            try:
                self._append(line)
                written.set_result(True)
            except Exception as error:  # the thread must outlive any one entry
                log.warning("Could not write feedback to %s: %s", self.path, error)
                written.set_result(False)

    def _append(self, line: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One write call per line with O_APPEND: lines from several app
        # processes sharing the file do not interleave.
        handle = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(handle, (line + "\n").encode("utf-8"))
        finally:
            os.close(handle)
