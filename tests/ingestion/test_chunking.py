from assistant.ingestion.chunking import chunk_document
from assistant.ingestion.documents import load_document
from assistant.text.figures import find_figures
from assistant.text.segments import sentences
from tests.conftest import KNOWLEDGE

REPORT = KNOWLEDGE / "so-ldtbxh-tong-ket-2024.txt"


def _boundaries(text: str) -> tuple[set[int], set[int]]:
    spans = sentences(text)
    return {s.start for s in spans}, {s.end for s in spans}


def test_chunks_are_exact_slices_of_whole_sentences() -> None:
    document = load_document(KNOWLEDGE, REPORT)
    starts, ends = _boundaries(document.text)
    chunks = chunk_document(document)
    assert len(chunks) >= 3
    for chunk in chunks:
        assert document.text[chunk.start : chunk.end] == chunk.text
        assert chunk.start in starts and chunk.end in ends


def test_every_figure_of_the_report_is_whole_in_one_chunk() -> None:
    document = load_document(KNOWLEDGE, REPORT)
    in_document = {f.text for f in find_figures(document.text)}
    in_chunks = {f.text for c in chunk_document(document) for f in find_figures(c.text)}
    assert {"17.056", "1.741", "27.568", "74,62%", "7 tỷ đồng", "20.498", "4,61%"} <= in_chunks
    assert in_chunks == in_document


def test_small_chunk_size_still_never_splits_a_sentence() -> None:
    document = load_document(KNOWLEDGE, REPORT)
    starts, ends = _boundaries(document.text)
    chunks = chunk_document(document, max_chars=120, min_chars=40)
    assert len(chunks) > len(chunk_document(document))
    for chunk in chunks:
        assert chunk.start in starts and chunk.end in ends


def test_chunk_ids_are_stable_and_unique() -> None:
    document = load_document(KNOWLEDGE, REPORT)
    first = [c.chunk_id for c in chunk_document(document)]
    assert first == [c.chunk_id for c in chunk_document(load_document(KNOWLEDGE, REPORT))]
    assert len(set(first)) == len(first)


def test_sidecar_metadata_is_read() -> None:
    document = load_document(KNOWLEDGE, REPORT)
    assert document.metadata.title.startswith("Sở LĐ-TB&XH")
    assert document.metadata.url and document.metadata.url.startswith("https://qrt.vn/")
    assert document.metadata.authors == ("Kim Ngân", "Duy Bình")
    assert document.metadata.period == "2024"
