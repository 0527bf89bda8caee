"""The question-answering service that the CLI, the UI and the tests all call.

It is a LangChain runnable chain: understand the question (and the previous
one, for follow-ups), retrieve passages with the hybrid retriever, pick the
clause that answers, and compose the cited answer. No language model is
involved on this path.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from assistant.answering.answer import Answer, AnswerDelta, QuestionError
from assistant.answering.compose import asked_topic, found_answer, lead, not_found_answer
from assistant.answering.corpus import CorpusVocabulary
from assistant.answering.document_facts import asked_facets, fact_answer, find_facts
from assistant.answering.evidence import Evidence, SpanJudge
from assistant.answering.gate import Gate
from assistant.answering.lexicon import Lexicon
from assistant.answering.messages import OTHER_COUNTRY, OTHER_PLACE
from assistant.answering.passage_words import PassageWords
from assistant.answering.places import Places
from assistant.answering.question import Question, analyse
from assistant.answering.ranking import ranked_evidence
from assistant.answering.reading import QuestionReader
from assistant.answering.suggestions import MAX_SUGGESTIONS, near_candidates
from assistant.retrieval.hybrid import HybridRetriever, reciprocal_rank_fusion
from assistant.retrieval.metadata import SCOPE_FIELDS
from assistant.text.segments import Span
from assistant.text.vietnamese import compose_marks

# Each probe is one more pass of the pipeline, paid only when a question is refused.
MAX_PROBES = 6
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\n\t")


@dataclass(frozen=True)
class Known:
    """What one published generation of the knowledge base tells the service."""

    generation: int
    vocabulary: CorpusVocabulary
    documents: int
    places: Places  # the provinces a question may name, and which are covered
    abroad: Places  # the countries a question may name, and which the documents name
    scope: str  # the localities covered, for the other-place refusal
    reader: QuestionReader
    words: PassageWords  # the passages' words, read once for the generation
    # Where a near-miss question lands (its clause), probed once per generation: the same
    # clause comes back as a near miss for many refused questions.
    landings: dict[str, tuple[str, Span] | None] = field(default_factory=dict)


@dataclass
class Turn:
    """What flows through the chain for one question."""

    question: Question
    history: Question | None
    passages: list[Document]
    evidence: Evidence | None = None  # the span that answers, found or not
    also: list[Evidence] = field(default_factory=list)  # as good, from other documents
    candidates: list[Evidence] = field(default_factory=list)  # each passage's best span
    known: Known | None = None  # the generation the question was read with, looked up once per question


def _readable(text: str) -> str:
    """One line of valid text: no control characters, no lone surrogates.

    Lone surrogates come from invalid UTF-8 on a command line or "\\ud800" in JSON; the
    tokenizer cannot encode them, so they become spaces rather than an error.
    """
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\ufffd", " ")
    return " ".join(compose_marks(text).translate(_CONTROL).split())


def clean_history(history: Sequence[object], max_chars: int) -> list[str]:
    """Earlier questions as `clean_question` reads a question; empty ones dropped, long ones cut."""
    return [h for h in (_readable(str(x))[:max_chars] for x in history) if h]


def clean_question(text: str, max_chars: int) -> str:
    """The question as we will read it, or a QuestionError with a message for the user."""
    if not isinstance(text, str):
        raise QuestionError("Câu hỏi phải là văn bản.")
    cleaned = _readable(text)
    if not cleaned:
        raise QuestionError("Vui lòng nhập câu hỏi.")
    if len(cleaned) > max_chars:
        raise QuestionError(f"Câu hỏi quá dài ({len(cleaned)} ký tự). Vui lòng rút gọn dưới {max_chars} ký tự.")
    return cleaned


class AnswerService:
    def __init__(
        self, retriever: HybridRetriever, lexicon: Lexicon, max_question_chars: int, gate: Gate | None = None
    ) -> None:
        self.retriever = retriever
        self.gate = gate or Gate.load()
        self.lexicon = lexicon
        self.max_question_chars = max_question_chars
        self._generation: Known | None = None
        self._lock = threading.Lock()
        self.chain = (
            RunnableLambda(self._understand, name="understand")
            | RunnableLambda(self._retrieve, name="retrieve")
            | RunnableLambda(self._select, name="select_evidence")
        )

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        started = time.perf_counter()
        text = clean_question(question, self.max_question_chars)
        earlier = clean_history(history, self.max_question_chars)
        turn: Turn = self.chain.invoke({"question": text, "history": earlier})
        answer = self.compose(turn)
        answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerDelta | Answer]:
        """Deltas of the answer text, then the final Answer (raises QuestionError first)."""
        answer = self.ask(question, history)
        yield AnswerDelta(answer.answer)
        yield answer

    def understand(self, question: str, history: Sequence[str] = ()) -> Turn:
        """Run the chain without composing (the LLM path composes its own way)."""
        text = clean_question(question, self.max_question_chars)
        result: Turn = self.chain.invoke({"question": text, "history": clean_history(history, self.max_question_chars)})
        return result

    def _corpus(self) -> tuple[CorpusVocabulary, int]:
        known = self._known()
        return known.vocabulary, known.documents

    def _known(self) -> Known:
        """What is derived from one published generation, built once for it."""
        snapshot = self.retriever.snapshot()
        with self._lock:
            if self._generation is None or self._generation.generation != snapshot.generation:
                texts = [c.text for c in snapshot.chunks]
                # A document's metadata is its text too: "Quảng Trị" may only be its locality.
                described = {
                    " ".join(str(c.metadata.get(k) or "") for k in ("title", *SCOPE_FIELDS)) for c in snapshot.chunks
                }
                localities = sorted({str(c.metadata.get("locality") or "") for c in snapshot.chunks} - {""})
                titles = {str(c.metadata.get("title") or "") for c in snapshot.chunks}
                self._generation = Known(
                    generation=snapshot.generation,
                    vocabulary=CorpusVocabulary([*texts, *described]),
                    documents=len({c.metadata.get("doc_id") for c in snapshot.chunks}),
                    places=Places(self.lexicon.places, [*localities, *texts]),
                    abroad=Places(self.lexicon.countries, texts),
                    scope=", ".join(localities),
                    reader=QuestionReader([*titles, *texts], localities, self.lexicon),
                    words=PassageWords(),
                )
            return self._generation

    def _read(self, text: str, known: Known | None = None) -> Question:
        reading = (known or self._known()).reader.read(text)
        return analyse(reading.text, self.lexicon, reading.unmarked)

    def _understand(self, inputs: dict[str, Any]) -> Turn:
        known = self._known()
        question = self._read(inputs["question"], known)
        history = self._read(inputs["history"][-1], known) if inputs["history"] else None
        return Turn(question, history, [], known=known)

    def _retrieve(self, turn: Turn) -> Turn:
        queries = [turn.question.search_text]
        if turn.history:
            queries.append(f"{turn.question.search_text} {turn.history.search_text}")
        rankings = self.retriever.batch(queries)
        by_id = {doc.id: doc for ranking in rankings for doc in ranking}
        fused = reciprocal_rank_fusion([[str(doc.id) for doc in r] for r in rankings])
        ordered = sorted(fused, key=lambda key: -fused[key])[: self.retriever.k]
        turn.passages = [by_id[key] for key in ordered]
        return turn

    def _select(self, turn: Turn) -> Turn:
        known = turn.known or self._known()
        judge = SpanJudge(turn.question, turn.history, known.vocabulary, self.lexicon, self.gate, known.words)
        ranked, turn.candidates = ranked_evidence(judge, turn.passages)
        turn.evidence = ranked[0] if ranked else None
        turn.also = ranked[1:]
        return turn

    def _document_passages(self, turn: Turn) -> list[Document]:
        """Every passage of the document the question is about (the best-ranked one's)."""
        chunks = self.retriever.snapshot().chunks
        wanted = turn.passages[0].metadata.get("doc_id") if turn.passages else None
        wanted = wanted or (chunks[0].metadata.get("doc_id") if chunks else None)
        return [
            Document(page_content=c.text, metadata={**c.metadata, "chunk_id": c.chunk_id})
            for c in chunks
            if c.metadata.get("doc_id") == wanted
        ]

    def _settled(self, turn: Turn) -> Answer | None:
        """The answer when the question is about the document itself, or about a place no
        document covers: then no clause is judged as an answer."""
        facets = asked_facets(turn.question.text, self.lexicon)
        facts = find_facts(facets, self._document_passages(turn)) if facets else []
        if facts:
            return fact_answer(facts, turn.question.language)
        known = turn.known or self._known()
        places, scope = known.places, known.scope
        quote = turn.evidence.quote if turn.evidence else ""
        language = turn.question.language if turn.question.language in OTHER_PLACE else "vi"
        for named, message in ((places, OTHER_PLACE), (known.abroad, OTHER_COUNTRY)):
            elsewhere = named.uncovered(turn.question.text, quote)
            if elsewhere and scope:
                text = message[language].format(scope=scope, place=", ".join(elsewhere))
                return Answer(answer=text, found=False, citations=[], language=language)
        return None

    def suggestions(self, turn: Turn) -> list[str]:
        """Questions near the one refused that the report answers: each is asked here and kept
        only when it lands on the very clause it was made from, so a click gets that answer."""
        kept: list[str] = []
        landings = (turn.known or self._known()).landings
        for question, evidence in near_candidates(turn.candidates)[:MAX_PROBES]:
            if question not in landings:
                landings[question] = self._landing(question)
            if landings[question] == (str(evidence.passage.id), evidence.sentence):
                kept.append(question)
            if len(kept) == MAX_SUGGESTIONS:
                break
        return kept

    def _landing(self, question: str) -> tuple[str, Span] | None:
        """The clause that answers a question asked alone, or None when nothing does."""
        probe: Turn = self.chain.invoke({"question": question, "history": []})
        hit = probe.evidence
        if hit is None or not hit.found or self._settled(probe) is not None:
            return None
        return str(hit.passage.id), hit.sentence

    def decided_elsewhere(self, turn: Turn) -> bool:
        """True when the answer does not depend on the gate (for calibration)."""
        return self._settled(turn) is not None

    def compose(self, turn: Turn) -> Answer:
        documents = (turn.known or self._known()).documents
        evidence = turn.evidence
        settled = self._settled(turn)
        if settled:
            answer = settled
        elif evidence and evidence.found:
            question = turn.question
            # No figure asked, stated or checked: the sentence lists what was asked (compose.py).
            stated = any(c.kind == "figure" for c in question.concepts)
            whole = not (question.wants or question.confirms or stated or evidence.contradicts)
            opening = lead(question, evidence)
            answer = found_answer([evidence, *turn.also], question.language, documents > 1, opening, whole)
        else:
            answer = not_found_answer(turn.question.language, asked_topic(turn.question), self.suggestions(turn))
        answer.debug = {
            "concepts": [c.label for c in turn.question.concepts],
            "history_concepts": [c.label for c in turn.history.concepts] if turn.history else [],
            "wants": sorted(turn.question.wants),
            "retrieved": [doc.metadata.get("chunk_id") for doc in turn.passages],
            "retrieved_texts": [doc.page_content for doc in turn.passages],
            "evidence": evidence.text if evidence else None,
            "coverage": round(evidence.coverage, 3) if evidence else None,
        }
        return answer
