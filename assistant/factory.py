"""Wire the parts together from one Settings object. Nothing here is global."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from assistant.answering.lexicon import Lexicon
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
    answers: AnswerService
    sources: SourceLibrary
    feedback: FeedbackLog

    def ensure_index(self, progress: bool = True) -> IngestReport | None:
        """Ingest when the knowledge folder differs from the published index."""
        if not self.indexer.is_stale():
            return None
        log.info("Knowledge folder changed or index missing: ingesting")
        return self.indexer.ingest(wait_seconds=600, progress=progress)


def build_assistant(settings: Settings | None = None, embeddings: Embeddings | None = None) -> Assistant:
    """The assistant for these settings; pass `embeddings` to share an already loaded model."""
    settings = settings or Settings()
    embeddings = embeddings or build_embeddings(settings)
    store = KnowledgeStore(make_client(settings), settings.index_name, embedding_key(settings))
    indexer = Indexer(store, embeddings, settings.knowledge_dir, settings.data_dir / "ingest.lock")
    retriever = HybridRetriever(
        store=store, embeddings=embeddings, k=settings.retrieval_k, candidate_k=settings.candidate_k
    )
    answers = AnswerService(retriever, Lexicon.load(), settings.max_question_chars)
    sources = SourceLibrary(store, settings.knowledge_dir)
    return Assistant(settings, store, indexer, answers, sources, FeedbackLog(settings.feedback_path))
