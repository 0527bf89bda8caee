"""A line for questions: a few answered at once, a few waiting, the rest told to come back.

Gradio's own queue would make a burst wait silently or fail with an English
error; this one lets the page say, in Vietnamese, "you are number 3 in line"
or "the assistant is busy, please try again". Each client (a login, or an
address) may hold at most its share of the line (see shares.py).
"""

from __future__ import annotations

import threading
from collections import deque

from assistant.ui.shares import Shares


class Ticket:
    """One question's place: admitted, or waiting behind others."""

    def __init__(self, line: Admission, client: str | None = None) -> None:
        self._line = line
        self.client = client
        self.admitted = False
        self.left = False

    def wait(self, timeout: float) -> bool:
        """True once admitted; False if still waiting after `timeout` seconds."""
        return self._line._wait(self, timeout)

    @property
    def ahead(self) -> int:
        """Questions waiting in front of this one (0 when admitted)."""
        return self._line._ahead(self)

    def leave(self) -> None:
        """Give the place back (done, stopped or abandoned); safe to call twice."""
        self._line._leave(self)

    def __enter__(self) -> Ticket:
        return self

    def __exit__(self, *_: object) -> None:
        self.leave()


class Admission:
    def __init__(self, concurrency: int, queue_size: int, client_share: int | None = None) -> None:
        if concurrency < 1 or queue_size < 0:
            raise ValueError("concurrency must be >= 1 and queue_size >= 0")
        self.concurrency = concurrency
        self.queue_size = queue_size
        self._running = 0
        self._waiting: deque[Ticket] = deque()
        self._shares = Shares(client_share)
        self._changed = threading.Condition()

    def join(self, client: str | None = None) -> Ticket | None:
        """A ticket (maybe admitted at once), or None when the line is full or `client` holds its share."""
        ticket = Ticket(self, client)
        with self._changed:
            free = self._running < self.concurrency and not self._waiting
            if (not free and len(self._waiting) >= self.queue_size) or not self._shares.take(client):
                return None
            if free:
                self._running += 1
                ticket.admitted = True
            else:
                self._waiting.append(ticket)
        return ticket

    @property
    def running(self) -> int:
        with self._changed:
            return self._running

    @property
    def waiting(self) -> int:
        with self._changed:
            return len(self._waiting)

    def _wait(self, ticket: Ticket, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: ticket.admitted or ticket.left, timeout) and ticket.admitted

    def _ahead(self, ticket: Ticket) -> int:
        with self._changed:
            return self._waiting.index(ticket) if ticket in self._waiting else 0

    def _leave(self, ticket: Ticket) -> None:
        with self._changed:
            if ticket.left:
                return
            ticket.left = True
            self._shares.give_back(ticket.client)
            if ticket.admitted:
                self._running -= 1
            else:
                self._waiting.remove(ticket)
            while self._running < self.concurrency and self._waiting:
                self._waiting.popleft().admitted = True
                self._running += 1
            self._changed.notify_all()
