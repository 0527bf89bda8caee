"""The int8 ONNX e5 model as a LangChain `Embeddings`: no torch, no transformers.

Start-up loads only the `tokenizers` tokenizer and an ONNX Runtime session,
a fraction of the time sentence-transformers needs. Questions run on one
session with few threads; passages (ingest) on a second one, made on first
use, with as many threads as ingest is given.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

MODEL_FILE = "model.int8.onnx"  # the quantised model inside its folder (onnx_export.py builds it)

MAX_TOKENS = 512
PAD_ID = 1  # XLM-RoBERTa's <pad>


class OnnxEncoder:
    """Texts to normalised vectors with one ONNX Runtime session."""

    def __init__(self, folder: Path, threads: int) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=PAD_ID, pad_token="<pad>")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads  # 0: ONNX Runtime's default, every core
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options,
                                                     providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        parts = []
        for start in range(0, len(texts), batch_size):
            encoded = self._tokenizer.encode_batch(texts[start:start + batch_size])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            parts.append(self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0])
        return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)


class OnnxEmbeddings(Embeddings):
    """e5 with its prefixes: "query: " before questions, "passage: " before passages."""

    def __init__(self, folder: Path, query_prefix: str, passage_prefix: str,
                 query_threads: int, document_threads: int) -> None:
        self.folder = folder
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self._document_threads = document_threads
        self._queries = OnnxEncoder(folder, query_threads)
        self._documents: OnnxEncoder | None = None
        self._lock = threading.Lock()

    def _document_encoder(self) -> OnnxEncoder:
        with self._lock:
            if self._documents is None:
                self._documents = OnnxEncoder(self.folder, self._document_threads)
            return self._documents

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._document_encoder().encode([self.passage_prefix + t for t in texts])
        result: list[list[float]] = vectors.tolist()
        return result

    def embed_query(self, text: str) -> list[float]:
        result: list[float] = self._queries.encode([self.query_prefix + text])[0].tolist()
        return result
