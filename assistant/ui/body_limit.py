"""Refuse oversized request bodies before anything reads them, the login check included.

Gradio parses a request's body before it asks who sent it, so without a cap
one anonymous POST of a few hundred MB takes that much memory. This ASGI
middleware sits outside the app: a declared Content-Length over the limit
gets 413 at once, unread; a body without one (chunked) is counted as it
streams and refused the moment it passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "Yêu cầu quá lớn: máy chủ chỉ nhận tối đa {mb:g} MB mỗi lần gửi."


def _mb(size: int) -> float:
    return round(size / 1_000_000, 1)


async def send_json(send: Send, status: int, payload: Mapping[str, Any],
                    headers: Mapping[str, str] | None = None) -> None:
    """A whole small JSON response; `Connection: close` so the unread body is not parsed as a request."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    raw = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
           (b"connection", b"close")]
    raw += [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """ASGI middleware: at most `max_bytes` per body, `route_max_bytes[path]` for the few routes that need more."""

    def __init__(self, app: ASGIApp, max_bytes: int, route_max_bytes: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.route_max_bytes = dict(route_max_bytes or {})

    def limit_for(self, path: str) -> int:
        return self.route_max_bytes.get(path.rstrip("/") or "/", self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        refusal = {"detail": TOO_LARGE.format(mb=_mb(limit)), "max_bytes": limit}
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await send_json(send, 413, refusal)
            return
        if declared is not None or not _may_have_body(scope):
            # The server itself holds a request to its declared length.
            await self.app(scope, receive, send)
            return
        # No length given (chunked): read up to the limit here, then hand the app the bytes.
        # Cutting the app off mid-read instead would surface as a 500 from deep inside it.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await send_json(send, 413, refusal)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replay(b"".join(chunks), receive), send)


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives `body` whole, then whatever the client sends next (its disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later: the disconnect, when it comes

    return replayed


def _may_have_body(scope: Scope) -> bool:
    headers = dict(scope.get("headers", []))
    return b"transfer-encoding" in headers or scope.get("method") in ("POST", "PUT", "PATCH")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
