"""Wire the parts together from one Settings object. Nothing here is global."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from assistant.answering.answer import Answerer
from assistant.answering.lexicon import Lexicon
from assistant.answering.llm.backends import BackendConfigError, BackendStatus, LlmBackend, build_backend
from assistant.answering.llm.service import LlmAnswerService
from assistant.answering.service import AnswerService
from assistant.answering.sources import SourceLibrary
from assistant.embedding.model import build_embeddings, embedding_key
from assistant.feedback import FeedbackLog
from assistant.ingestion.indexer import Indexer, IngestReport
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.store import KnowledgeStore, make_client
from assistant.settings import Settings

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


def _llm_backend(settings: Settings) -> tuple[LlmBackend | None, BackendStatus]:
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
    store = KnowledgeStore(make_client(settings), settings.index_name, embedding_key(settings))
    indexer = Indexer(store, embeddings, settings.knowledge_dir, settings.data_dir / "ingest.lock")
    retriever = HybridRetriever(
        store=store, embeddings=embeddings, k=settings.retrieval_k, candidate_k=settings.candidate_k
    )
    extractive = AnswerService(retriever, Lexicon.load(), settings.max_question_chars)
    sources = SourceLibrary(store, settings.knowledge_dir)
    feedback = FeedbackLog(settings.feedback_path)
    if llm is None and settings.llm_backend == "none":
        return Assistant(settings, store, indexer, extractive, sources, feedback)
    backend, status = (llm, llm.check()) if llm else _llm_backend(settings)
    if status.ok:
        log.info("Answers are phrased by %s, checked by the figure guard", status.label)
    else:
        log.warning("Language model unavailable, answering from the report's own words: %s", status.message)
    answers = LlmAnswerService(extractive, backend, status, settings.llm_timeout_s, settings.llm_rewrite_followups)
    return Assistant(settings, store, indexer, answers, sources, feedback, status)
