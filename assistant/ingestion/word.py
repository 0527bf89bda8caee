"""Word (.docx) files with python-docx: paragraphs and tables in reading order.

python-docx is the maintained reader of the Office Open XML format. Headings
start sections (cited as "mục «…»"); each table row becomes one line carrying
its column headers. Metadata comes from the core properties (title, author,
created), the company in the application properties, and custom properties
named like the sidecar fields (publisher, period, locality, url).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from assistant.ingestion.extracted import Extracted, ReadError
from assistant.ingestion.layout import TextBuilder, looks_like_header, section_label, table_label, table_lines

_CUSTOM_FIELDS = ("publisher", "period", "locality", "url", "date", "title")
_W_HEADER = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"


def _is_heading(paragraph: Any) -> bool:
    name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    return name.startswith("heading") or name == "title"


def _row_cells(row: Any) -> list[str]:
    # A merged cell is returned once per grid column it spans; keep it once.
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(cell.text)
    return cells


def _table(builder: TextBuilder, table: Any, section: str | None) -> None:
    rows = [_row_cells(row) for row in table.rows]
    if not rows:
        return
    marked = table.rows[0]._tr.find(f".//{_W_HEADER}") is not None
    header = rows[0] if marked or looks_like_header(rows[0]) else None
    builder.tables += 1
    builder.start(table_label(section, builder.tables))
    for line in table_lines(rows[1:] if header else rows, header):
        builder.line(line)
    if section:
        builder.start(section)


def _package_properties(path: Path) -> dict[str, object]:
    """The company (app.xml) and custom properties, which python-docx does not expose."""
    found: dict[str, object] = {}
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        if "docProps/app.xml" in names:
            for element in ElementTree.fromstring(package.read("docProps/app.xml")).iter():
                if element.tag.endswith("}Company") and (element.text or "").strip():
                    found["publisher"] = element.text.strip()  # type: ignore[union-attr]
        if "docProps/custom.xml" in names:
            for prop in ElementTree.fromstring(package.read("docProps/custom.xml")):
                name = (prop.get("name") or "").strip().lower()
                value = "".join(prop.itertext()).strip()
                if name in _CUSTOM_FIELDS and value:
                    found[name] = value
    return found


def _metadata(document: Any, path: Path) -> dict[str, object]:
    core = document.core_properties
    found: dict[str, object] = {}
    if (core.title or "").strip():
        found["title"] = core.title.strip()
    if (core.author or "").strip():
        found["authors"] = core.author.strip()
    if core.created is not None:
        found["date"] = core.created.date().isoformat()
    found.update(_package_properties(path))
    return found


def read_word(path: Path) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
        builder = TextBuilder()
        section: str | None = None
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                _table(builder, block, section)
            elif _is_heading(block) and block.text.strip():
                section = section_label(block.text)
                builder.start(section)
                builder.line(block.text)
            else:
                builder.line(block.text)
        metadata = _metadata(document, path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError) as error:
        raise ReadError(f"not a readable Word .docx file ({type(error).__name__}: {error})") from error
    if not builder.text.strip():
        raise ReadError("the Word file holds no text")
    return Extracted(builder.text, metadata, tuple(builder.locations))
