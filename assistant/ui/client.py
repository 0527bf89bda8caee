"""Who is asking: the login when the page has one, else the client's address.

Fair shares, feedback limits and conversation ownership all key on this, so
one person's flood, or a stolen session hash, stays that person's problem.
"""

from __future__ import annotations

from typing import Any


def client_of(request: Any) -> str | None:
    """'login:<name>', 'address:<host>', or None when there is no request (handlers called directly)."""
    if request is None:
        return None
    username = getattr(request, "username", None)
    if username:
        return f"login:{username}"
    client = getattr(request, "client", None)
    host = getattr(client, "host", None)
    return f"address:{host}" if host else None


def session_of(request: Any) -> str | None:
    session = getattr(request, "session_hash", None) if request is not None else None
    return f"session:{session}" if session else None
