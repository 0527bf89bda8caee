"""`python app.py` as a separate process, the way a deployment runs it, for `make stress`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServedApp:
    url: str
    port: int
    data_dir: Path
    work_dir: Path  # the app's working folder: where it reads `.env`
    log: Path
    seconds_to_serve: float
    pid: int  # the app's process, for watching its memory

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def log_tail(self) -> str:
        return _tail(self.log)


def free_port(candidates: Iterable[int] = ()) -> int:
    """The first of `candidates` free on 127.0.0.1; any free port when none are given.

    RuntimeError when every candidate is taken.
    """
    wanted = list(candidates)
    for port in wanted or [0]:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError(f"no free port among {wanted[0]}-{wanted[-1]}")


def _tail(log: Path) -> str:
    return log.read_text("utf-8", errors="replace")[-4000:]


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextmanager
def serve(work_dir: Path, settings: dict[str, str], timeout_s: float = 900,
          port: int | None = None) -> Iterator[ServedApp]:
    """Start app.py with `work_dir` as its folder and ASSISTANT_* `settings`; stop it afterwards.

    `port`: where it listens (default: any free port on 127.0.0.1). RuntimeError, with the
    end of the app's log, if it exits or does not serve within `timeout_s`.

    The app reads `.env` from its working folder: a `.env` there holds a canary line,
    so a file route that served it would be caught by the probes.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    (work_dir / ".env").write_text("# canary-env-file: must never be served\n", "utf-8")
    data_dir = work_dir / "data"
    port = port or free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir),
           "ASSISTANT_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
           "GRADIO_SERVER_NAME": "127.0.0.1", "GRADIO_SERVER_PORT": str(port), **settings}
    env.setdefault("ASSISTANT_MODELS_DIR", str(ROOT / "data" / "models"))
    log = work_dir / "app.log"
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=work_dir, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        while not _serving(url):
            if process.poll() is not None:
                raise RuntimeError(f"app.py exited with {process.returncode}:\n{_tail(log)}")
            if time.monotonic() - started > timeout_s:
                raise RuntimeError(f"app.py did not serve within {timeout_s:.0f} s:\n{_tail(log)}")
            time.sleep(0.25)
        yield ServedApp(url, port, data_dir, work_dir, log, time.monotonic() - started, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
