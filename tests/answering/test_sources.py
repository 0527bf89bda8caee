"""The figures table and document texts a reader checks answers against, from the real index."""

import shutil
from collections.abc import Callable
from pathlib import Path

from assistant.factory import Assistant
from tests.conftest import KNOWLEDGE

REPORT = "so-ldtbxh-tong-ket-2024.txt"


def test_every_statistic_is_listed_with_the_clause_it_measures(assistant: Assistant) -> None:
    figures = {entry.figure: entry for entry in assistant.sources.figures()}
    assert {"20.498", "4,61%", "17.056", "1.741", "27.568", "74,62%", "7 tỷ đồng"} <= set(figures)
    poor = figures["20.498"]
    text = (KNOWLEDGE / REPORT).read_text("utf-8")
    assert text[poor.start : poor.end] == "20.498"
    assert text[poor.clause_start : poor.clause_end] == poor.clause == "số hộ nghèo toàn tỉnh còn 20.498 hộ (4,61%)"
    assert "31/12" not in figures  # a date is not a statistic


def test_search_ignores_diacritics_case_and_digit_grouping(assistant: Assistant) -> None:
    for query in ("hộ nghèo", "HO NGHEO", "ho ngheo 20.498", "20498"):
        assert "20.498" in [entry.figure for entry in assistant.sources.find_figures(query)], query
    assert [e.figure for e in assistant.sources.find_figures("lao dong nuoc ngoai")] == ["1.741"]
    assert assistant.sources.find_figures("khong co tu nay") == []
    assert len(assistant.sources.find_figures("  ")) == len(assistant.sources.figures())


def test_a_figure_opens_as_its_passage_with_the_clause_marked(assistant: Assistant) -> None:
    entry = next(e for e in assistant.sources.figures() if e.figure == "1.741")
    assert assistant.sources.figure(entry.key) == entry
    citation = assistant.sources.figure_citation(entry)
    assert citation is not None and citation.url and citation.publisher
    inside = citation.passage[citation.highlight_start - citation.passage_start :
                              citation.highlight_end - citation.passage_start]
    assert inside == entry.clause and "1.741" in inside


def test_the_document_is_the_text_the_offsets_point_into(assistant: Assistant) -> None:
    document = assistant.sources.document(REPORT)
    assert document is not None and document.exact
    assert document.text == (KNOWLEDGE / REPORT).read_text("utf-8")
    assert document.title.startswith("Sở LĐ-TB&XH") and document.date == "2024-12-31"


def test_only_indexed_documents_can_be_read(assistant: Assistant) -> None:
    for doc_id in ("../pyproject.toml", "/etc/passwd", f"{REPORT}.meta.toml", "nope.txt"):
        assert assistant.sources.document(doc_id) is None


def test_a_file_changed_since_ingest_is_shown_as_indexed(tmp_path: Path,
                                                         make_assistant: Callable[..., Assistant]) -> None:
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    assistant = make_assistant(folder)
    (folder / REPORT).write_text("Nội dung mới hoàn toàn khác.\n", "utf-8")
    document = assistant.sources.document(REPORT)
    assert document is not None and not document.exact
    entry = next(e for e in assistant.sources.figures() if e.figure == "20.498")
    assert document.text[entry.start : entry.end] == "20.498"  # offsets still hold
