"""Checks on a file someone uploads before it may join the knowledge folder.

Nothing here trusts the upload: its type is read from its first bytes (the
name's suffix is replaced by the one the content calls for), its name is
reduced to a plain safe name, and the two ways a small file can cost
unbounded work are refused up front: a Word file (a zip) that unpacks to far
more than it weighs, and a PDF of thousands of pages. Every refusal is an
`UploadRefused` whose message is Vietnamese, for the person who uploaded.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

MAX_UNPACKED_BYTES = 150_000_000  # a Word file's parts, decompressed, all together
MAX_ZIP_ENTRIES = 5000
MAX_PDF_PAGES = 1000
_NAME_CHARS = re.compile(r"[^a-z0-9._-]+")
_DASHES = re.compile(r"-{2,}")
_TEXT_SUFFIXES = {".md": ".md", ".markdown": ".md"}


class UploadRefused(ValueError):
    """An upload that is not taken; the message (Vietnamese) says why."""


def safe_name(original: str, suffix: str) -> str:
    """A plain file name for `original`: no folders, no diacritics, lower case, `suffix` at the end."""
    base = re.split(r"[\\/]", original or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    plain = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = _DASHES.sub("-", _NAME_CHARS.sub("-", plain.replace(" ", "-"))).strip("-._")
    return f"{(plain or 'tai-lieu')[:80].rstrip('-._')}{suffix}"


def _is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or (start.startswith(b"<") and b"<html" in start)


def sniff_suffix(path: Path, original: str) -> str:
    """The suffix the content of `path` calls for: .pdf, .docx, .html, .md or .txt."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        raise UploadRefused("Tệp rỗng, không có nội dung.")
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        if _is_word(path):
            return ".docx"
        raise UploadRefused("Tệp nén này không phải văn bản Word (.docx); chỉ nhận .txt, .md, .pdf, .docx, .html.")
    if b"\x00" in head or head.startswith((b"\xd0\xcf\x11\xe0", b"\x7fELF", b"MZ")):
        raise UploadRefused("Không nhận loại tệp này; chỉ nhận .txt, .md, .pdf, .docx, .html "
                            "(tệp Word cũ .doc cần lưu lại thành .docx).")
    if _is_html(head):
        return ".html"
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut by the 8 KB boundary
            raise UploadRefused("Tệp văn bản không ở mã UTF-8; hãy lưu lại với mã UTF-8.") from None
    return _TEXT_SUFFIXES.get(Path(original or "").suffix.lower(), ".txt")


def _is_word(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def check_word(path: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a .docx that unpacks to more than `max_unpacked` bytes, counting what it really inflates to.

    The sizes a zip declares can lie, so every part is decompressed (and dropped) up to the limit.
    """
    too_big = UploadRefused(
        f"Tệp Word này khi giải nén lớn bất thường (hơn {max_unpacked // 1_000_000} MB); không nhận.")
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise UploadRefused(f"Tệp Word này có quá nhiều phần ({len(entries)}); không nhận.")
            if sum(entry.file_size for entry in entries) > max_unpacked:
                raise too_big
            total = 0
            for entry in entries:
                with package.open(entry) as part:
                    while block := part.read(1 << 20):
                        total += len(block)
                        if total > max_unpacked:
                            raise too_big
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as error:
        raise UploadRefused(f"Tệp Word bị hỏng, không mở được ({type(error).__name__}).") from None


def check_pdf(path: Path, max_pages: int = MAX_PDF_PAGES) -> None:
    """Refuse a PDF of more than `max_pages` pages before any page is read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = len(PdfReader(path).pages)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise UploadRefused("Tệp PDF bị hỏng hoặc không phải PDF.") from None
    if pages > max_pages:
        raise UploadRefused(f"Tệp PDF có {pages} trang, quá giới hạn {max_pages} trang; hãy tách thành "
                            "các tệp nhỏ hơn.")


def check_upload(path: Path, original: str, max_bytes: int) -> str:
    """Every check on an uploaded file; returns the safe name it may be stored under."""
    size = path.stat().st_size
    if size > max_bytes:
        raise UploadRefused(f"Tệp nặng {size / 1_000_000:.1f} MB, quá giới hạn {max_bytes / 1_000_000:g} MB.")
    suffix = sniff_suffix(path, original)
    if suffix == ".docx":
        check_word(path)
    elif suffix == ".pdf":
        check_pdf(path)
    return safe_name(original, suffix)


_REASONS = (
    ("no text layer", "Tệp PDF không có lớp chữ (bản scan?); cần nhận dạng chữ (OCR) trước khi đưa vào."),
    ("password", "Tệp PDF có mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."),
    ("encrypted", "Tệp PDF được mã hoá, không mở được."),
    ("holds no text", "Tệp không có chữ nào để đọc."),
    ("is empty", "Tệp rỗng, không có nội dung."),
    ("not valid TOML", "Thông tin mô tả (tiêu đề, đơn vị…) không hợp lệ."),
)


def read_error_message(reason: str) -> str:
    """A reader's (English) reason as the Vietnamese message the uploader sees."""
    for marker, message in _REASONS:
        if marker in reason:
            return message
    return f"Không đọc được nội dung tệp ({reason})."
