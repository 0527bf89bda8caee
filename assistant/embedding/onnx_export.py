"""An int8 ONNX copy of the provisioned e5 model, built and checked at provisioning.

The fp32 model (a sentence-transformers folder) is exported with mean pooling
and normalisation inside the graph, then its weights are quantised to int8
per channel with ONNX Runtime. The copy is used only if its vectors for the
reference texts stay within cosine `MIN_COSINE` of the fp32 model's; else
provisioning refuses it. Like the fp32 folder it is built beside its final
place and renamed into it after the check, with a marker written last.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from filelock import FileLock

from assistant.embedding.onnx_model import MODEL_FILE, OnnxEncoder
from assistant.embedding.provision import ProvisionError, reference_vectors, sha256_of

MARKER = "provisioned.json"
MIN_COSINE = 0.99


def is_built(folder: Path) -> bool:
    marker, model = folder / MARKER, folder / MODEL_FILE
    if not marker.is_file() or not model.is_file():
        return False
    try:
        recorded = json.loads(marker.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded.get("model_bytes") == model.stat().st_size)


def _export(source: Path, path: Path) -> None:
    import torch
    from transformers import XLMRobertaModel

    class Pooled(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=-1)

    model = XLMRobertaModel.from_pretrained(str(source), local_files_only=True).eval()
    ids = torch.tensor([[0, 100, 200, 2], [0, 5, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    axes = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
            "embedding": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(Pooled(model), (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                          output_names=["embedding"], dynamic_axes=axes, opset_version=17, dynamo=False)


def _quantise(fp32: Path, int8: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)


def fp32_cosine(source: Path, folder: Path) -> float:
    """Lowest cosine between the int8 copy's and the fp32 model's vectors for the reference texts."""
    from sentence_transformers import SentenceTransformer


    texts = list(reference_vectors())
    fp32 = SentenceTransformer(str(source), device="cpu", local_files_only=True)
    expected = fp32.encode(texts, normalize_embeddings=True).tolist()
    ours = OnnxEncoder(folder, threads=0).encode(texts).tolist()
    return min(sum(a * b for a, b in zip(x, y, strict=True)) for x, y in zip(ours, expected, strict=True))


def build_onnx(source: Path, folder: Path) -> Path:
    """Return a verified int8 ONNX folder for the fp32 model folder `source`, building it if needed."""
    if is_built(folder):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder.with_name(folder.name + ".lock"))):
        if not is_built(folder):
            _build(source, folder)
    return folder


def _build(source: Path, folder: Path) -> None:
    building = folder.with_name(f"{folder.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    try:
        _export(source, building / "model.fp32.onnx")
        _quantise(building / "model.fp32.onnx", building / MODEL_FILE)
        (building / "model.fp32.onnx").unlink()
        shutil.copyfile(source / "tokenizer.json", building / "tokenizer.json")
        cosine = fp32_cosine(source, building)
        if cosine < MIN_COSINE:
            raise ProvisionError(f"The int8 ONNX model strays from the fp32 one (cosine {cosine:.4f} "
                                 f"< {MIN_COSINE}); keep ASSISTANT_EMBEDDING_BACKEND=torch")
        (building / MARKER).write_text(json.dumps({
            "source_weights_sha256": sha256_of(source / "model.safetensors"),
            "model_bytes": (building / MODEL_FILE).stat().st_size,
            "fp32_cosine": round(cosine, 6),
        }, indent=2), encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)
