"""Run a command against a real Chroma server started for it, then stop the server.

    python scripts/with_chroma_server.py [--port P] [--path DIR] -- COMMAND ...

Starts `chroma run` (from the chromadb package) on 127.0.0.1, waits until it
answers, runs COMMAND with ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT set,
stops the server and exits with COMMAND's exit code. Without --port a free
port is picked; without --path the data goes to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _chroma_executable() -> str:
    beside = Path(sys.executable).with_name("chroma")
    found = str(beside) if beside.is_file() else shutil.which("chroma")
    if not found:
        sys.exit("The `chroma` command was not found; install the chromadb package.")
    return found


def _wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"chroma run exited with code {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"chroma run did not answer on port {port} within {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--path", type=Path, default=None)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    port = args.port or _free_port()
    with tempfile.TemporaryDirectory(prefix="chroma-server-") as scratch:
        path = args.path or Path(scratch) / "data"
        log_path = Path(scratch) / "chroma.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [_chroma_executable(), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                stdout=log, stderr=subprocess.STDOUT,
            )
            try:
                _wait_ready(port, server)
                print(f"Chroma server on 127.0.0.1:{port} (data {path})", file=sys.stderr, flush=True)
                env = {**os.environ, "ASSISTANT_CHROMA_HOST": "127.0.0.1", "ASSISTANT_CHROMA_PORT": str(port)}
                return subprocess.call(command, env=env)
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
                if server.returncode not in (0, -signal.SIGTERM):
                    sys.stderr.write(log_path.read_text("utf-8", errors="replace")[-4000:])


if __name__ == "__main__":
    sys.exit(main())
