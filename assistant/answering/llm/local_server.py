"""Serving an assembled GGUF in this process with xllamacpp (llama.cpp's own server).

xllamacpp is a prebuilt wheel, so nothing is compiled. `xllamacpp.Server`
loads the model and listens on the given host and port (0: any free one)
with the OpenAI protocol, on its own threads; the project's `openai` backend
talks to it unchanged. The server stops when the object is released, and
with the process, so there is no child process to leave behind.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_SPEC = "xllamacpp==2026.10.11549"
CONTEXT_TOKENS = 4096  # prompt (a few passages and examples) plus a short answer, with room to spare
_QUIET = 0  # llama.cpp's log verbosity: errors only, so the settings printed stay readable


def has_server() -> bool:
    return importlib.util.find_spec("xllamacpp") is not None


@contextmanager
def serving(model_path: Path, alias: str, host: str = "127.0.0.1", port: int = 0,
            threads: int = 0) -> Iterator[str]:
    """Serve `model_path` under the name `alias`; yields the base URL (…/v1) until the block ends."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path)
    params.model_alias = {alias}
    params.hostnames = [host]
    params.port = port
    params.n_ctx = CONTEXT_TOKENS
    params.verbosity = _QUIET
    if threads > 0:  # otherwise llama.cpp picks one thread a core
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
    server = xllamacpp.Server(params)
    try:
        yield server.listening_address.rstrip("/") + "/v1"
    finally:
        # The only reference: releasing it stops the HTTP threads and frees the model now,
        # not whenever the interpreter gets to it.
        del server
