"""A line for questions: a few answered at once, a few waiting, the rest told to come back.

Gradio's own queue would make a burst wait silently or fail with an English
error; this one lets the page say, in Vietnamese, "you are number 3 in line"
or "the assistant is busy, please try again".
"""

from __future__ import annotations

import threading
from collections import deque


class Ticket:
    """One question's place: admitted, or waiting behind others."""

    def __init__(self, line: Admission) -> None:
        self._line = line
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
    def __init__(self, concurrency: int, queue_size: int) -> None:
        if concurrency < 1 or queue_size < 0:
            raise ValueError("concurrency must be >= 1 and queue_size >= 0")
        self.concurrency = concurrency
        self.queue_size = queue_size
        self._running = 0
        self._waiting: deque[Ticket] = deque()
        self._changed = threading.Condition()

    def join(self) -> Ticket | None:
        """A ticket (maybe admitted at once), or None when the line is full."""
        ticket = Ticket(self)
        with self._changed:
            if self._running < self.concurrency and not self._waiting:
                self._running += 1
                ticket.admitted = True
            elif len(self._waiting) >= self.queue_size:
                return None
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
            if ticket.admitted:
                self._running -= 1
            else:
                self._waiting.remove(ticket)
            while self._running < self.concurrency and self._waiting:
                self._waiting.popleft().admitted = True
                self._running += 1
            self._changed.notify_all()
