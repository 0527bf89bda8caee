"""Stream a model's answer through the figure guard, within a time limit.

The model's tokens arrive on a worker thread; this side releases text only
sentence by sentence, each sentence only once the guard has passed it, and the
first only once the text so far states the answer's figure. So what a reader
sees is always text the guard passed. A sentence that fails ends the stream:
the caller shows the extractive answer instead. So do a timeout and an error.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from assistant.answering.llm.citations import Renumbering
from assistant.answering.llm.guard import GuardSource, Problem, check_sentence, states_an_answer
from assistant.answering.llm.sentences import split_sentences

log = logging.getLogger(__name__)
Status = Literal["passed", "replaced", "timeout", "error"]
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)
T = TypeVar("T")


@dataclass
class Outcome:
    """How a generation ended. `text` and `cited` are meaningful only when it passed."""

    status: Status
    raw: str = ""
    text: str = ""
    cited: list[int] = field(default_factory=list)  # prompt source numbers, in the answer's new order
    problem: Problem | None = None
    error: str | None = None


def content_text(chunk: Any) -> str:
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content
                       if isinstance(b, str | dict))
    return str(content)


def _visible(raw: str) -> str:
    """The answer without a reasoning model's <think> block (hidden until it closes)."""
    return _THINK.sub("", raw).lstrip()


def describe(error: BaseException) -> str:
    text = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def call_with_timeout(function: Callable[[], T], timeout_s: float) -> T:
    """`function()` on a worker thread; TimeoutError if it takes longer than `timeout_s`."""
    box: queue.Queue[tuple[bool, T | BaseException]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, function()))
        except BaseException as error:
            box.put((False, error))

    threading.Thread(target=run, name="llm-call", daemon=True).start()
    try:
        ok, value = box.get(timeout=timeout_s)
    except queue.Empty:
        raise TimeoutError(f"no answer within {timeout_s:g} s") from None
    if isinstance(value, BaseException) and not ok:
        raise value
    return value  # type: ignore[return-value]


class GuardedGenerator:
    """One chat model, streamed through the guard with a per-answer time limit."""

    def __init__(self, chat: BaseChatModel, timeout_s: float) -> None:
        self.chat = chat
        self.timeout_s = timeout_s

    def _pump(self, messages: list[BaseMessage], out: queue.Queue[tuple[str, Any]],
              stop: threading.Event) -> None:
        try:
            for chunk in self.chat.stream(messages):
                if stop.is_set():
                    return
                out.put(("text", content_text(chunk)))
            out.put(("end", ""))
        except BaseException as error:
            out.put(("error", error))

    def stream(self, messages: list[BaseMessage], sources: Sequence[GuardSource],
               language: str) -> Iterator[str | Outcome]:
        """Passed text pieces, then exactly one Outcome."""
        out: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        worker = threading.Thread(target=self._pump, args=(messages, out, stop), name="llm-stream", daemon=True)
        deadline = time.monotonic() + self.timeout_s
        raw = ""
        consumed = 0  # characters of the visible text already judged
        passed: list[str] = []  # sentences as the model wrote them
        shown: list[str] = []  # the same, renumbered
        released = 0
        renumbering = Renumbering()
        worker.start()
        try:
            while True:
                try:
                    kind, value = out.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    yield Outcome("timeout", raw, error="timed out")
                    return
                if kind == "error":
                    log.warning("LLM stream failed: %s", describe(value))
                    yield Outcome("error", raw, error=describe(value))
                    return
                final = kind == "end"
                raw += value
                visible = _visible(raw)
                if "<think>" in raw and "</think>" not in raw and not final:
                    continue
                sentences, _ = split_sentences(visible[consumed:], final)
                for sentence in sentences:
                    consumed += len(sentence)
                    problem = check_sentence(sentence, sources, language)
                    if problem:
                        yield Outcome("replaced", raw, problem=problem)
                        return
                    passed.append(sentence)
                    shown.append(renumbering.apply(sentence))
                if released or states_an_answer("".join(passed), sources, language):
                    piece = "".join(shown[released:])
                    if piece.strip():
                        yield piece.lstrip() if not released else piece
                    released = len(shown)
                if final:
                    text = "".join(shown).strip()
                    if not text:
                        yield Outcome("replaced", raw, problem=Problem("empty", ""))
                    elif not states_an_answer("".join(passed), sources, language):
                        yield Outcome("replaced", raw, problem=Problem("missing", text[:200]))
                    else:
                        yield Outcome("passed", raw, text, list(renumbering.order))
                    return
        finally:
            stop.set()
