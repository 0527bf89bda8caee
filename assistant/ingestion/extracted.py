"""What a reader of one file format gives back, and how it says a file cannot be read.

Every format's reader (readers.py, pdf.py, word.py, web.py) returns an
`Extracted` or raises `ReadError`; this module imports none of them, so the
registry in readers.py may import each format without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ReadError(ValueError):
    """A file that cannot be ingested; the message names the reason."""


@dataclass(frozen=True)
class Extracted:
    text: str
    metadata: dict[str, object] = field(default_factory=dict)
    locations: tuple[tuple[int, str], ...] = ()
