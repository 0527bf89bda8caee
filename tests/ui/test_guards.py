"""The ASGI guards in front of Gradio, around a stand-in app: what a client gets back."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Form, HTTPException, Request
from starlette.testclient import TestClient

from assistant.ui.body_limit import BodyLimit
from assistant.ui.headers import SecurityHeaders
from assistant.ui.login_guard import LoginGuard
from assistant.ui.throttle import LoginThrottle


def stand_in() -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    @app.post("/upload")
    async def echo(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    @app.post("/login")
    async def login(username: str = Form(""), password: str = Form("")) -> dict[str, bool]:
        if (username, password) != ("alice", "right"):
            raise HTTPException(400, "Incorrect credentials.")
        return {"success": True}

    @app.get("/")
    async def root() -> dict[str, str]:
        return {"page": "ok"}

    return app


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = stand_in()
    app.add_middleware(LoginGuard, throttle=LoginThrottle(free_attempts=3, first_delay_s=30, max_delay_s=60))
    app.add_middleware(BodyLimit, max_bytes=1000, route_max_bytes={"/upload": 5000})
    app.add_middleware(SecurityHeaders)
    with TestClient(app) as test_client:
        yield test_client


def test_bodies_over_the_limit_get_413_whether_declared_or_streamed(client: TestClient) -> None:
    assert client.post("/echo", content=b"x" * 1000).json() == {"received": 1000}
    declared = client.post("/echo", content=b"x" * 1001)
    assert declared.status_code == 413 and "MB" in declared.json()["detail"]
    streamed = client.post("/echo", content=iter([b"x" * 600, b"x" * 600]))  # chunked, no length
    assert streamed.status_code == 413
    assert client.post("/echo", content=iter([b"x" * 400, b"x" * 400])).json() == {"received": 800}
    assert client.post("/upload", content=b"x" * 4000).json() == {"received": 4000}  # its own limit
    assert client.post("/upload", content=b"x" * 5001).status_code == 413


def test_every_answer_carries_the_anti_framing_headers_and_nul_paths_get_400(client: TestClient) -> None:
    for response in (client.get("/"), client.post("/echo", content=b"x" * 2000), client.get("/a%00.png"),
                     client.get("/gradio_api/proxy=http://x/a%2500.png")):
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/a%00.png").status_code == 400
    assert client.get("/gradio_api/proxy=http://x/a%2500.png").status_code == 400


def test_wrong_passwords_meet_429_with_a_vietnamese_reason_and_the_right_one_waits_too(
        client: TestClient) -> None:
    codes = [client.post("/login", data={"username": "alice", "password": f"guess{n}"}).status_code
             for n in range(5)]
    assert codes == [400, 400, 400, 429, 429]
    refused = client.post("/login", data={"username": "alice", "password": "right"})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "vui lòng chờ" in refused.json()["detail"]
    # Gradio's own page sends the form as multipart: counted the same way.
    multipart = client.post("/login", files={"username": (None, "bob"), "password": (None, "x")})
    assert multipart.status_code == 429  # the same address is waiting


def test_a_success_resets_the_count(client: TestClient) -> None:
    for _ in range(2):
        assert client.post("/login", data={"username": "alice", "password": "wrong"}).status_code == 400
    assert client.post("/login", data={"username": "alice", "password": "right"}).status_code == 200
    codes = [client.post("/login", data={"username": "alice", "password": "wrong"}).status_code
             for _ in range(3)]
    assert codes == [400, 400, 400]
