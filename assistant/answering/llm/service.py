"""The LLM path: the extractive service's evidence, phrased by a model, checked by the guard.

Same `ask`/`stream` interface as `AnswerService`, which it wraps: the same
retrieval and the same answerability gate decide whether the model is asked
at all. When the model is unreachable, slow, fails, or writes anything the
guard rejects, the user gets the extractive answer with a short note saying so.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Iterator, Sequence
from typing import Any

from assistant.answering.answer import Answer, AnswerDelta
from assistant.answering.compose import lead
from assistant.answering.llm.backends import BackendStatus, LlmBackend
from assistant.answering.llm.generator import GuardedGenerator, Outcome, call_with_timeout, content_text, describe
from assistant.answering.llm.prompt import grounded_messages, rewrite_messages, standalone_question
from assistant.answering.llm.sources import answer_sources
from assistant.answering.question import Concept, Question, analyse
from assistant.answering.service import AnswerService, Turn, clean_history, clean_question
from assistant.text.vietnamese import fold, folded_tokens

log = logging.getLogger(__name__)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_EXTRACTIVE = "đây là đoạn trích nguyên văn từ báo cáo."
NOTES = {
    "replaced": "Câu trả lời của mô hình ngôn ngữ không khớp với nguồn nên không được hiển thị; " + _EXTRACTIVE,
    "timeout": "Mô hình ngôn ngữ trả lời quá {seconds:g} giây; " + _EXTRACTIVE,
    "error": "Không dùng được mô hình ngôn ngữ ({label}): {reason}; " + _EXTRACTIVE,
}


def _reason(error: str | None) -> str:
    if error and ("Connect" in error or "refused" in error):
        return "không kết nối được máy chủ"
    return "lỗi khi sinh câu trả lời"


def keeps_the_question(original: Question, rewritten: Question) -> bool:
    """Whether a rewritten follow-up still asks what the user asked: a small model may
    return the previous question instead, which would retrieve the previous answer."""
    words = f" {' '.join(folded_tokens(rewritten.text))} "

    def kept(concept: Concept) -> bool:
        if concept.kind == "relative_year" and _YEAR.search(words):
            return True
        phrases = [" ".join(a) for a in concept.alternatives] + [concept.label]
        return any(f" {fold(p)} " in words for p in phrases)

    concepts = original.topic_concepts
    # At least half: "Còn tỷ lệ thì sao?" keeps "tỷ lệ" and may drop "còn".
    return 2 * sum(map(kept, concepts)) >= len(concepts) and original.wants <= rewritten.wants


class LlmAnswerService:
    """Answers phrased by a chat model, never showing a figure the answering clause does not hold."""

    def __init__(self, base: AnswerService, backend: LlmBackend | None, status: BackendStatus,
                 timeout_s: float, rewrite_followups: bool = True) -> None:
        self.base = base
        self.backend = backend
        self.status = status
        self.timeout_s = timeout_s
        self.rewrite_followups = rewrite_followups
        self.max_question_chars = base.max_question_chars

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        final: Answer | None = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def _rewrite(self, question: str, history: list[str], debug: dict[str, Any], deadline: float) -> str | None:
        if not (history and self.backend and self.rewrite_followups):
            return None
        chat = self.backend.chat
        try:
            reply = call_with_timeout(lambda: chat.invoke(rewrite_messages(question, history)),
                                      max(0.0, deadline - time.monotonic()))
        except Exception as error:
            debug["rewrite_error"] = describe(error)
            return None
        rewritten = standalone_question(content_text(reply), self.base.max_question_chars)
        debug["rewritten_question"] = rewritten
        return rewritten

    def _turn(self, question: str, history: list[str], debug: dict[str, Any],
              deadline: float) -> tuple[Turn, str | None]:
        """The evidence to answer from, and the standalone question if the rewrite is used."""
        original = analyse(question, self.base.lexicon)
        rewritten = self._rewrite(question, history, debug, deadline)
        if rewritten:
            turn = self.base.understand(rewritten, history)
            if not keeps_the_question(original, turn.question):
                debug["rewrite_unused"] = "the rewrite dropped part of the follow-up"
            elif not (turn.evidence and turn.evidence.found):
                debug["rewrite_unused"] = "no evidence found for the rewritten question"
            else:
                # Answer in the user's language, and with the kind of figure the follow-up asked for.
                turn.question = dataclasses.replace(turn.question, language=original.language,
                                                    wants=original.wants or turn.question.wants)
                return turn, rewritten
        return self.base.understand(question, history), None

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerDelta | Answer]:
        started = time.perf_counter()
        deadline = time.monotonic() + self.timeout_s  # one budget for the rewrite and the answer
        text = clean_question(question, self.base.max_question_chars)
        earlier = clean_history(history, self.base.max_question_chars)
        debug: dict[str, Any] = {"backend": self.status.label}
        turn, rewritten = self._turn(text, earlier, debug, deadline)
        evidence = turn.evidence
        numbered = answer_sources(evidence, turn.question, turn.history, text) if evidence and evidence.found \
            else None
        # The fallback is the extractive service's own answer, word for word: with or without a
        # model, a replaced answer reads the same.
        extractive = self.base.compose(turn)
        extractive.debug["llm"] = debug

        def final(answer: Answer) -> Answer:
            answer.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            return answer

        # The gate refuses, or the answer is the document's metadata or a refusal for another
        # province: a model must not be tempted to answer (it would restate this report's figure).
        # A yes/no or a corrected premise too: a model echoes the user's "tăng" or "đúng" (the
        # 1.5B wrote "tăng 4.171 hộ" for a decrease, and a figure guard cannot see a direction).
        settled = self.base.decided_elsewhere(turn) or bool(evidence and lead(turn.question, evidence))
        if not (numbered and evidence and extractive.found) or settled:
            debug["status"] = "not_asked"
            yield AnswerDelta(extractive.answer)
            yield final(extractive)
            return
        if self.backend is None:
            debug["status"] = "unavailable"
            extractive.note = self.status.note
            yield AnswerDelta(extractive.answer)
            yield final(extractive)
            return

        language = turn.question.language
        sources, guards = numbered.prompt, numbered.guard
        debug["focus"] = numbered.focus
        messages = grounded_messages(rewritten or text, language, sources, () if rewritten else earlier)
        outcome = Outcome("error", error="no outcome")
        generator = GuardedGenerator(self.backend.chat, max(0.0, deadline - time.monotonic()))
        for item in generator.stream(messages, guards, language):
            if isinstance(item, Outcome):
                outcome = item
            else:
                yield AnswerDelta(item)
        debug.update(status=outcome.status, model_text=outcome.raw)
        if outcome.problem:
            debug["problem"] = f"{outcome.problem.kind}: {outcome.problem.detail}"
        if outcome.error:
            debug["error"] = outcome.error
        if outcome.status == "passed":
            by_number = {s.n: s.citation for s in sources if s.citation}
            citations = [dataclasses.replace(by_number[n], n=i) for i, n in enumerate(outcome.cited, start=1)]
            yield final(Answer(answer=outcome.text, found=True, citations=citations, backend=self.status.label,
                               guard="passed", language=language, debug=extractive.debug))
            return
        log.info("LLM answer not shown (%s): %s", outcome.status, debug.get("problem") or outcome.error)
        extractive.guard = "replaced" if outcome.status == "replaced" else "not_run"
        extractive.note = NOTES[outcome.status].format(seconds=self.timeout_s, label=self.status.label,
                                                     reason=_reason(outcome.error))
        yield final(extractive)
