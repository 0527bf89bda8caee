"""Wire the parts together from one Settings object. Nothing here is global."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answering.answer import Answerer
from assistant.answering.lexicon import Lexicon
from assistant.answering.service import AnswerService
from assistant.answering.sources import SourceLibrary
from assistant.embedding.model import build_embeddings, embedding_key
from assistant.feedback import FeedbackLog
from assistant.ingestion.indexer import Indexer, IngestReport
from assistant.ingestion.locks import ChromaLease, FileIngestLock, IngestLock
from assistant.retrieval.connection import connect
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.saved_lexical import SavedLexicalIndexes
from assistant.retrieval.store import KnowledgeStore
from assistant.settings import Settings

if TYPE_CHECKING:  # the language-model layer is imported only when one is configured
    from langchain_core.embeddings import Embeddings

    from assistant.answering.llm.backends import BackendStatus, LlmBackend

log = logging.getLogger(__name__)


@dataclass
class Assistant:
    """Everything a front end needs: the answer service, the sources behind it, the indexer."""

    settings: Settings
    store: KnowledgeStore
    indexer: Indexer
    answers: Answerer
    sources: SourceLibrary
    feedback: FeedbackLog
    llm_status: BackendStatus | None = None  # None: no language model configured

    def ensure_index(self, progress: bool = True) -> IngestReport | None:
        """Ingest when the knowledge folder differs from the published index."""
        if not self.indexer.is_stale():
            return None
        log.info("Knowledge folder changed or index missing: ingesting")
        return self.indexer.ingest(wait_seconds=600, progress=progress)

    def close(self) -> None:
        """Let go of the index (a local folder becomes free for other processes)."""
        self.store.close()


def ingest_lock(settings: Settings, store: KnowledgeStore) -> IngestLock:
    """A lock file for a local folder; a lease in Chroma itself for a server shared by machines."""
    if settings.chroma_host:
        return ChromaLease(store.client, f"{store.collection_name}-ingest", settings.ingest_lease_seconds)
    return FileIngestLock(settings.data_dir / "ingest.lock", store.guard)


def _llm_backend(settings: Settings) -> tuple[LlmBackend | None, BackendStatus]:
    from assistant.answering.llm.backends import BackendConfigError, BackendStatus, build_backend

    try:
        backend = build_backend(settings)
    except BackendConfigError as error:
        return None, BackendStatus(False, settings.llm_backend, str(error))
    assert backend is not None
    return backend, backend.check()


def build_assistant(settings: Settings | None = None, embeddings: Embeddings | None = None,
                    llm: LlmBackend | None = None) -> Assistant:
    """The assistant for these settings.

    Pass `embeddings` to share an already loaded model, and `llm` to use that chat
    model (tests use LangChain's fakes) instead of the one the settings name.
    """
    settings = settings or Settings()
    embeddings = embeddings or build_embeddings(settings)
    client, guard = connect(settings)
    store = KnowledgeStore(client, settings.index_name, embedding_key(settings), guard)
    lexical = SavedLexicalIndexes(settings.lexical_dir, store.collection_name)
    indexer = Indexer(store, embeddings, settings.knowledge_dir, ingest_lock(settings, store),
                      settings.ingest_batch, settings.ingest_threads, lexical)
    retriever = HybridRetriever(store=store, embeddings=embeddings, k=settings.retrieval_k,
                                candidate_k=settings.candidate_k, saved=lexical)
    extractive = AnswerService(retriever, Lexicon.load(), settings.max_question_chars)
    sources = SourceLibrary(store, settings.knowledge_dir)
    feedback = FeedbackLog(settings.feedback_path)
    if llm is None and settings.llm_backend == "none":
        return Assistant(settings, store, indexer, extractive, sources, feedback)
    from assistant.answering.llm.service import LlmAnswerService

    backend, status = (llm, llm.check()) if llm else _llm_backend(settings)
    if status.ok:
        log.info("Answers are phrased by %s, checked by the figure guard", status.label)
    else:
        log.warning("Language model unavailable, answering from the report's own words: %s", status.message)
    answers = LlmAnswerService(extractive, backend, status, settings.llm_timeout_s, settings.llm_rewrite_followups)
    return Assistant(settings, store, indexer, answers, sources, feedback, status)
