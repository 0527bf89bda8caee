"""At most N events per key in a sliding minute: the cap on feedback one session may send.

Keys that have been quiet for a whole window are dropped, so a stream of new
sessions costs memory only while they are active.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimit:
    def __init__(self, per_window: int, window_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if per_window < 1 or window_s <= 0:
            raise ValueError("per_window >= 1 and window_s > 0")
        self.per_window = per_window
        self.window_s = window_s
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, *keys: str) -> bool:
        """Count one event for every key, unless one of them is already at its limit (then count none)."""
        now = self._clock()
        with self._lock:
            self._prune(now)
            recent = [self._events.setdefault(key, deque()) for key in keys]
            if any(len(times) >= self.per_window for times in recent):
                return False
            for times in recent:
                times.append(now)
            return True

    def _prune(self, now: float) -> None:
        for key in list(self._events):
            times = self._events[key]
            while times and now - times[0] >= self.window_s:
                times.popleft()
            if not times:
                del self._events[key]
