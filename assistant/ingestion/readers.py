"""Turn one file into text (and whatever metadata the file itself carries)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class ReadError(ValueError):
    """A file that cannot be ingested; the message names the reason."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, object] = field(default_factory=dict)
    locations: tuple[tuple[int, str], ...] = ()


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ReadError("the file is binary, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(f"the file is not UTF-8 text (byte {error.start})") from error


# TOML front matter between +++ lines, the Hugo convention, keeps one metadata
# syntax for sidecars and Markdown alike.
_FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.DOTALL)


def read_text(path: Path) -> Extracted:
    return Extracted(_decode(path))


def read_markdown(path: Path) -> Extracted:
    text = _decode(path).replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        return Extracted(text)
    try:
        metadata = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as error:
        raise ReadError(f"front matter is not valid TOML: {error}") from error
    return Extracted(text[match.end():], metadata)


READERS: dict[str, Callable[[Path], Extracted]] = {
    ".txt": read_text,
    ".md": read_markdown,
}
