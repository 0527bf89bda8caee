"""Login throttling: after a few wrong passwords, wait; each further failure doubles the wait.

Counted per key (the middleware uses one key for the username and one for the
client address), so guessing one user's password from many addresses and
many users' passwords from one address are both slowed. A success clears the
keys it used. The clock is passed in, so tests need no sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class _Record:
    failures: int = 0
    blocked_until: float = 0.0
    last_seen: float = 0.0


class LoginThrottle:
    """How long each key must still wait; `failed`/`succeeded` after each checked attempt."""

    # Keys idle this long are forgotten, so a scan of made-up usernames cannot grow memory without end.
    FORGET_AFTER_S = 24 * 3600.0
    MAX_KEYS = 100_000

    def __init__(self, free_attempts: int = 5, first_delay_s: float = 30.0, max_delay_s: float = 900.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if free_attempts < 1 or first_delay_s <= 0 or max_delay_s < first_delay_s:
            raise ValueError("free_attempts >= 1 and 0 < first_delay_s <= max_delay_s")
        self.free_attempts = free_attempts
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, keys: Iterable[str]) -> float:
        """Seconds before any of `keys` may try again (0: go ahead)."""
        now = self._clock()
        with self._lock:
            waits = [record.blocked_until - now for key in keys if (record := self._records.get(key))]
        return max([0.0, *waits])

    def failed(self, keys: Iterable[str]) -> float:
        """Count a wrong password for every key; the wait it now imposes (0 while attempts remain)."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            self._forget_idle(now)
            for key in keys:
                record = self._records.setdefault(key, _Record())
                record.failures += 1
                record.last_seen = now
                beyond = record.failures - self.free_attempts
                if beyond >= 0:
                    delay = min(self.max_delay_s, self.first_delay_s * 2 ** min(beyond, 32))
                    record.blocked_until = max(record.blocked_until, now + delay)
                wait = max(wait, record.blocked_until - now)
        return wait

    def succeeded(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._records.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        if len(self._records) < self.MAX_KEYS:
            return
        for key in [k for k, r in self._records.items()
                    if now - r.last_seen > self.FORGET_AFTER_S and r.blocked_until <= now]:
            del self._records[key]
        if len(self._records) >= self.MAX_KEYS:  # still full: drop the oldest half
            for key in sorted(self._records, key=lambda k: self._records[k].last_seen)[: self.MAX_KEYS // 2]:
                del self._records[key]
