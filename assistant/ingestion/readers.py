"""Turn one file into text (and whatever metadata the file itself carries).

Each format has its own module; this one holds the plain-text formats and the
registry by file suffix. The heavy parsers (pypdf, python-docx, trafilatura)
are imported only when a file of their kind is read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from assistant.ingestion.extracted import Extracted, ReadError

# Bump when what a reader extracts changes, so existing indexes are rebuilt.
READER_VERSION = "2"


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
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def read_text(path: Path) -> Extracted:
    return Extracted(_decode(path))


def _markdown_sections(text: str) -> tuple[tuple[int, str], ...]:
    from assistant.ingestion.layout import section_label

    return tuple((m.start(), section_label(m.group(1))) for m in _HEADING.finditer(text))


def read_markdown(path: Path) -> Extracted:
    text = _decode(path).replace("\r\n", "\n")
    metadata: dict[str, object] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            metadata = tomllib.loads(match.group(1))
        except tomllib.TOMLDecodeError as error:
            raise ReadError(f"front matter is not valid TOML: {error}") from error
        text = text[match.end():]
    return Extracted(text, metadata, _markdown_sections(text))


def read_pdf(path: Path) -> Extracted:
    from assistant.ingestion.pdf import read_pdf as read

    return read(path)


def read_word(path: Path) -> Extracted:
    from assistant.ingestion.word import read_word as read

    return read(path)


def read_web_page(path: Path) -> Extracted:
    from assistant.ingestion.web import read_web_page as read

    return read(path)


READERS: dict[str, Callable[[Path], Extracted]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".pdf": read_pdf,
    ".docx": read_word,
    ".html": read_web_page,
    ".htm": read_web_page,
}
