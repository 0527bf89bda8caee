"""Fair shares of the question line: how many places each client holds, and a cap on it.

Without a cap, one login sending questions 50 at a time keeps the whole line
full and everyone else is told "busy". With it, that login gets its share and
the rest of the line stays open to others. A client is a login, or the
client address when the page has no login.
"""

from __future__ import annotations

from collections import Counter


class Shares:
    """Places held per client. Not thread-safe on its own: Admission calls it under its lock."""

    def __init__(self, cap: int | None) -> None:
        if cap is not None and cap < 1:
            raise ValueError("cap must be >= 1 (or None for no cap)")
        self.cap = cap
        self._held: Counter[str] = Counter()

    def take(self, client: str | None) -> bool:
        """One more place for `client`; False when it already holds its share. None: no cap applies."""
        if client is None or self.cap is None:
            return True
        if self._held[client] >= self.cap:
            return False
        self._held[client] += 1
        return True

    def give_back(self, client: str | None) -> None:
        if client is None or self.cap is None or not self._held[client]:
            return
        self._held[client] -= 1
        if not self._held[client]:
            del self._held[client]  # idle clients cost no memory

    def held(self, client: str) -> int:
        return self._held[client]
