"""Several reports holding the same indicator for different years or places."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.factory import Assistant
from tests.conftest import KNOWLEDGE

REPORT_2023 = """Báo cáo tổng kết năm 2023 của Sở Lao động, Thương binh và Xã hội.
Theo kết quả rà soát, số hộ cận nghèo toàn tỉnh là 15.012 hộ.
Số hộ nghèo toàn tỉnh còn 24.669 hộ (5,57%).
Tỷ lệ lao động qua đào tạo đạt 72,10%.
"""
DISTRICT_2024 = """Huyện Gio Linh tổng kết công tác lao động năm 2024.
Số hộ nghèo toàn huyện còn 1.234 hộ, giảm 210 hộ so với năm 2023.
"""

# Report-like documents that, like most, never repeat their quarter or district in the text.
LAO_CAI = {
    "lao-cai-q1-2025.md": ("Báo cáo quý I 2025 của tỉnh Lào Cai", "quý I 2025", "tỉnh Lào Cai", "11.111"),
    "lao-cai-2025.md": ("Báo cáo năm 2025 của tỉnh Lào Cai", "2025", "tỉnh Lào Cai", "9.999"),
    "bao-thang-q1-2025.md": ("Báo cáo quý I 2025 của huyện Bảo Thắng", "quý I 2025",
                             "huyện Bảo Thắng, tỉnh Lào Cai", "2.222"),
}


def _sidecar(path: Path, title: str, period: str, locality: str) -> None:
    path.with_name(path.name + ".meta.toml").write_text(
        f'title = "{title}"\nperiod = "{period}"\nlocality = "{locality}"\n', "utf-8")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory, make_assistant: Callable[..., Assistant]) -> Assistant:
    folder = tmp_path_factory.mktemp("knowledge")
    shutil.copytree(KNOWLEDGE, folder, dirs_exist_ok=True)
    (folder / "tong-ket-2023.txt").write_text(REPORT_2023, "utf-8")
    _sidecar(folder / "tong-ket-2023.txt", "Tổng kết năm 2023", "2023", "tỉnh Quảng Trị")
    (folder / "gio-linh-2024.md").write_text(DISTRICT_2024, "utf-8")
    _sidecar(folder / "gio-linh-2024.md", "Huyện Gio Linh tổng kết năm 2024", "2024", "huyện Gio Linh")
    for name, (title, period, locality, poor) in LAO_CAI.items():
        # A second clause about poor households, with its own figure, shorter than the one asked for.
        (folder / name).write_text(
            f"Toàn tỉnh đã hỗ trợ xây mới và sửa chữa 123 căn nhà cho hộ nghèo, hộ cận nghèo với tổng kinh "
            f"phí 5 tỷ đồng. Đến cuối kỳ, số hộ nghèo trên địa bàn {locality} còn {poor} hộ, chiếm tỷ lệ "
            f"5,20%, giảm 300 hộ so với đầu năm.\n", "utf-8")
        _sidecar(folder / name, title, period, locality)
    return make_assistant(folder)


def test_the_year_named_picks_its_report(assistant: Assistant) -> None:
    answer = assistant.answers.ask("Số hộ nghèo năm 2023 là bao nhiêu?")
    assert "24.669" in answer.answer and "20.498" not in answer.answer
    assert [c.document for c in answer.citations] == ["tong-ket-2023.txt"]
    assert "(2023)" in answer.answer  # says which report and period


def test_near_poor_is_not_poor(assistant: Assistant) -> None:
    poor = assistant.answers.ask("Năm 2023 toàn tỉnh còn bao nhiêu hộ nghèo?")
    assert "24.669" in poor.answer and "15.012" not in poor.answer
    near_poor = assistant.answers.ask("Năm 2023 có bao nhiêu hộ cận nghèo?")
    assert "15.012" in near_poor.answer and "24.669" not in near_poor.answer


def test_the_place_named_picks_its_report(assistant: Assistant) -> None:
    answer = assistant.answers.ask("Huyện Gio Linh còn bao nhiêu hộ nghèo?")
    assert "1.234" in answer.answer
    assert {c.document for c in answer.citations} == {"gio-linh-2024.md"}


def test_no_year_named_gives_each_report_with_its_source(assistant: Assistant) -> None:
    answer = assistant.answers.ask("Tỷ lệ lao động qua đào tạo đạt bao nhiêu?")
    assert "74,62%" in answer.answer and "72,10%" in answer.answer
    by_document = {c.document: c.quote for c in answer.citations}
    assert "74,62%" in by_document["so-ldtbxh-tong-ket-2024.txt"]
    assert "72,10%" in by_document["tong-ket-2023.txt"]
    assert "[1]" in answer.answer and "[2]" in answer.answer


@pytest.mark.parametrize(("question", "figure"), [
    ("Số hộ nghèo của tỉnh Lào Cai quý I 2025 còn bao nhiêu?", "11.111"),
    ("so ho ngheo cua tinh Lao Cai nam 2025 con bao nhieu", "9.999"),
    ("Huyện Bảo Thắng quý I 2025 còn bao nhiêu hộ nghèo?", "2.222"),
    ("so ho ngheo cua tinh Lao Cai quy I 2025", "11.111"),  # unmarked, no question word
])
def test_the_report_that_fits_the_period_and_place_named_is_the_only_one_used(
        assistant: Assistant, question: str, figure: str) -> None:
    """The quarter's report, not the year's; the province's, not its district's."""
    answer = assistant.answers.ask(question)
    others = {poor for *_, poor in LAO_CAI.values()} - {figure}
    assert figure in answer.answer and not any(other in answer.answer for other in others), answer.answer
    assert "123" not in answer.answer and len(answer.citations) == 1


def test_a_place_without_a_period_gives_each_of_its_reports_and_no_other_place(assistant: Assistant) -> None:
    answer = assistant.answers.ask("Số hộ nghèo của tỉnh Lào Cai còn bao nhiêu?")
    assert "11.111" in answer.answer and "9.999" in answer.answer
    assert "(quý I 2025)" in answer.answer and "(2025)" in answer.answer
    assert "2.222" not in answer.answer and "20.498" not in answer.answer
