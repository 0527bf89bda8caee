"""A process that forks ingest runs on request, so a test can SIGKILL them at any moment.

    python -m tests.ingestion.ingest_worker     (settings from ASSISTANT_* variables)

Importing PyTorch and sentence-transformers takes most of a fresh process's
start, so this worker imports them once and forks one child per "run" line on
stdin. It loads no model and opens no Chroma: loading the model starts a
tqdm monitor thread, and a fork taken while another thread holds a lock can
leave the child waiting on that lock forever (a CI run hung an hour on it).
Each child loads the model itself. Each child is a
separate process doing a real ingest; the worker prints "started PID", then
"ended PID CODE" (negative CODE: killed by that signal).
"""

from __future__ import annotations

import faulthandler
import os
import sys
import threading
import traceback

import sentence_transformers  # noqa: F401  (imported once here, before any fork)

from assistant.embedding.model import build_embeddings
from assistant.factory import build_assistant
from assistant.settings import Settings


def _child() -> None:
    # Should a run ever hang, its stack goes to stderr and it fails, rather than stalling the test.
    faulthandler.dump_traceback_later(900, exit=True)
    try:
        settings = Settings()
        assistant = build_assistant(settings, build_embeddings(settings))
        assistant.indexer.ingest(wait_seconds=60, progress=False)
        code = 0
    except BaseException:  # the parent reads the code; the trace goes to stderr
        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    os._exit(code)


def main() -> None:
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        # Forking is safe only while this process has no other thread.
        assert threading.active_count() == 1, [t.name for t in threading.enumerate()]
        pid = os.fork()
        if pid == 0:
            _child()
        print(f"started {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(f"ended {pid} {code}", flush=True)


if __name__ == "__main__":
    main()
