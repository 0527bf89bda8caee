"""A process that forks ingest runs on request, so a test can SIGKILL them at any moment.

    python -m tests.ingestion.ingest_worker     (settings from ASSISTANT_* variables)

Loading PyTorch and the model takes most of a fresh process's start, so this
worker loads them once (without running the model or opening Chroma, so that
forking is safe) and forks one child per "run" line on stdin. Each child is a
separate process doing a real ingest; the worker prints "started PID", then
"ended PID CODE" (negative CODE: killed by that signal).
"""

from __future__ import annotations

import os
import sys
import traceback

from assistant.embedding.model import build_embeddings
from assistant.factory import build_assistant
from assistant.settings import Settings


def _child(embeddings: object) -> None:
    try:
        assistant = build_assistant(Settings(), embeddings)  # type: ignore[arg-type]
        assistant.indexer.ingest(wait_seconds=60, progress=False)
        code = 0
    except BaseException:  # the parent reads the code; the trace goes to stderr
        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    os._exit(code)


def main() -> None:
    embeddings = build_embeddings(Settings())
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        pid = os.fork()
        if pid == 0:
            _child(embeddings)
        print(f"started {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"ended {pid} {code}", flush=True)


if __name__ == "__main__":
    main()
