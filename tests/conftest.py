"""Shared fixtures: the real embedding model, a real Chroma in a temp folder."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from assistant.embedding.model import build_embeddings
from assistant.factory import Assistant, build_assistant
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DEV_SET = ROOT / "tests" / "data" / "dev_qa.jsonl"

SettingsFactory = Callable[..., Settings]
_INDEX_NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def models_dir() -> Path:
    # Provisioning the model takes ~20 s, so one folder serves the whole run
    # (the project's own data/models unless told otherwise).
    return Path(os.environ.get("ASSISTANT_TEST_MODELS_DIR", ROOT / "data" / "models"))


@pytest.fixture(scope="session")
def make_settings(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> SettingsFactory:
    """Settings with a fresh data folder; ASSISTANT_* env vars (e.g. a Chroma server) still apply."""

    def make(knowledge_dir: Path = KNOWLEDGE, **overrides: Any) -> Settings:
        data_dir = tmp_path_factory.mktemp("data")
        # A unique index name keeps tests apart when they share one Chroma server.
        overrides.setdefault("index_name", f"t{os.getpid()}-{next(_INDEX_NUMBERS)}")
        return Settings(_env_file=None, knowledge_dir=knowledge_dir, data_dir=data_dir,  # type: ignore[call-arg]
                        models_dir=models_dir, **overrides)

    return make


@pytest.fixture(scope="session")
def embeddings(make_settings: SettingsFactory) -> Embeddings:
    return build_embeddings(make_settings())


@pytest.fixture(scope="session")
def make_assistant(make_settings: SettingsFactory, embeddings: Embeddings) -> Callable[..., Assistant]:
    """An assistant over a knowledge folder, sharing the loaded model."""

    def make(knowledge_dir: Path = KNOWLEDGE, ingest: bool = True, **overrides: Any) -> Assistant:
        assistant = build_assistant(make_settings(knowledge_dir, **overrides), embeddings)
        if ingest:
            assistant.indexer.ingest(progress=False)
        return assistant

    return make


@pytest.fixture(scope="session")
def assistant(make_assistant: Callable[..., Assistant]) -> Assistant:
    """The assistant over the project's knowledge folder."""
    return make_assistant()
