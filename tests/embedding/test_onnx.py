"""The int8 ONNX backend: close to fp32, refused when it is not, never mixed with fp32 vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.embedding import onnx_export
from assistant.embedding.model import build_embeddings, embedding_key, onnx_location
from assistant.embedding.provision import ProvisionError
from assistant.factory import Assistant, build_assistant
from tests.conftest import ROOT, SettingsFactory

QUESTIONS = ["Tỷ lệ hộ nghèo năm 2024?", "ty le lao dong qua dao tao", "How many poor households remain?"]


@pytest.fixture(scope="module")
def onnx_embeddings(make_settings: SettingsFactory) -> Embeddings:
    return build_embeddings(make_settings(embedding_backend="onnx"))


def test_provisioning_records_a_verified_int8_copy(make_settings: SettingsFactory) -> None:
    folder = onnx_location(make_settings(embedding_backend="onnx"))
    recorded = json.loads((folder / onnx_export.MARKER).read_text("utf-8"))
    assert recorded["fp32_cosine"] >= onnx_export.MIN_COSINE
    assert (folder / onnx_export.MODEL_FILE).stat().st_size < 150 * 2**20  # int8, not fp32's 470 MB


@pytest.fixture(scope="module")
def torch_embeddings(make_settings: SettingsFactory) -> Embeddings:
    return build_embeddings(make_settings(embedding_backend="torch"))


def test_int8_vectors_stay_close_to_fp32(onnx_embeddings: Embeddings, torch_embeddings: Embeddings) -> None:
    embeddings = torch_embeddings
    for question in QUESTIONS:
        cosine = float(np.dot(onnx_embeddings.embed_query(question), embeddings.embed_query(question)))
        assert cosine >= 0.99, question
    passages = ["Toàn tỉnh còn 20.498 hộ nghèo (4,61%).", "Tỷ lệ lao động qua đào tạo đạt 74,62%."]
    for ours, theirs in zip(onnx_embeddings.embed_documents(passages), embeddings.embed_documents(passages),
                            strict=True):
        assert float(np.dot(ours, theirs)) >= 0.99


def test_the_onnx_backend_answers_with_the_cited_figure(make_settings: SettingsFactory,
                                                        onnx_embeddings: Embeddings) -> None:
    settings = make_settings(embedding_backend="onnx")
    assistant: Assistant = build_assistant(settings, onnx_embeddings)
    assistant.indexer.ingest(progress=False)
    answer = assistant.answers.ask("Toàn tỉnh còn bao nhiêu hộ nghèo?", [])
    assert "20.498" in answer.answer and "20.498" in answer.citations[0].quote


def test_onnx_and_torch_vectors_live_in_separate_indexes(make_settings: SettingsFactory) -> None:
    assert embedding_key(make_settings(embedding_backend="onnx")) != embedding_key(
        make_settings(embedding_backend="torch"))


def test_a_copy_that_strays_from_fp32_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_export(source: Path, path: Path) -> None:
        path.write_bytes(b"onnx")

    monkeypatch.setattr(onnx_export, "_export", fake_export)
    monkeypatch.setattr(onnx_export, "_quantise", lambda fp32, int8: int8.write_bytes(b"int8"))
    monkeypatch.setattr(onnx_export, "fp32_cosine", lambda source, folder: 0.95)
    source = tmp_path / "fp32"
    source.mkdir()
    (source / "tokenizer.json").write_text("{}", "utf-8")
    with pytest.raises(ProvisionError, match=r"0\.95"):
        onnx_export.build_onnx(source, tmp_path / "int8")
    assert not (tmp_path / "int8").exists()
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == ["fp32"]  # no half-built folder left


def test_the_onnx_backend_loads_no_torch(make_settings: SettingsFactory) -> None:
    settings = make_settings(embedding_backend="onnx")
    code = ("import sys\nfrom assistant.embedding.model import build_embeddings\n"
            "from assistant.settings import Settings\n"
            f"e = build_embeddings(Settings(embedding_backend='onnx', models_dir={str(settings.model_cache_dir)!r}))\n"
            "assert len(e.embed_query('hộ nghèo')) == 384\n"
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
