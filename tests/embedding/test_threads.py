"""Answering embeds with few threads, ingest with every core; the count comes back afterwards."""

import os

import torch

from assistant.embedding.threads import set_torch_threads, torch_threads


def test_ingest_threads_apply_inside_the_block_and_the_serving_count_returns() -> None:
    set_torch_threads(1)
    with torch_threads(0):
        assert torch.get_num_threads() == (os.cpu_count() or 1)
    assert torch.get_num_threads() == 1
    try:
        with torch_threads(3):
            raise RuntimeError("an ingest that fails")
    except RuntimeError:
        pass
    assert torch.get_num_threads() == 1
