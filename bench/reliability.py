"""Checks against a running app: many sessions at once, a burst, bad input, path probes.

Each returns a plain dict (for the report and the JSON) with a `failures` list;
an empty list means the app behaved. `make stress` runs them at full size,
the tests at a smaller one.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from gradio_client import Client

from bench.abuse import BAD_QUESTIONS, LEAK_MARKERS
from bench.stats import summary

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = (ROOT / "tests" / "data" / "dev_qa.jsonl", ROOT / "tests" / "data" / "own_qa.jsonl")
PROBE_QUESTION = ("Toàn tỉnh còn bao nhiêu hộ nghèo?", "20.498")


def conversations() -> list[list[str]]:
    """Each example's earlier questions and its question, in file order."""
    found = []
    for path in QUESTION_FILES:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                found.append([*case.get("history", []), case["question"]])
    return found


def session_scripts(sessions: int, questions: int) -> list[list[str]]:
    """Each session's questions: whole conversations, follow-ups included, different per session."""
    pool = conversations()
    scripts = []
    for session in range(sessions):
        script: list[str] = []
        at = session * 7  # sessions start at different places in the pool
        while len(script) < questions:
            script += pool[at % len(pool)]
            at += 1
        scripts.append(script[:questions])
    return scripts


def _client(url: str, auth: tuple[str, str] | None) -> Client:
    return Client(url, auth=auth, verbose=False)


def load(url: str, auth: tuple[str, str] | list[tuple[str, str]] | None, sessions: int = 20, questions: int = 10,
         timeout_s: float = 1800) -> dict[str, Any]:
    """`sessions` clients at once, each asking its script through `/chat` (which keeps its history).

    `auth`: one login for all, or a list the sessions take in turn (as staff with their own
    logins would; one login holds at most its share of the line).

    The expected answers are asked first, one at a time, through `/ask` with the same
    earlier questions: an answer that differs under load has seen another session's
    history (or broken). Busy replies are counted, not failures, if the queue is small.
    """
    scripts = session_scripts(sessions, questions)
    logins = auth if isinstance(auth, list) else [auth]
    reference = _client(url, logins[0])
    expected: dict[tuple[str, ...], str] = {}
    for script in scripts:
        for index in range(len(script)):
            key = tuple(script[: index + 1])
            if key not in expected:
                expected[key] = reference.predict(script[index], list(script[:index]), api_name="/ask")["answer"]
    failures: list[str] = []
    latencies: list[float] = []
    busy = 0
    lock = threading.Lock()
    start = threading.Barrier(sessions)

    def run(session: int) -> None:
        nonlocal busy
        client = _client(url, logins[session % len(logins)])
        start.wait()
        asked: list[str] = []
        for question in scripts[session]:
            began = time.perf_counter()
            try:
                result = client.predict(question, api_name="/chat")
            except Exception as error:
                with lock:
                    failures.append(f"session {session}: {question!r}: {type(error).__name__}: {error}")
                return
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if result.get("busy"):
                    busy += 1
                    continue
                asked.append(question)
                wanted = expected.get(tuple(asked))
                if "error" in result or (wanted is not None and result.get("answer") != wanted):
                    failures.append(f"session {session}: {question!r} after {asked[:-1]}: got "
                                    f"{str(result.get('answer', result))[:160]!r}")

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        for future in [pool.submit(run, s) for s in range(sessions)]:
            future.result(timeout=timeout_s)
    return {"sessions": sessions, "questions_each": questions, "answers": len(latencies) - busy,
            "busy": busy, "wall_s": time.perf_counter() - began, "latency_s": summary(latencies),
            "failures": failures}


def burst(url: str, auth: tuple[str, str] | None, size: int) -> dict[str, Any]:
    """`size` questions submitted at once: each is answered right or told "busy"; then service resumes."""
    question, figure = PROBE_QUESTION
    client = _client(url, auth)
    jobs = [client.submit(question, [], api_name="/ask") for _ in range(size)]
    outcomes = {"answered": 0, "busy": 0}
    failures: list[str] = []
    for job in jobs:
        try:
            result = job.result(timeout=600)
        except Exception as error:
            failures.append(f"{type(error).__name__}: {error}")
            continue
        if result.get("busy"):
            outcomes["busy"] += 1
        elif figure in result.get("answer", ""):
            outcomes["answered"] += 1
        else:
            failures.append(f"unexpected reply {str(result)[:160]!r}")
    after = client.predict(question, [], api_name="/ask")
    if figure not in after.get("answer", ""):
        failures.append(f"after the burst: {str(after)[:160]!r}")
    if not outcomes["busy"]:
        failures.append(f"no 'busy' reply among {size} simultaneous questions")
    return {"sent": size, **outcomes, "answered_after": figure in after.get("answer", ""), "failures": failures}


def bad_input(url: str, auth: tuple[str, str] | None) -> dict[str, Any]:
    """Every bad question through `/ask`: a message or an answer, never a server error or echoed markup."""
    client = _client(url, auth)
    rows, failures = [], []
    for bad in BAD_QUESTIONS:
        try:
            result = client.predict(bad.text, [], api_name="/ask")
        except Exception as error:
            failures.append(f"{bad.name}: {type(error).__name__}: {error}")
            rows.append({"input": bad.name, "reply": f"{type(error).__name__}"})
            continue
        text = result.get("error") or result.get("answer", "")
        reply = "message" if "error" in result else ("answer" if result.get("found") else "refusal")
        rows.append({"input": bad.name, "reply": reply, "text": text[:120]})
        if not text.strip():
            failures.append(f"{bad.name}: empty reply")
        for forbidden in ("<script", "onerror", "evil.example", "javascript:", "99.999", "Traceback"):
            if forbidden in text:
                failures.append(f"{bad.name}: reply contains {forbidden!r}")
    # gradio_client cannot even encode a lone surrogate; a hand-written request can.
    raw = _raw_ask(url, login_cookie(url, auth), '"h\\u1ed9 ngh\\u00e8o \\ud800 c\\u00f2n bao nhi\\u00eau?"')
    question, figure = PROBE_QUESTION
    rows.append({"input": "lone surrogate (raw JSON)", "reply": "answer" if figure in raw else raw[:120]})
    if figure not in raw:
        failures.append(f"lone surrogate (raw JSON): {raw[:160]!r}")
    after = client.predict(question, [], api_name="/ask")
    if figure not in after.get("answer", ""):
        failures.append(f"the next question was not answered: {str(after)[:160]!r}")
    return {"inputs": rows, "failures": failures}


def _raw_ask(url: str, cookie: str | None, question_json: str) -> str:
    """POST /gradio_api/call/ask with a hand-made JSON body; the event stream's text."""
    headers = {"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})}
    connection = _connection(url, 120)
    connection.request("POST", "/gradio_api/call/ask", f'{{"data": [{question_json}, []]}}'.encode(), headers)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    if response.status != 200:
        return f"HTTP {response.status}: {body}"
    event_id = json.loads(body)["event_id"]
    connection.request("GET", f"/gradio_api/call/ask/{event_id}", headers=headers)
    return connection.getresponse().read().decode("utf-8", "replace")


def _connection(url: str, timeout: float = 30) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)


def login_cookie(url: str, auth: tuple[str, str] | None) -> str | None:
    if auth is None:
        return None
    connection = _connection(url, 30)
    body = urlencode({"username": auth[0], "password": auth[1]})
    connection.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    cookies = [value.split(";", 1)[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    return "; ".join(cookies) or None


def probes(url: str, paths: list[str], auth: tuple[str, str] | None) -> dict[str, Any]:
    """GET every path raw (no client-side normalisation), logged in if the app has a login."""
    cookie = login_cookie(url, auth)
    statuses: dict[int, int] = {}
    failures = []
    for path in paths:
        connection = _connection(url)
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        body = response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.status not in (400, 401, 403, 404) or any(marker in body for marker in LEAK_MARKERS):
            failures.append(f"{path}: HTTP {response.status}, {len(body)} bytes")
    return {"paths": len(paths), "logged_in": cookie is not None, "statuses": statuses, "failures": failures}


def cli_bad_input(env: dict[str, str], work_dir: Path) -> dict[str, Any]:
    """The same bad questions through `ask --batch`, plus invalid UTF-8 in the file and in argv."""
    question, figure = PROBE_QUESTION
    batch = work_dir / "bad-questions.jsonl"
    lines = [json.dumps({"id": bad.name, "question": bad.text}).encode() for bad in BAD_QUESTIONS]
    lines += [b'{"id": "invalid UTF-8", "question": "h\xff\xfe ngh\xe8o"}',
              b'{"id": "lone surrogate", "question": "h\\u1ed9 ngh\\u00e8o \\ud800 c\\u00f2n bao nhi\\u00eau?"}',
              json.dumps({"id": "next question", "question": question}).encode()]
    batch.write_bytes(b"\n".join(lines) + b"\n")
    command = [sys.executable, "-m", "assistant", "ask"]
    ran = subprocess.run([*command, "--batch", str(batch), "--json"], capture_output=True, env=env,
                         cwd=ROOT, timeout=900)
    out = ran.stdout.decode("utf-8", "replace").splitlines()
    err = ran.stderr.decode("utf-8", "replace")
    failures = []
    if len(out) != len(lines):
        failures.append(f"batch: {len(lines)} lines in, {len(out)} out")
    if "Traceback" in err:
        failures.append(f"batch: a traceback: {err[-400:]}")
    if not out or figure not in out[-1]:
        failures.append(f"batch: the last, ordinary question was not answered: {out[-1:]}")
    argv = [(b"\xff\xfe so ho ngheo con bao nhieu", 0, figure), (b"\xff\xfe", 2, "")]
    for raw, wanted_code, wanted_text in argv:
        # A command line is bytes: invalid UTF-8 reaches Python as lone surrogates.
        one = subprocess.run([*command, raw.decode("utf-8", "surrogateescape")], capture_output=True,
                             env=env, cwd=ROOT, timeout=900)
        text = one.stdout.decode("utf-8", "replace") + one.stderr.decode("utf-8", "replace")
        if one.returncode != wanted_code or wanted_text not in text or "Traceback" in text:
            failures.append(f"argv {raw!r}: exit {one.returncode}, {text[-300:]!r}")
    return {"batch_lines": len(lines), "batch_exit": ran.returncode, "failures": failures}
