"""Checks an attacker would try on the open network, against a running app (with a login).

Oversized bodies before login (the server's memory watched), password guessing,
an oversized upload, the response headers and odd paths, one login flooding
while another asks, and hostile feedback. Each returns a plain dict with a
`failures` list, like bench/reliability.py. Traffic goes to 127.0.0.1 only and
every loop is bounded.
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from gradio_client import Client

from bench.page_protocol import PageSession
from bench.reliability import PROBE_QUESTION, login_cookie

MB = 1_000_000
OVERSIZED_ROUTES = ("/gradio_api/queue/join", "/gradio_api/call/ask", "/gradio_api/cancel", "/login")
HOSTILE_COMMENTS = [
    "chỉ một nửa cặp \ud800 surrogate",
    "dòng\u2028tách, đoạn\u2029tách, và\u0085NEL",
    "tab\x0bdọc, form\x0cfeed, \x1c\x1d\x1e, \r\n xuống dòng CRLF",
    "<script>alert(1)</script> NUL \x00 🙏🏽 \u202eđảo chiều",
    "hộ nghèo " * 250,
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


def send_oversized(url: str, path: str, size: int, chunked: bool = False, cookie: str | None = None,
                   content_type: str = "application/json", wrap: tuple[bytes, bytes] = (b"", b"")) -> dict[str, Any]:
    """POST `size` bytes (declared, or chunked with no length), reading the reply as soon as it comes.

    `wrap`: bytes sent before and after them (a multipart form's head and tail; declared only).
    A server that refuses early answers while the body is still being sent, then closes.
    """
    host, port = _address(url)
    head = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Type: {content_type}"]
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(wrap[0]) + size + len(wrap[1])}")
    if cookie:
        head.append(f"Cookie: {cookie}")
    piece = b"x" * MB
    framed = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if chunked else piece
    sent, reply = 0, b""
    with socket.create_connection((host, port), timeout=30) as sock:
        try:
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + wrap[0])
            while sent < size and not reply:
                if select.select([sock], [], [], 0)[0]:
                    reply = sock.recv(65536)
                    break
                part = framed if size - sent >= len(piece) or chunked else piece[: size - sent]
                sock.sendall(part)
                sent += len(piece) if part is framed else len(part)
            if not chunked and not reply:
                sock.sendall(wrap[1])
            if chunked and not reply:
                sock.sendall(b"0\r\n\r\n")
        except OSError:  # refused mid-body: the server closed the connection
            pass
        try:
            while b"\r\n\r\n" not in reply:
                data = sock.recv(65536)
                if not data:
                    break
                reply += data
        except OSError:
            pass
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/") else None
    return {"path": path, "chunked": chunked, "status": status, "sent_mb": round(sent / MB, 1)}


def oversized_bodies(url: str, pid: int, size_mb: int = 100) -> dict[str, Any]:
    """A `size_mb` body to each route at once, before login, and one chunked: 413s, little memory."""
    before = rss_mb(pid)
    peak = [before]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], rss_mb(pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    jobs = [(path, False) for path in OVERSIZED_ROUTES] + [("/gradio_api/queue/join", True)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        rows = list(pool.map(lambda job: send_oversized(url, job[0], size_mb * MB, job[1]), jobs))
    done.set()
    watcher.join()
    after = rss_mb(pid)
    growth = max(peak[0], after) - before
    failures = [f"{row['path']}{' (chunked)' if row['chunked'] else ''}: HTTP {row['status']}"
                for row in rows if row["status"] != 413]
    if growth >= 60:
        failures.append(f"server RSS grew {growth:.0f} MB")
    return {"size_mb": size_mb, "requests": rows, "rss_before_mb": round(before), "rss_peak_mb": round(peak[0]),
            "rss_after_mb": round(after), "rss_growth_mb": round(growth, 1), "failures": failures}


def _login_status(url: str, username: str, password: str) -> tuple[int, str]:
    host, port = _address(url)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("POST", "/login", urlencode({"username": username, "password": password}),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body
    finally:
        connection.close()


def login_guessing(url: str, auth: tuple[str, str], attempts: int = 30) -> dict[str, Any]:
    """`attempts` wrong passwords in a row, then the right one: 429s, and a reason in Vietnamese.

    Run it last: the client's address must wait afterwards, whoever logs in from it.
    """
    statuses, reason = [], ""
    for number in range(attempts):
        status, body = _login_status(url, auth[0], f"sai-{number}")
        statuses.append(status)
        if status == 429 and not reason:
            reason = json.loads(body).get("detail", "")
    right, _ = _login_status(url, *auth)
    counts = {str(code): statuses.count(code) for code in sorted(set(statuses))}
    failures = []
    if 429 not in statuses:
        failures.append(f"no 429 among {attempts} wrong passwords: {counts}")
    if any(code not in (400, 429) for code in statuses):
        failures.append(f"unexpected statuses {counts}")
    if right != 429:
        failures.append(f"the right password straight after was answered {right}, not 429")
    return {"attempts": attempts, "statuses": counts,
            "first_429": statuses.index(429) + 1 if 429 in statuses else None,
            "right_password_after": right, "reason": reason, "failures": failures}


def upload(url: str, auth: tuple[str, str], size_mb: float, limit_mb: float,
           temp_dir: Path | None = None) -> dict[str, Any]:
    """A logged-in upload of `size_mb` through Gradio's route: refused when over `limit_mb`, nothing kept."""
    boundary = "hostile-upload-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
            "Content-Type: text/plain\r\n\r\n")
    cookie = login_cookie(url, auth)
    row = send_oversized(url, "/gradio_api/upload", int(size_mb * MB), cookie=cookie,
                         content_type=f"multipart/form-data; boundary={boundary}",
                         wrap=(head.encode(), f"\r\n--{boundary}--\r\n".encode()))
    kept = [str(p) for p in temp_dir.rglob("*") if p.is_file() and p.stat().st_size > limit_mb * MB] \
        if temp_dir and temp_dir.is_dir() else []
    failures = [] if row["status"] == 413 else [f"a {size_mb} MB upload answered HTTP {row['status']}"]
    failures += [f"kept in the temporary folder: {path}" for path in kept]
    return {"size_mb": size_mb, "limit_mb": limit_mb, "status": row["status"], "kept": len(kept),
            "failures": failures}


def headers(url: str, auth: tuple[str, str]) -> dict[str, Any]:
    """Anti-framing headers on the page, no CORS for another origin, 400/404 for odd paths."""
    host, port = _address(url)
    cookie = login_cookie(url, auth)
    results: dict[str, Any] = {}

    def get(path: str, extra: dict[str, str] | None = None, method: str = "GET") -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.request(method, path, headers={"Cookie": cookie or "", **(extra or {})})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response

    page = get("/")
    results["x_frame_options"] = page.getheader("X-Frame-Options")
    results["csp_frame_ancestors"] = "frame-ancestors 'none'" in (page.getheader("Content-Security-Policy") or "")
    results["nosniff"] = page.getheader("X-Content-Type-Options") == "nosniff"
    foreign = {"Origin": "http://localhost:9999"}
    results["cors_foreign_origin"] = get("/config", foreign).getheader("Access-Control-Allow-Origin")
    results["cors_foreign_preflight"] = get("/gradio_api/queue/join", {
        **foreign, "Access-Control-Request-Method": "POST"}, "OPTIONS").getheader("Access-Control-Allow-Origin")
    odd = ["/gradio_api/proxy=http://127.0.0.1/a%00.png", "/gradio_api/file=/etc/passwd%00.png", "/%00",
           "/gradio_api/proxy=%2500", "/gradio_api/file=%ff%fe", "/gradio_api/upload_progress?upload_id=%00"]
    results["odd_paths"] = {path: get(path).status for path in odd}
    failures = []
    if results["x_frame_options"] != "DENY" or not results["csp_frame_ancestors"]:
        failures.append("the page may be framed by another site")
    if not results["nosniff"]:
        failures.append("no X-Content-Type-Options: nosniff")
    if results["cors_foreign_origin"] or results["cors_foreign_preflight"]:
        failures.append("CORS allows another origin")
    failures += [f"{path}: HTTP {status}" for path, status in results["odd_paths"].items() if status >= 500]
    return {**results, "failures": failures}


def flood(url: str, flooder: tuple[str, str], other: tuple[str, str], flood_at_once: int = 40,
          questions: int = 6, max_waves: int = 25) -> dict[str, Any]:
    """One login keeps `flood_at_once` questions in flight while another asks `questions`, one at a time."""
    question, figure = PROBE_QUESTION
    stop = threading.Event()
    sent = {"flood": 0, "flood_busy": 0}

    def keep_flooding() -> None:
        client = Client(url, auth=flooder, verbose=False)
        for _ in range(max_waves):
            if stop.is_set():
                return
            jobs = [client.submit(question, [], api_name="/ask") for _ in range(flood_at_once)]
            for job in jobs:
                result = job.result(timeout=600)
                sent["flood"] += 1
                sent["flood_busy"] += bool(result.get("busy"))

    flooding = threading.Thread(target=keep_flooding, daemon=True)
    asker = Client(url, auth=other, verbose=False)
    flooding.start()
    time.sleep(1.0)  # let the flood fill the line first (not a measurement)
    answered = busy = 0
    failures: list[str] = []
    for _ in range(questions):
        result = asker.predict(question, [], api_name="/ask")
        if result.get("busy"):
            busy += 1
        elif figure in result.get("answer", ""):
            answered += 1
        else:
            failures.append(f"unexpected reply {str(result)[:120]!r}")
    stop.set()
    flooding.join(600)
    if busy:
        failures.append(f"{busy} of {questions} questions from the other login were told busy")
    if not sent["flood_busy"]:
        failures.append("the flood was never told busy: no share was enforced")
    return {"flood_sent": sent["flood"], "flood_busy": sent["flood_busy"], "other_asked": questions,
            "other_answered": answered, "other_busy": busy, "failures": failures}


def hostile_feedback(url: str, auth: tuple[str, str], feedback_file: Path, spam: int = 20) -> dict[str, Any]:
    """Hostile comments, then a flood of them from one session: each thanked one is one parseable line."""
    before = feedback_file.read_bytes().count(b"\n") if feedback_file.is_file() else 0
    session = PageSession(url, login_cookie(url, auth))
    session.ask(PROBE_QUESTION[0])
    notes = [session.rate(1, False)]
    notes += [session.comment(text) for text in HOSTILE_COMMENTS]
    notes += [session.comment(f"góp ý lặp lại {n}") for n in range(spam)]
    thanked = sum("Cảm ơn bạn!" in note and "vui lòng chờ" not in note for note in notes)
    limited = sum("vui lòng chờ" in note for note in notes)
    raw = feedback_file.read_bytes() if feedback_file.is_file() else b""
    lines = raw.decode("utf-8", "replace").splitlines()[before:]
    parsed, failures = 0, []
    for line in lines:
        try:
            json.loads(line)
            parsed += 1
        except ValueError:
            failures.append(f"an unparseable line: {line[:80]!r}")
    if raw.count(b"\n") - before != len(lines):
        failures.append("splitlines() and '\\n' disagree on the number of records")
    if parsed != thanked:
        failures.append(f"{thanked} thanked but {parsed} records written")
    if not limited:
        failures.append(f"{len(notes)} records from one session and no rate limit")
    comments = [json.loads(line).get("comment") for line in lines if line.strip()]
    for text in HOSTILE_COMMENTS:
        wanted = text.replace("\ud800", "\ufffd").strip()[:2000]
        if wanted not in comments:
            failures.append(f"hostile comment lost: {text[:30]!r}")
    return {"sent": len(notes), "thanked": thanked, "limited": limited, "records": len(lines),
            "parseable": parsed, "failures": failures}
