"""The three systems the benchmark compares, behind one small interface.

- `Ours`: the default path, `build_assistant(...).answers.ask`.
- `PlainRecipe`: the usual LangChain recipe: RecursiveCharacterTextSplitter
  1000/200, a Chroma vector store, the same embedding model; the top chunk is
  the answer.
- `Bm25Alone`: our BM25 (`LexicalIndex`) over our sentence chunks; the top
  chunk is the answer.

Both baselines read the documents with our readers (the same text, so the
comparison is about chunking, retrieval and answering, not file parsing). They
keep no conversation, so a follow-up is searched with the earlier questions
prepended: the most a retriever without a language model can do with history.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.answering.answer import Answer, Citation, QuestionError
from assistant.answering.service import AnswerService
from assistant.embedding.threads import torch_threads
from assistant.evaluation import Case
from assistant.factory import Assistant, build_assistant
from assistant.ingestion.chunking import chunk_document
from assistant.ingestion.documents import SourceDocument, load_documents
from assistant.retrieval.lexical import LexicalIndex
from assistant.settings import Settings

TOP_K = 3  # enough for hit@3; the baselines answer with the first
PLAIN_COLLECTION = "plain-recipe"


class System(Protocol):
    name: str

    def ingest(self) -> tuple[int, int]:
        """Index the knowledge folder from nothing; (documents, chunks)."""
        ...

    def open(self) -> None:
        """Get ready to answer from what `ingest` left (possibly in another process)."""
        ...

    def retrieve(self, question: str) -> list[str]:
        """The passages retrieval alone returns, best first."""
        ...

    def answer(self, case: Case) -> tuple[Answer, list[str]]:
        """The answer a user gets, and the passages it was chosen from (for hit@k)."""
        ...


def _documents(knowledge_dir: Path) -> list[SourceDocument]:
    return [d for d in load_documents(knowledge_dir) if isinstance(d, SourceDocument)]


def baseline_query(case: Case) -> str:
    return " ".join([*case.history, case.question])


def chunk_answer(text: str, document: str, title: str, start: int) -> Answer:
    """A baseline's answer: the chunk itself, cited to itself."""
    end = start + len(text)
    citation = Citation(n=1, document=document, title=title, url=None, quote=text, start=start, end=end,
                        highlight_start=start, highlight_end=end, passage=text, passage_start=start)
    return Answer(answer=text, found=True, citations=[citation], backend="top-chunk")


NO_ANSWER = Answer(answer="", found=False, citations=[], backend="top-chunk")


class Ours:
    name = "us"

    def __init__(self, settings: Settings, embeddings: Embeddings) -> None:
        self.assistant: Assistant = build_assistant(settings, embeddings)

    def ingest(self) -> tuple[int, int]:
        report = self.assistant.indexer.ingest(progress=True)  # a bar in the worker's log
        documents = len(report.added_documents) + len(report.updated_documents) + len(report.unchanged_documents)
        return documents, report.chunks_total

    def open(self) -> None:
        if self.assistant.indexer.is_stale():
            raise RuntimeError(f"the index in {self.assistant.settings.data_dir} does not match the corpus")

    def retrieve(self, question: str) -> list[str]:
        answers = self.assistant.answers
        if not isinstance(answers, AnswerService):
            raise RuntimeError("the benchmark measures the default (extractive) path: unset ASSISTANT_LLM_BACKEND")
        return [doc.page_content for doc in answers.retriever.invoke(question)]

    def answer(self, case: Case) -> tuple[Answer, list[str]]:
        try:
            answer = self.assistant.answers.ask(case.question, case.history)
        except QuestionError as error:
            # A refused question is what the user sees; it finds nothing.
            return Answer(answer=str(error), found=False, citations=[]), []
        return answer, [str(t) for t in answer.debug.get("retrieved_texts", [])]


class PlainRecipe:
    name = "plain"

    def __init__(self, knowledge_dir: Path, persist_dir: Path, embeddings: Embeddings) -> None:
        self.knowledge_dir = knowledge_dir
        self.persist_dir = persist_dir
        self.embeddings = embeddings
        self._store: Chroma | None = None

    def _client(self) -> chromadb.ClientAPI:
        return chromadb.PersistentClient(path=str(self.persist_dir),
                                         settings=ChromaSettings(anonymized_telemetry=False))

    def ingest(self) -> tuple[int, int]:
        documents = [
            Document(page_content=d.text, metadata={"source": d.doc_id, "title": d.metadata.title})
            for d in _documents(self.knowledge_dir)
        ]
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
        chunks = splitter.split_documents(documents)
        # The same torch threads as our ingest (ASSISTANT_INGEST_THREADS' default), for a fair race.
        with torch_threads(0):
            self._store = Chroma.from_documents(chunks, embedding=self.embeddings, client=self._client(),
                                                collection_name=PLAIN_COLLECTION)
        return len(documents), len(chunks)

    def open(self) -> None:
        self._store = Chroma(client=self._client(), collection_name=PLAIN_COLLECTION,
                             embedding_function=self.embeddings, create_collection_if_not_exists=False)

    def _search(self, query: str) -> list[Document]:
        if self._store is None:
            raise RuntimeError("open() first")
        return self._store.similarity_search(query, k=TOP_K)

    def retrieve(self, question: str) -> list[str]:
        return [doc.page_content for doc in self._search(question)]

    def answer(self, case: Case) -> tuple[Answer, list[str]]:
        found = self._search(baseline_query(case))
        if not found:
            return NO_ANSWER, []
        top = found[0]
        answer = chunk_answer(top.page_content, str(top.metadata.get("source", "")),
                              str(top.metadata.get("title", "")), int(top.metadata.get("start_index", 0)))
        return answer, [doc.page_content for doc in found]


@dataclass(frozen=True)
class _Chunk:
    text: str
    document: str
    title: str
    start: int


class Bm25Alone:
    name = "bm25"

    def __init__(self, knowledge_dir: Path) -> None:
        self.knowledge_dir = knowledge_dir
        self._chunks: list[_Chunk] = []
        self._index: LexicalIndex | None = None

    def ingest(self) -> tuple[int, int]:
        documents = _documents(self.knowledge_dir)
        self._chunks = [_Chunk(c.text, d.doc_id, d.metadata.title, c.start)
                        for d in documents for c in chunk_document(d)]
        self._index = LexicalIndex([c.text for c in self._chunks])
        return len(documents), len(self._chunks)

    def open(self) -> None:
        # BM25 lives in memory: opening is indexing again.
        self.ingest()

    def _search(self, query: str) -> list[_Chunk]:
        if self._index is None:
            raise RuntimeError("open() first")
        return [self._chunks[i] for i, _ in self._index.search(query, TOP_K)]

    def retrieve(self, question: str) -> list[str]:
        return [c.text for c in self._search(question)]

    def answer(self, case: Case) -> tuple[Answer, list[str]]:
        found = self._search(baseline_query(case))
        if not found:
            return NO_ANSWER, []
        top = found[0]
        return chunk_answer(top.text, top.document, top.title, top.start), [c.text for c in found]
