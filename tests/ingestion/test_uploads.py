"""Uploaded files are judged by their content, named safely, and refused when hostile."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from assistant.ingestion.uploads import UploadRefused, check_pdf, check_upload, check_word, safe_name
from tests.ingestion.sample_files import write_docx

MB = 1_000_000


@pytest.mark.parametrize(("original", "suffix", "expected"), [
    ("../../etc/passwd", ".txt", "passwd.txt"),
    ("/abs/path/report.txt", ".txt", "report.txt"),
    ("C:\\Users\\cb\\Báo cáo Quý I – Đông Hà.docx", ".docx", "bao-cao-quy-i-dong-ha.docx"),
    (".env", ".txt", "env.txt"),
    ("...", ".md", "tai-lieu.md"),
    ("x" * 300 + ".pdf", ".pdf", "x" * 80 + ".pdf"),
])
def test_names_are_reduced_to_plain_names_inside_the_folder(original: str, suffix: str, expected: str) -> None:
    assert safe_name(original, suffix) == expected


def test_the_type_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    word = write_docx(tmp_path / "bao-cao.pdf")  # a Word file with a PDF's name
    assert check_upload(word, "bao-cao.pdf", 10 * MB) == "bao-cao.docx"
    page = tmp_path / "tin.txt"
    page.write_text("<!doctype html><html><head><title>Tin</title></head><body>…</body></html>", "utf-8")
    assert check_upload(page, "tin.txt", MB) == "tin.html"
    notes = tmp_path / "ghi-chu.md"
    notes.write_text("# Ghi chú\nSố hộ nghèo còn 12 hộ.", "utf-8")
    assert check_upload(notes, "ghi-chu.md", MB) == "ghi-chu.md"


@pytest.mark.parametrize(("content", "message"), [
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "Không nhận loại tệp này"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc cần lưu lại thành .docx"),
    ("Số hộ nghèo".encode("cp1258", errors="replace") + b"\xff\xfe" * 40, "UTF-8"),
    (b"", "Tệp rỗng"),
])
def test_files_that_are_not_documents_are_refused_in_vietnamese(tmp_path: Path, content: bytes,
                                                                 message: str) -> None:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(content)
    with pytest.raises(UploadRefused, match=message):
        check_upload(path, "bao-cao.pdf", MB)


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    path.write_bytes(b"a" * (2 * MB))
    with pytest.raises(UploadRefused, match="quá giới hạn 1 MB"):
        check_upload(path, "lon.txt", MB)


def test_a_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bang.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UploadRefused, match="không phải văn bản Word"):
        check_upload(path, "bang.docx", MB)


def test_a_word_file_that_inflates_to_an_absurd_size_is_refused(tmp_path: Path) -> None:
    bomb = write_docx(tmp_path / "bom.docx")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\x00" * (3 * MB))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(UploadRefused, match="giải nén lớn bất thường"):
        check_word(bomb, max_unpacked=2 * MB)
    check_word(bomb, max_unpacked=5 * MB)  # the same file under a limit it fits


def test_a_word_file_that_lies_about_its_sizes_is_refused_too(tmp_path: Path) -> None:
    bomb = write_docx(tmp_path / "bom.docx")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", b"\x00" * (3 * MB))
    raw = bytearray(bomb.read_bytes())
    # Rewrite the central directory's uncompressed size of the last entry to 1 byte.
    with zipfile.ZipFile(bomb) as package:
        header = package.infolist()[-1]
    central = raw.rfind(b"PK\x01\x02" + raw[header.header_offset + 4:header.header_offset + 8])
    raw[central + 24:central + 28] = (1).to_bytes(4, "little")
    bomb.write_bytes(bytes(raw))
    with pytest.raises(UploadRefused):
        check_word(bomb, max_unpacked=2 * MB)


def test_a_pdf_of_thousands_of_pages_is_refused_before_reading_them(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(1500):
        writer.add_blank_page(width=200, height=200)
    path = tmp_path / "rong.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UploadRefused, match="1500 trang, quá giới hạn 1000 trang"):
        check_upload(path, "rong.pdf", 10 * MB)
    check_pdf(path, max_pages=2000)
