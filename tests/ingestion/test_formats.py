"""PDF, Word and web pages, written by the tests, read and answered with page or section."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.factory import Assistant
from assistant.ingestion.chunking import chunk_document
from assistant.ingestion.documents import load_document
from assistant.ingestion.readers import ReadError
from tests.ingestion.sample_files import FONT, write_docx, write_html, write_pdf

MakeAssistant = Callable[..., Assistant]

pytestmark = pytest.mark.skipif(not FONT.is_file(), reason="needs Debian's fonts-dejavu-core for Vietnamese PDFs")


def _chunk_with(document_text_holder: object, needle: str) -> str | None:
    for chunk in chunk_document(document_text_holder):  # type: ignore[arg-type]
        if needle in chunk.text:
            return chunk.location
    raise AssertionError(f"no chunk holds {needle!r}")


def test_pdf_text_is_vietnamese_with_page_numbers_and_file_metadata(tmp_path: Path) -> None:
    document = load_document(tmp_path, write_pdf(tmp_path / "gio-linh.pdf"))
    # Lines the PDF wrapped are one paragraph again, so a sentence is never cut at a line end.
    assert "số hộ nghèo toàn huyện còn 1.234 hộ, chiếm tỷ lệ 5,12%, giảm 1,8 điểm phần trăm so với đầu năm." \
        in document.text
    assert _chunk_with(document, "1.234 hộ") == "trang 2"
    assert _chunk_with(document, "312 căn nhà") == "trang 1"
    assert _chunk_with(document, "gần 48 tỷ đồng") == "trang 3"
    assert document.metadata.title == "Báo cáo giảm nghèo huyện Gio Linh 2024"
    assert document.metadata.date == "2025-01-10"
    assert document.metadata.authors == ("UBND huyện Gio Linh",)


def test_sidecar_wins_over_what_the_file_says(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "gio-linh.pdf")
    pdf.with_name("gio-linh.pdf.meta.toml").write_text(
        'title = "Báo cáo số 12/BC-UBND"\npublisher = "UBND huyện Gio Linh"\nperiod = "2024"\n'
        'locality = "huyện Gio Linh"\n', "utf-8")
    meta = load_document(tmp_path, pdf).metadata
    assert (meta.title, meta.publisher, meta.period, meta.locality, meta.date) == (
        "Báo cáo số 12/BC-UBND", "UBND huyện Gio Linh", "2024", "huyện Gio Linh", "2025-01-10")


def test_word_table_rows_keep_their_headers_and_sections(tmp_path: Path) -> None:
    document = load_document(tmp_path, write_docx(tmp_path / "cam-lo.docx"))
    lines = document.text.splitlines()
    assert "Tỷ lệ hộ nghèo | Năm 2023: 6,02% | Năm 2024: 4,61%" in lines
    assert "Số hộ cận nghèo | Năm 2023: 1.105 hộ | Năm 2024: 1.012 hộ" in lines
    assert "Chỉ tiêu" not in document.text  # the header row is in every row, not a line of its own
    assert _chunk_with(document, "4,61%") == "mục «Các chỉ tiêu chủ yếu», bảng 1"
    assert _chunk_with(document, "1.870 lao động") == "mục «Kết quả giải quyết việc làm»"
    assert _chunk_with(document, "dưới 4%") == "mục «Nhiệm vụ năm 2025»"
    assert document.metadata.title == "Báo cáo lao động việc làm huyện Cam Lộ năm 2024"
    assert document.metadata.date == "2024-12-20"


def test_web_page_keeps_the_article_and_drops_menus_ads_and_footer(tmp_path: Path) -> None:
    document = load_document(tmp_path, write_html(tmp_path / "hai-lang.html"))
    assert "Tỷ lệ nợ quá hạn được kiểm soát ở mức 0,12%, thấp hơn mức bình quân của toàn tỉnh." in document.text
    assert "số hộ nghèo của huyện Hải Lăng giảm còn 803 hộ" in document.text
    for noise in ("Trang chủ", "Thể thao", "QUẢNG CÁO", "1900.1234", "555 triệu", "Tin liên quan",
                  "999 lao động", "Giấy phép", "0233.3.888.999"):
        assert noise not in document.text, noise
    assert _chunk_with(document, "803 hộ") == "mục «Kết quả giảm nghèo»"
    meta = document.metadata
    assert meta.title == "Hải Lăng giải ngân 25 tỷ đồng vốn vay giải quyết việc làm"
    assert meta.publisher == "Báo Quảng Trị điện tử"
    assert meta.url == "https://baoquangtri.example/hai-lang-giai-ngan-von-vay.htm"
    assert meta.date == "2025-01-08"


def test_markdown_headings_are_sections(tmp_path: Path) -> None:
    note = tmp_path / "ghi-chu.md"
    note.write_text('+++\ntitle = "Ghi chú"\n+++\n# Việc làm\nNăm 2024 có 12 phiên giao dịch việc làm.\n\n'
                    "## Giảm nghèo\nSố hộ nghèo giảm 4.171 hộ.\n", "utf-8")
    document = load_document(tmp_path, note)
    assert document.metadata.title == "Ghi chú"
    assert _chunk_with(document, "4.171") == "mục «Giảm nghèo»"


def _scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # an image-like page: no text layer
    pdf.output(str(path))
    return path


def _encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(source))
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("hong.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8), "damaged"),
    ("khoa.pdf", lambda p: _encrypted_pdf(p, write_pdf(p.with_name("src.pdf.tmp"))), "password"),
    ("scan.pdf", _scanned_pdf, "no text layer"),
    ("rong.docx", lambda p: p.write_bytes(b""), "empty"),
    ("hong.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "Word"),
    ("menu.html", lambda p: p.write_text("<html><body><nav><a href='/'>Trang chủ</a></nav></body></html>",
                                         "utf-8"), "no article text"),
])
def test_unreadable_files_say_why(tmp_path: Path, name: str, make: Callable[[Path], object],
                                  reason: str) -> None:
    make(tmp_path / name)
    with pytest.raises(ReadError, match=reason):
        load_document(tmp_path, tmp_path / name)


def test_mixed_folder_answers_with_page_and_section(tmp_path: Path, make_assistant: MakeAssistant) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    write_pdf(folder / "gio-linh.pdf")
    write_docx(folder / "cam-lo.docx")
    write_html(folder / "hai-lang.html")
    (folder / "hai-lang.html.meta.toml").write_text('period = "2024"\nlocality = "huyện Hải Lăng"\n', "utf-8")
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "bang.xlsx").write_bytes(b"PK\x03\x04")
    with zipfile.ZipFile(folder / "rong.docx", "w"):
        pass
    assistant = make_assistant(folder, ingest=False)
    report = assistant.indexer.ingest(progress=False)
    assert sorted(report.added_documents) == ["cam-lo.docx", "gio-linh.pdf", "hai-lang.html"]
    assert {s.doc_id for s in report.skipped} == {"hong.pdf", "bang.xlsx", "rong.docx"}

    cases = [
        ("Số hộ nghèo toàn huyện còn bao nhiêu?", "1.234", "gio-linh.pdf", "trang 2"),
        ("Có bao nhiêu căn nhà được xây mới và sửa chữa?", "312", "gio-linh.pdf", "trang 1"),
        ("Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?", "4,61%", "cam-lo.docx", "mục «Các chỉ tiêu chủ yếu», bảng 1"),
        ("Tỷ lệ nợ quá hạn là bao nhiêu?", "0,12%", "hai-lang.html", "mục «Vốn vay đến đúng đối tượng»"),
    ]
    for question, figure, document, location in cases:
        answer = assistant.answers.ask(question)
        assert answer.found and figure in answer.answer, (question, answer.answer)
        cited = answer.citations[0]
        assert (cited.document, cited.location) == (document, location)
        assert figure in cited.quote
    web = assistant.answers.ask("Tỷ lệ nợ quá hạn là bao nhiêu?").citations[0]
    assert (web.publisher, web.date, web.period) == ("Báo Quảng Trị điện tử", "2025-01-08", "2024")
    assert web.url == "https://baoquangtri.example/hai-lang-giai-ngan-von-vay.htm"
    table = assistant.answers.ask("Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?")
    # The row says which figure is which year: 6,02% can never pass for 2024.
    assert "Năm 2024: 4,61%" in table.answer and "Năm 2023: 6,02%" in table.citations[0].quote

    # The skipped files are reported again without being re-read, and nothing is lost.
    again = assistant.indexer.ingest(progress=False)
    assert not again.changed and {s.doc_id for s in again.skipped} == {"hong.pdf", "bang.xlsx", "rong.docx"}
    assert not assistant.indexer.is_stale()
    assert again.chunks_total == report.chunks_total
