"""Text PDFs with pypdf: one location per page, lines re-joined into paragraphs.

pypdf is pure Python, maintained, reads the ToUnicode maps that Vietnamese
fonts need, and decrypts PDFs that only carry an owner password. A PDF made of
scanned images has no text layer; it is refused with that reason rather than
indexed empty (OCR is out of scope).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assistant.ingestion.extracted import Extracted, ReadError
from assistant.ingestion.layout import TextBuilder

# pypdf warns about every small defect of real-world PDFs; the text is still fine.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_ENDS_PARAGRAPH = re.compile(r"[.!?…:;]['\"”’)\]]*$")
_STARTS_ITEM = re.compile(r"^(?:[-–•+*]|\d{1,2}[.)]|[IVXLC]{1,5}\.|[a-zđ][.)])\s")
_INFO_FIELDS = {
    "/Title": "title", "/Publisher": "publisher", "/Period": "period",
    "/Locality": "locality", "/URL": "url", "/Url": "url",
}


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def paragraphs_of_page(raw: str) -> list[str]:
    """Join the page's hard-wrapped lines back into paragraphs.

    A PDF stores lines, not paragraphs. A line continues the previous one
    unless that one ends a sentence or clause list, is an all-capitals
    heading, or the new line starts a list item.
    """
    paragraphs: list[str] = []
    for line in (" ".join(x.split()) for x in raw.splitlines()):
        if not line:
            continue
        joins = (
            paragraphs
            and not _ENDS_PARAGRAPH.search(paragraphs[-1])
            and not _is_heading(paragraphs[-1])
            and not _is_heading(line)
            and not _STARTS_ITEM.match(line)
        )
        if joins:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _metadata(reader: object) -> dict[str, object]:
    info = getattr(reader, "metadata", None)
    if not info:
        return {}
    found: dict[str, object] = {}
    for key, name in _INFO_FIELDS.items():
        value = info.get(key)
        if isinstance(value, str) and value.strip() and name not in found:
            found[name] = value.strip()
    author = info.get("/Author")
    if isinstance(author, str) and author.strip():
        found["authors"] = author.strip()
    try:
        created = info.creation_date
    except (ValueError, TypeError):
        created = None
    if created is not None:
        found["date"] = created.date().isoformat()
    return found


def read_pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("the PDF is password-protected")
        builder = TextBuilder()
        for number, page in enumerate(reader.pages, start=1):
            builder.start(f"trang {number}")
            for paragraph in paragraphs_of_page(page.extract_text() or ""):
                builder.line(paragraph)
        metadata = _metadata(reader)
    except (FileNotDecryptedError, DependencyError) as error:
        raise ReadError(f"the PDF is encrypted and cannot be opened ({error})") from error
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        if isinstance(error, ReadError):
            raise
        raise ReadError(f"the PDF is damaged or not a PDF ({type(error).__name__}: {error})") from error
    if not builder.text.strip():
        raise ReadError("the PDF has no text layer (a scanned image?); it needs OCR first")
    return Extracted(builder.text, metadata, tuple(builder.locations))
