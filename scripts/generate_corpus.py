"""Write a folder of report-like Vietnamese documents, for scale tests and benchmarks.

    python scripts/generate_corpus.py OUT_DIR --chunks 10000 [--seed 7]

Each document is a quarterly, half-year or year-end report of a provincial or
district labour department: a title, sections, and paragraphs full of figures
("số hộ nghèo còn 12.345 hộ, chiếm 4,61%"), with its metadata (title,
publisher, date, period, locality) as Markdown front matter or, for plain-text
files, a sidecar. Localities, years and figures vary, so the same indicator
appears for many places and periods, as in a real archive. The output is
deterministic for a seed; documents are written until the chunker would cut
the requested number of chunks. `OUT_DIR-facts.jsonl`, beside the folder,
lists one figure per document (question, answer, period, locality, document)
for benchmarks.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PROVINCES = [
    "Quảng Trị", "Quảng Bình", "Thừa Thiên Huế", "Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Quảng Nam",
    "Quảng Ngãi", "Bình Định", "Phú Yên", "Kon Tum", "Gia Lai", "Đắk Lắk", "Lâm Đồng", "Sơn La",
    "Điện Biên", "Lai Châu", "Lào Cai", "Yên Bái", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Lạng Sơn",
    "Tuyên Quang", "Thái Nguyên", "Phú Thọ", "Hòa Bình", "Ninh Bình", "Nam Định", "Thái Bình",
    "An Giang", "Đồng Tháp", "Cà Mau", "Bạc Liêu", "Sóc Trăng", "Trà Vinh", "Bến Tre", "Vĩnh Long",
]
DISTRICTS = [
    "Gio Linh", "Cam Lộ", "Hải Lăng", "Triệu Phong", "Vĩnh Linh", "Hướng Hóa", "Đakrông", "Lệ Thủy",
    "Quảng Ninh", "Bố Trạch", "Tuyên Hóa", "Minh Hóa", "Phong Điền", "Quảng Điền", "A Lưới", "Nam Đông",
    "Kỳ Anh", "Cẩm Xuyên", "Hương Khê", "Vũ Quang", "Con Cuông", "Tương Dương", "Kỳ Sơn", "Quế Phong",
]
PERIODS = [("quý I", "03-31"), ("quý II", "06-30"), ("6 tháng đầu năm", "06-30"), ("quý III", "09-30"),
           ("9 tháng", "09-30"), ("năm", "12-31")]
YEARS = list(range(2019, 2026))
LEADERS = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Thị Hoa", "Hoàng Văn Nam",
           "Võ Thị Mai", "Đặng Quốc Bảo", "Bùi Thị Thu", "Đỗ Văn Sơn", "Ngô Thị Hạnh"]


def _count(rng: random.Random, low: int, high: int) -> str:
    """A whole number written the Vietnamese way: 12.345."""
    return f"{rng.randint(low, high):,}".replace(",", ".")


def _percent(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.2f}".replace(".", ",") + "%"


def _money(rng: random.Random) -> str:
    return f"{rng.randint(2, 950)} tỷ đồng" if rng.random() < 0.6 else f"{_count(rng, 150, 990)} triệu đồng"


# Each template is one paragraph: (section, sentence templates). {place} is the locality.
SECTIONS: list[tuple[str, list[str]]] = [
    ("Giảm nghèo", [
        "Đến cuối kỳ, số hộ nghèo trên địa bàn {place} còn {poor} hộ, chiếm tỷ lệ {poor_rate}, "
        "giảm {poor_drop} hộ so với đầu năm.",
        "Số hộ cận nghèo còn {near_poor} hộ, chiếm {near_rate} tổng số hộ dân cư.",
        "Toàn {unit} đã hỗ trợ xây mới và sửa chữa {houses} căn nhà cho hộ nghèo, hộ cận nghèo "
        "với tổng kinh phí {money_houses}.",
        "Các mô hình sinh kế được nhân rộng ở {communes} xã, thu hút {households} hộ tham gia.",
    ]),
    ("Lao động, việc làm", [
        "Trong kỳ, toàn {unit} đã giải quyết việc làm cho {jobs} lao động, đạt {jobs_rate} kế hoạch.",
        "Số người đi làm việc ở nước ngoài theo hợp đồng là {abroad} người, chủ yếu tại Nhật Bản, "
        "Hàn Quốc và Đài Loan.",
        "Các phiên giao dịch việc làm được tổ chức {fairs} lần với sự tham gia của {firms} doanh nghiệp.",
        "Tỷ lệ lao động qua đào tạo đạt {trained_rate}, trong đó có bằng cấp, chứng chỉ đạt {cert_rate}.",
    ]),
    ("Giáo dục nghề nghiệp", [
        "Các cơ sở giáo dục nghề nghiệp đã tuyển sinh và đào tạo cho {students} người, "
        "trong đó trình độ cao đẳng {college} người, trung cấp {vocational} người.",
        "Kinh phí hỗ trợ đào tạo nghề cho lao động nông thôn là {money_training}.",
    ]),
    ("Người có công", [
        "Toàn {unit} đang quản lý và chi trả trợ cấp ưu đãi hằng tháng cho {merit} người có công với "
        "cách mạng và thân nhân, với tổng kinh phí {money_merit}.",
        "Nhân dịp lễ, tết đã tặng {gifts} suất quà cho các đối tượng chính sách, trị giá {money_gifts}.",
        "Đã nâng cấp, sửa chữa {graves} công trình mộ, nghĩa trang liệt sĩ.",
    ]),
    ("Bảo trợ xã hội và trẻ em", [
        "Hiện có {protected} đối tượng bảo trợ xã hội đang hưởng trợ cấp hằng tháng tại cộng đồng.",
        "Đã cấp {cards} thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi và hỗ trợ {children} trẻ em "
        "có hoàn cảnh đặc biệt.",
        "Tỷ lệ xã, phường đạt tiêu chuẩn phù hợp với trẻ em là {child_rate}.",
    ]),
    ("Phòng, chống tệ nạn xã hội", [
        "Số người nghiện ma túy có hồ sơ quản lý là {addicts} người; đã tổ chức cai nghiện cho "
        "{rehab} người, trong đó cai nghiện tự nguyện {voluntary} người.",
    ]),
]

OPENINGS = [
    "Thực hiện kế hoạch phát triển kinh tế - xã hội {period_phrase}, ngành Lao động - Thương binh và Xã hội "
    "{place} đã triển khai đồng bộ các nhiệm vụ trọng tâm, bám sát chỉ đạo của cấp ủy, chính quyền.",
    "Báo cáo này tổng hợp kết quả thực hiện các chỉ tiêu về lao động, người có công và xã hội của {place} "
    "{period_phrase}, làm cơ sở xây dựng kế hoạch kỳ tiếp theo.",
]
CLOSINGS = [
    "Trong kỳ tới, ngành tiếp tục tập trung thực hiện các chỉ tiêu giảm nghèo bền vững, giải quyết việc làm "
    "và chăm lo tốt hơn cho người có công; {leader} đề nghị các đơn vị phối hợp chặt chẽ.",
    "Hội nghị do {leader} chủ trì đã thống nhất các giải pháp trọng tâm cho kỳ tiếp theo.",
]


@dataclass(frozen=True)
class Report:
    name: str
    text: str
    metadata: dict[str, str]
    fact: dict[str, str]


def _figures(rng: random.Random) -> dict[str, str]:
    return {
        "poor": _count(rng, 300, 45000), "poor_rate": _percent(rng, 0.8, 19), "poor_drop": _count(rng, 50, 5000),
        "near_poor": _count(rng, 200, 30000), "near_rate": _percent(rng, 0.5, 12),
        "houses": _count(rng, 10, 2500), "money_houses": _money(rng), "money_training": _money(rng),
        "money_merit": _money(rng), "money_gifts": _money(rng),
        "communes": str(rng.randint(3, 60)), "households": _count(rng, 100, 9000),
        "jobs": _count(rng, 500, 35000), "jobs_rate": _percent(rng, 80, 135),
        "abroad": _count(rng, 20, 4000), "fairs": str(rng.randint(2, 40)), "firms": str(rng.randint(10, 400)),
        "trained_rate": _percent(rng, 45, 82), "cert_rate": _percent(rng, 15, 40),
        "students": _count(rng, 3000, 20000), "college": _count(rng, 50, 1000), "vocational": _count(rng, 80, 2000),
        "merit": _count(rng, 800, 30000), "gifts": _count(rng, 500, 60000), "graves": str(rng.randint(2, 180)),
        "protected": _count(rng, 1000, 40000), "cards": _count(rng, 1000, 90000),
        "children": _count(rng, 50, 6000), "child_rate": _percent(rng, 60, 99),
        "addicts": _count(rng, 50, 3500), "rehab": _count(rng, 10, 800), "voluntary": _count(rng, 5, 300),
    }


def make_report(rng: random.Random, number: int) -> Report:
    province = rng.choice(PROVINCES)
    district = rng.choice(DISTRICTS) if rng.random() < 0.5 else None
    place = f"huyện {district}, tỉnh {province}" if district else f"tỉnh {province}"
    unit = "huyện" if district else "tỉnh"
    year = rng.choice(YEARS)
    period_name, period_end = rng.choice(PERIODS)
    period = f"{period_name} {year}" if period_name != "năm" else str(year)
    period_phrase = f"{period_name} {year}" if period_name != "năm" else f"năm {year}"
    leader = rng.choice(LEADERS)
    values = {**_figures(rng), "place": place, "unit": unit, "period_phrase": period_phrase, "leader": leader}
    title = f"Báo cáo kết quả công tác lao động, người có công và xã hội {period_phrase} của {place}"
    lines = [title.upper(), OPENINGS[number % len(OPENINGS)].format(**values)]
    for index, (section, templates) in enumerate(SECTIONS, start=1):
        lines.append(f"## {index}. {section}")
        chosen = rng.sample(templates, k=max(1, min(len(templates), rng.randint(2, 4))))
        # The facts file asks for the poor-household count: that sentence is never sampled away.
        if index == 1 and templates[0] not in chosen:
            chosen[0] = templates[0]
        # Two sentences a paragraph: paragraphs of report length, a few chunks a section.
        for begin in range(0, len(chosen), 2):
            lines.append(" ".join(t.format(**values) for t in chosen[begin : begin + 2]))
    lines.append(CLOSINGS[number % len(CLOSINGS)].format(**values))
    publisher = f"Phòng Lao động - Thương binh và Xã hội huyện {district}" if district else \
        f"Sở Lao động - Thương binh và Xã hội tỉnh {province}"
    metadata = {"title": title, "publisher": publisher, "date": f"{year}-{period_end}", "period": period,
                "locality": place}
    fact = {"question": f"Số hộ nghèo của {place} {period_phrase} còn bao nhiêu?", "answer": values["poor"],
            "period": period, "locality": place}
    slug = f"{number:05d}-{year}-{'huyen' if district else 'tinh'}"
    return Report(slug, "\n".join(lines) + "\n", metadata, fact)


def _toml(metadata: dict[str, str]) -> str:
    return "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in metadata.items())


def write_report(folder: Path, report: Report, plain: bool) -> Path:
    """Markdown with front matter, or (every fourth) plain text with a sidecar."""
    if plain:
        path = folder / f"{report.name}.txt"
        path.write_text(report.text.replace("## ", ""), "utf-8")
        path.with_name(path.name + ".meta.toml").write_text(_toml(report.metadata), "utf-8")
    else:
        path = folder / f"{report.name}.md"
        path.write_text(f"+++\n{_toml(report.metadata)}+++\n{report.text}", "utf-8")
    return path


def generate(folder: Path, chunks: int, seed: int = 7) -> Iterator[tuple[Path, int, dict[str, str]]]:
    """Write reports into `folder` until they hold `chunks` chunks; yields (file, its chunks, fact)."""
    from assistant.ingestion.chunking import chunk_document
    from assistant.ingestion.documents import load_document

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total, number = 0, 0
    while total < chunks:
        report = make_report(rng, number)
        path = write_report(folder, report, plain=number % 4 == 3)
        count = len(chunk_document(load_document(folder, path)))
        total += count
        number += 1
        yield path, count, {**report.fact, "document": path.name}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--chunks", type=int, default=10_000, help="Chunks the corpus should hold (at least).")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    documents, total = 0, 0
    with (args.folder.parent / f"{args.folder.name}-facts.jsonl").open("w", encoding="utf-8") as facts:
        for _, count, fact in generate(args.folder, args.chunks, args.seed):
            documents += 1
            total += count
            facts.write(json.dumps(fact, ensure_ascii=False) + "\n")
    print(f"{documents} documents, {total} chunks in {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
