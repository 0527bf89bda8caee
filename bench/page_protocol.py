"""The chat page's own events (ask, 👍/👎, comment) driven over HTTP, the way its script sends them.

These handlers are private (not callable through gradio_client), so hostile
feedback is sent like the browser sends it: POST /gradio_api/queue/join with
the event's function index, then read the answer from the session's event
stream. Only for 127.0.0.1 in `make stress` and the tests.
"""

from __future__ import annotations

import http.client
import json
import secrets
from typing import Any
from urllib.parse import urlsplit


class PageSession:
    """One browser session (one session hash) of a logged-in user."""

    def __init__(self, url: str, cookie: str | None, timeout: float = 120) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.headers = {"Cookie": cookie} if cookie else {}
        self.timeout = timeout
        self.session_hash = secrets.token_hex(6)
        config = json.loads(self._request("GET", "/config")[1])
        self._components = {c["id"]: c for c in config["components"]}
        self._dependencies = config["dependencies"]

    def _request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = {**self.headers, **({"Content-Type": "application/json"} if body is not None else {})}
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def _find(self, event: str, **props: str) -> tuple[int, int]:
        """(function index, trigger id) of the listener for `event` on the component with `props`."""
        for dependency in self._dependencies:
            for target, name in dependency["targets"]:
                component = self._components.get(target, {})
                if name == event and all(component.get("props", {}).get(k) == v for k, v in props.items()):
                    return int(dependency["id"]), int(target)
        raise LookupError(f"no {event} listener on a component with {props}")

    def _call(self, event: str, props: dict[str, str], data: list[Any], event_data: Any = None) -> list[Any]:
        fn_index, trigger = self._find(event, **props)
        body = json.dumps({"data": data, "fn_index": fn_index, "trigger_id": trigger, "event_data": event_data,
                           "session_hash": self.session_hash}).encode()  # ASCII escapes: any str goes
        status, reply = self._request("POST", "/gradio_api/queue/join", body)
        if status != 200:
            raise RuntimeError(f"queue/join: HTTP {status}: {reply[:200]!r}")
        event_id = json.loads(reply)["event_id"]
        return self._outcome(event_id)

    def _outcome(self, event_id: str) -> list[Any]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request("GET", f"/gradio_api/queue/data?session_hash={self.session_hash}",
                               headers=self.headers)
            response = connection.getresponse()
            for raw in response:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message.get("event_id") == event_id and message.get("msg") == "process_completed":
                    if not message.get("success"):
                        raise RuntimeError(f"event failed: {str(message)[:200]}")
                    return list(message["output"]["data"])
            raise RuntimeError("the event stream ended without an outcome")
        finally:
            connection.close()

    def ask(self, question: str) -> str:
        """The reply's HTML (the last chat message)."""
        messages = self._call("submit", {"elem_id": "o-cau-hoi"}, [question, None])[0]
        return str(messages[-1]["content"]) if isinstance(messages, list) and messages else ""

    def rate(self, message_index: int, liked: bool) -> str:
        """The note shown under the chat after 👍/👎."""
        outputs = self._call("like", {"elem_id": "tro-chuyen"}, [None],
                             {"index": message_index, "value": "", "liked": liked})
        return str(outputs[1] if len(outputs) > 1 else "")

    def comment(self, text: str) -> str:
        """The notice shown after «Gửi góp ý»."""
        outputs = self._call("click", {"value": "Gửi góp ý"}, [text, None, None])
        return str(outputs[2] if len(outputs) > 2 else "")
