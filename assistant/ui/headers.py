"""Headers every response carries, and a plain 400 for paths no route can mean.

The page must not be framed by another site (clickjacking), the browser must
not guess content types, and the page's own scripts are the only ones it may
run: Gradio's page needs inline scripts and `new Function` (for `js_on_load`),
inline styles and data:/blob: images; nothing at all from another origin,
which also keeps the page offline.

A NUL or another control character in a path reaches Gradio's routes as text
they do not expect (`/gradio_api/proxy=…%00.png` raised, answering 500 with a
traceback in the log); such a path is answered 400 here before any route sees it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.ui.body_limit import send_json

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

BAD_PATH = "Đường dẫn không hợp lệ."


def malformed(path: str) -> bool:
    """A path with a control character (NUL included) or one that is not a path at all."""
    return not path.startswith("/") or any(ord(char) < 0x20 or ord(char) == 0x7F for char in path)


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every HTTP response; 400 for a malformed path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        raw_path = scope.get("raw_path") or b""
        path = scope.get("path", "")
        # "%00" left in a decoded path is a double-encoded NUL that a route would decode again.
        if malformed(path) or "%00" in path or b"%00" in raw_path:
            await send_json(send_with_headers, 400, {"detail": BAD_PATH})
            return
        await self.app(scope, receive, send_with_headers)
