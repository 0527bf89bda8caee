"""The login route behind a throttle: wrong passwords are counted, and too many get 429.

An ASGI middleware around the app Gradio serves: it reads the login form
(already capped by BodyLimit), refuses the attempt with 429 and Retry-After
while the username or the client address must wait, and otherwise lets the
app check the password, counting its answer: 200 is a success, 400 a wrong
password. Gradio's login page shows nothing for a 429, so the page's login
message (page.LOGIN_MESSAGE) explains the wait in words.
"""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.ui.body_limit import replay, send_json
from assistant.ui.throttle import LoginThrottle

LOGIN_PATHS = ("/login", "/login/")
TOO_MANY = ("Bạn đã nhập sai mật khẩu nhiều lần. Vì an toàn, vui lòng chờ khoảng {wait} rồi thử lại; "
            "nếu quên mật khẩu, xin liên hệ cán bộ phụ trách.")


def _wait_text(seconds: float) -> str:
    if seconds < 90:
        return f"{math.ceil(seconds)} giây"
    return f"{math.ceil(seconds / 60)} phút"


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


async def _read_body(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _username(scope: Scope, body: bytes, receive: Receive) -> str:
    """The form's username (urlencoded from programs, multipart from Gradio's page); '' if unreadable."""
    try:
        form = await Request(scope, replay(body, receive)).form()
    except Exception:  # a malformed form: the app will refuse it; count it under no username
        return ""
    value = form.get("username")
    return value.strip().casefold() if isinstance(value, str) else ""


class LoginGuard:
    def __init__(self, app: ASGIApp, throttle: LoginThrottle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or scope.get("path") not in LOGIN_PATHS:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        if body is None:
            return
        keys = [f"user:{await _username(scope, body, receive)}", f"address:{client_address(scope)}"]
        wait = self.throttle.wait_seconds(keys)
        if wait > 0:
            await send_json(send, 429, {"detail": TOO_MANY.format(wait=_wait_text(wait))},
                            {"Retry-After": str(math.ceil(wait))})
            return
        status = 0

        async def watched_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, replay(body, receive), watched_send)
        if status == 200:
            self.throttle.succeeded(keys)
        elif status == 400:
            self.throttle.failed(keys)
