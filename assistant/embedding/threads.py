"""How many CPU threads torch embeds with: few while answering, all while ingesting.

One question at a time is a small matrix: a second thread only waits for a
core that another question (or program) holds. A batch of passages is large
enough to use every core.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def _thread_count(threads: int) -> int:
    return threads if threads > 0 else (os.cpu_count() or 1)


def set_torch_threads(threads: int) -> None:
    """Threads torch uses from now on (0: every core)."""
    import torch

    torch.set_num_threads(_thread_count(threads))


@contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    """Run a block with `threads` torch threads (0: every core), then restore the count.

    Does nothing when torch was never imported: then no torch model is embedding.
    """
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(_thread_count(threads))
    try:
        yield
    finally:
        torch.set_num_threads(before)
