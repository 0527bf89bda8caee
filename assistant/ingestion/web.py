"""Saved news articles (.html) with trafilatura: the article's text, not the page's.

trafilatura is a maintained main-content extractor that scores the page's
blocks and drops navigation, adverts, related-article lists and footers. Its
XML output keeps headings, paragraphs, list items and tables apart, so
headings become sections and tables keep their headers. Title, site name,
date and address come from the page's own meta tags.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from assistant.ingestion.extracted import Extracted, ReadError
from assistant.ingestion.layout import TextBuilder, section_label, table_label, table_lines

# trafilatura logs at WARNING for every page it finds thin; the caller reports skips itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_BLOCKS = {"p", "item", "quote", "code", "cell"}


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _table(builder: TextBuilder, table: Any, section: str | None) -> None:
    rows: list[list[str]] = []
    header: list[str] | None = None
    for row in table.iter("row"):
        cells = [_text(cell) for cell in row.iter("cell")]
        if header is None and not rows and all(c.get("role") == "head" for c in row.iter("cell")):
            header = cells
        else:
            rows.append(cells)
    builder.tables += 1
    builder.start(table_label(section, builder.tables))
    for line in table_lines(rows, header):
        builder.line(line)
    if section:
        builder.start(section)


def _walk(builder: TextBuilder, element: Any, section: str | None) -> str | None:
    for child in element:
        tag = child.tag
        if tag == "head":
            heading = _text(child)
            if heading:
                section = section_label(heading)
                builder.start(section)
                builder.line(heading)
        elif tag == "table":
            _table(builder, child, section)
        elif tag in _BLOCKS:
            builder.line(_text(child))
        else:
            section = _walk(builder, child, section)
    return section


def read_web_page(path: Path) -> Extracted:
    import trafilatura
    from lxml import etree

    # Bytes, not str: trafilatura reads the page's declared charset itself.
    html = path.read_bytes()
    if not html.strip():
        raise ReadError("the web page is empty")
    extracted = trafilatura.extract(
        html, output_format="xml", include_tables=True, include_comments=False,
        include_images=False, include_links=False, with_metadata=True,
    )
    if not extracted:
        raise ReadError("no article text found in the web page")
    try:
        root = etree.fromstring(extracted.encode("utf-8"))
    except etree.XMLSyntaxError as error:
        raise ReadError(f"the web page could not be parsed ({error})") from error
    builder = TextBuilder()
    for main in root.iter("main"):
        _walk(builder, main, None)
    metadata: dict[str, object] = {}
    for attribute, name in (("title", "title"), ("sitename", "publisher"), ("date", "date"),
                            ("url", "url"), ("author", "authors")):
        value = (root.get(attribute) or "").strip()
        if value:
            metadata[name] = value
    if not builder.text.strip():
        raise ReadError("no article text found in the web page")
    return Extracted(builder.text, metadata, tuple(builder.locations))
