"""Rank fusion of the dense and lexical retrievers, without the embedding model or Chroma.

The fusion is a pure function; the retriever around it is given a fake store and a fake
dense ranking (the lexical index is the real BM25 over the few passages given).
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import FakeEmbeddings

from assistant.retrieval.hybrid import HybridRetriever, reciprocal_rank_fusion
from assistant.retrieval.store import KnowledgeStore, StoredChunk


def order(fused: dict[str, float]) -> list[str]:
    return sorted(fused, key=lambda key: -fused[key])


def test_a_passage_found_by_both_retrievers_ranks_above_one_found_by_one() -> None:
    fused = reciprocal_rank_fusion([["dense-only", "both"], ["lexical-only", "both"]])
    assert order(fused)[0] == "both"


def test_one_ranking_keeps_its_order() -> None:
    assert order(reciprocal_rank_fusion([["a", "b", "c"]])) == ["a", "b", "c"]


def test_first_in_one_and_first_in_the_other_tie() -> None:
    fused = reciprocal_rank_fusion([["a", "b"], ["b", "a"]])
    assert fused["a"] == pytest.approx(fused["b"])


def test_a_higher_rank_counts_more() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "c"], ["a"]])
    assert order(fused) == ["a", "b", "c"]


def test_no_ranking_finds_nothing() -> None:
    assert reciprocal_rank_fusion([]) == {}
    assert reciprocal_rank_fusion([[], []]) == {}


class _Store(KnowledgeStore):
    """One published generation of the given passages; no Chroma behind it."""

    def __init__(self, chunks: list[StoredChunk]) -> None:
        self.passages = chunks

    def published(self) -> int:
        return 1

    def snapshot(self) -> tuple[int, list[StoredChunk]]:
        return 1, self.passages


class _Dense:
    """A dense ranking fixed in advance, as the vector store would return it."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def similarity_search_with_score(self, query: str, k: int, **_: Any) -> list[tuple[Document, float]]:
        return [(Document(page_content="", id=key), 0.0) for key in self.ids[:k]]


CHUNKS = [
    StoredChunk("poor", "Số hộ nghèo toàn tỉnh còn 20.498 hộ.", {"period": "năm 2024", "locality": "tỉnh Lào Cai"}),
    StoredChunk("jobs", "Giải quyết việc làm cho 17.056 lao động.", {"period": "năm 2024", "locality": "tỉnh Lào Cai"}),
    StoredChunk("fund", "Quỹ Bảo trợ trẻ em vận động được gần 7 tỷ đồng.", {"period": "quý II 2021", "locality": ""}),
]


def retriever(dense: list[str], k: int = 2) -> HybridRetriever:
    hybrid = HybridRetriever(store=_Store(CHUNKS), embeddings=FakeEmbeddings(size=4), k=k)
    hybrid._vectors = _Dense(dense)  # type: ignore[assignment]
    return hybrid


def test_the_retriever_puts_a_passage_both_find_first() -> None:
    # The dense side (a paraphrase match) prefers the jobs passage; BM25 finds the words.
    found = retriever(["jobs", "poor"]).invoke("số hộ nghèo")
    assert [doc.id for doc in found] == ["poor", "jobs"]
    assert found[0].metadata["dense_rank"] == 2
    assert found[0].metadata["lexical_rank"] == 1


def test_the_retriever_returns_at_most_k_passages_with_their_text() -> None:
    found = retriever(["fund", "jobs", "poor"], k=1).invoke("quỹ bảo trợ trẻ em")
    assert len(found) == 1
    assert found[0].page_content == CHUNKS[2].text
    assert found[0].metadata["fusion_score"] > 0


def test_a_passage_is_found_by_its_documents_period_it_does_not_repeat() -> None:
    # Among near-identical reports, "quý II 2021" is said only by the document's metadata.
    found = retriever([]).invoke("quy II 2021")
    assert found[0].id == "fund"
    assert found[0].metadata["dense_rank"] is None


def test_a_dense_hit_outside_the_published_generation_is_dropped() -> None:
    found = retriever(["retired", "poor"]).invoke("số hộ nghèo")
    assert "retired" not in [doc.id for doc in found]


def test_an_empty_question_retrieves_nothing() -> None:
    assert retriever(["poor"]).invoke("   ") == []
