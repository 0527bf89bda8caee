"""The embedding model as a LangChain `Embeddings`, offline by default."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.embedding.provision import provision_e5
from assistant.embedding.threads import set_torch_threads
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings


class EmbeddingModelError(RuntimeError):
    """The configured model cannot be loaded; the message says what to do."""


def _prefixes(settings: Settings) -> tuple[str, str]:
    # e5 models were trained with these markers; others get none unless configured.
    is_e5 = "e5" in settings.embedding_model.lower()
    query = settings.query_prefix if settings.query_prefix is not None else ("query: " if is_e5 else "")
    passage = (
        settings.passage_prefix if settings.passage_prefix is not None else ("passage: " if is_e5 else "")
    )
    return query, passage


def model_location(settings: Settings) -> str:
    """A folder for the default model (built offline on first use), else the setting."""
    if settings.embedding_model == DEFAULT_EMBEDDING_MODEL:
        return str(provision_e5(settings.model_cache_dir / "multilingual-e5-small"))
    return settings.embedding_model


def uses_onnx(settings: Settings) -> bool:
    """The int8 ONNX copy exists only for the default model."""
    return settings.embedding_backend == "onnx" and settings.embedding_model == DEFAULT_EMBEDDING_MODEL


def onnx_location(settings: Settings) -> Path:
    """The verified int8 ONNX folder of the default model, built from the fp32 one if needed."""
    from assistant.embedding.onnx_export import build_onnx

    return build_onnx(Path(model_location(settings)), settings.model_cache_dir / "multilingual-e5-small-onnx-int8")


def embedding_key(settings: Settings) -> str:
    """A short name for the model and its prefixes, used to keep vectors apart."""
    query, passage = _prefixes(settings)
    identity = f"{settings.embedding_model}|{query}|{passage}"
    if uses_onnx(settings):  # int8 vectors are close to fp32's, not equal: never mixed in one index
        identity += "|onnx-int8"
    slug = re.sub(r"[^a-z0-9]+", "-", Path(settings.embedding_model).name.lower()).strip("-")
    return f"{slug[:30]}-{hashlib.sha256(identity.encode()).hexdigest()[:8]}"


def build_embeddings(settings: Settings) -> Embeddings:
    if uses_onnx(settings):
        return _onnx_embeddings(settings)
    # Answering: two torch threads on two busy cores queue behind each other; one question's
    # embedding measured 146 ms with two threads against 33 ms with one (README, Benchmark).
    from langchain_huggingface import HuggingFaceEmbeddings  # imports torch: only when used

    set_torch_threads(settings.embedding_threads)
    query, passage = _prefixes(settings)
    location = model_location(settings)
    try:
        return HuggingFaceEmbeddings(
            model_name=location,
            model_kwargs={"device": "cpu", "local_files_only": settings.offline},
            encode_kwargs={"prompt": passage, "normalize_embeddings": True, "batch_size": 32},
            query_encode_kwargs={"prompt": query, "normalize_embeddings": True},
        )
    except (OSError, ValueError) as error:
        hint = (
            "It is not in the local Hugging Face cache and downloads are off: "
            "set ASSISTANT_OFFLINE=false to allow them, or give a local folder."
            if settings.offline
            else "Check the name or the folder."
        )
        raise EmbeddingModelError(f"Cannot load embedding model '{location}'. {hint}") from error


def _onnx_embeddings(settings: Settings) -> Embeddings:
    from assistant.embedding.onnx_model import OnnxEmbeddings
    from assistant.embedding.provision import ProvisionError

    query, passage = _prefixes(settings)
    try:
        folder = onnx_location(settings)
    except (ProvisionError, ImportError, OSError) as error:
        raise EmbeddingModelError(
            f"Cannot use the ONNX embedding model: {error}. Set ASSISTANT_EMBEDDING_BACKEND=torch."
        ) from error
    return OnnxEmbeddings(folder, query, passage, settings.embedding_threads, settings.ingest_threads)
