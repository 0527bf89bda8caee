"""Real PDF, Word and web-page files written by the tests themselves.

The PDF embeds DejaVu Sans (Debian's fonts-dejavu-core) because the standard
PDF fonts have no Vietnamese letters.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PDF_PAGES = [
    "BÁO CÁO KẾT QUẢ CÔNG TÁC GIẢM NGHÈO NĂM 2024\n"
    "Năm 2024, công tác giảm nghèo trên địa bàn huyện Gio Linh được triển khai đồng bộ, huy động "
    "sự tham gia của cả hệ thống chính trị và người dân, với nhiều mô hình sinh kế phù hợp.\n"
    "Toàn huyện đã hỗ trợ xây mới và sửa chữa 312 căn nhà cho hộ nghèo, hộ có hoàn cảnh khó khăn.",
    "Đến cuối năm, số hộ nghèo toàn huyện còn 1.234 hộ, chiếm tỷ lệ 5,12%, giảm 1,8 điểm phần trăm "
    "so với đầu năm. Số hộ cận nghèo còn 987 hộ.\n"
    "Công tác đào tạo nghề cho lao động nông thôn đạt 2.450 người, vượt 15% kế hoạch năm.",
    "Về chính sách người có công, huyện đã chi trả trợ cấp ưu đãi hằng tháng cho 3.456 đối tượng "
    "với tổng kinh phí gần 48 tỷ đồng, bảo đảm đúng, đủ và kịp thời.",
]


def write_pdf(path: Path, pages: list[str] = PDF_PAGES, title: str = "Báo cáo giảm nghèo huyện Gio Linh 2024",
              author: str = "UBND huyện Gio Linh") -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creation_date(dt.datetime(2025, 1, 10, tzinfo=dt.UTC))
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 7, text)
    pdf.output(str(path))
    return path


def write_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "Báo cáo lao động việc làm huyện Cam Lộ năm 2024"
    document.core_properties.author = "Phòng Lao động - Thương binh và Xã hội huyện Cam Lộ"
    document.core_properties.created = dt.datetime(2024, 12, 20)
    document.add_heading("Báo cáo lao động việc làm năm 2024", level=0)
    document.add_paragraph("Năm 2024, huyện Cam Lộ tiếp tục triển khai các chương trình việc làm cho người lao động.")
    document.add_heading("Kết quả giải quyết việc làm", level=1)
    document.add_paragraph(
        "Trong năm, toàn huyện đã giải quyết việc làm mới cho 1.870 lao động, trong đó có 215 người "
        "đi làm việc ở nước ngoài theo hợp đồng.")
    document.add_heading("Các chỉ tiêu chủ yếu", level=1)
    document.add_paragraph("Bảng dưới đây tổng hợp các chỉ tiêu giảm nghèo của huyện.")
    table = document.add_table(rows=4, cols=3)
    rows = [("Chỉ tiêu", "Năm 2023", "Năm 2024"),
            ("Tỷ lệ hộ nghèo", "6,02%", "4,61%"),
            ("Số hộ cận nghèo", "1.105 hộ", "1.012 hộ"),
            ("Lao động qua đào tạo", "68,5%", "71,3%")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Nhiệm vụ năm 2025", level=1)
    document.add_paragraph("Phấn đấu giảm tỷ lệ hộ nghèo xuống dưới 4% vào cuối năm 2025.")
    document.save(str(path))
    return path


NEWS_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<title>Hải Lăng giải ngân 25 tỷ đồng vốn vay giải quyết việc làm | Báo Quảng Trị điện tử</title>
<meta property="og:title" content="Hải Lăng giải ngân 25 tỷ đồng vốn vay giải quyết việc làm">
<meta property="og:site_name" content="Báo Quảng Trị điện tử">
<meta property="og:url" content="https://baoquangtri.example/hai-lang-giai-ngan-von-vay.htm">
<meta property="article:published_time" content="2025-01-08T07:30:00+07:00">
</head><body>
<header><nav class="menu"><ul>
<li><a href="/">Trang chủ</a></li><li><a href="/chinh-tri">Chính trị</a></li>
<li><a href="/kinh-te">Kinh tế</a></li><li><a href="/xa-hoi">Xã hội</a></li><li><a href="/the-thao">Thể thao</a></li>
</ul></nav></header>
<div class="banner-ads">QUẢNG CÁO: Vay tiêu dùng lãi suất 0%, giải ngân trong 5 phút! Gọi 1900.1234.</div>
<main><article>
<h1>Hải Lăng giải ngân 25 tỷ đồng vốn vay giải quyết việc làm</h1>
<p class="sapo">Năm 2024, Phòng Giao dịch Ngân hàng Chính sách xã hội huyện Hải Lăng đã giải ngân 25 tỷ đồng vốn vay
giải quyết việc làm, giúp tạo việc làm cho 640 lao động.</p>
<h2>Vốn vay đến đúng đối tượng</h2>
<p>Theo Phòng Lao động - Thương binh và Xã hội huyện, nguồn vốn đã đến với 512 hộ gia đình, chủ yếu để
phát triển chăn nuôi, trồng trọt và dịch vụ nhỏ ở các xã vùng cát.</p>
<p>Tỷ lệ nợ quá hạn được kiểm soát ở mức 0,12%, thấp hơn mức bình quân của toàn tỉnh.</p>
<h2>Kết quả giảm nghèo</h2>
<p>Nhờ nguồn vốn này, số hộ nghèo của huyện Hải Lăng giảm còn 803 hộ vào cuối năm 2024.</p>
</article></main>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Triệu Phong tạo việc làm cho 999 lao động</a></li>
<li><a href="/b">Vĩnh Linh giải ngân 77 tỷ đồng</a></li></ul></aside>
<div class="ads">Quảng cáo: Mua đất nền ven biển chỉ từ 555 triệu đồng.</div>
<footer><p>© 2025 Báo Quảng Trị điện tử. Giấy phép số 88/GP-BTTTT. Tổng biên tập: Nguyễn Văn A.</p>
<p>Liên hệ quảng cáo: 0233.3.888.999</p></footer>
</body></html>
"""


def write_html(path: Path) -> Path:
    path.write_text(NEWS_HTML, "utf-8")
    return path
