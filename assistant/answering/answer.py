"""The answer a user gets, in the shape the CLI prints as JSON and the UI shows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

Guard = Literal["passed", "replaced", "not_run"]


@dataclass(frozen=True)
class Citation:
    """One numbered source: the exact quoted text and where it sits in its document."""

    n: int
    document: str
    title: str
    url: str | None
    quote: str
    start: int  # quote == document text[start:end]
    end: int
    highlight_start: int  # the clause the answer uses, same coordinates
    highlight_end: int
    publisher: str | None = None
    date: str | None = None
    period: str | None = None
    location: str | None = None  # page or section, when the format has them
    passage: str = ""  # the whole retrieved chunk, for context
    passage_start: int = 0


@dataclass
class Answer:
    answer: str
    found: bool
    citations: list[Citation]
    elapsed_ms: float = 0.0
    backend: str = "extractive"
    guard: Guard = "not_run"
    language: str = "vi"
    note: str | None = None  # e.g. why the model's answer was replaced
    # When nothing answers but something is close: questions the report does answer, to click.
    suggestions: list[str] = field(default_factory=list)
    debug: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, include_debug: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not include_debug:
            data.pop("debug")
        return data


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of answer text to append while an answer streams.

    A stream yields deltas, then exactly one final `Answer`, which is the
    authoritative answer: front ends replace the streamed text with it.
    """

    text: str


class QuestionError(ValueError):
    """A question that cannot be asked as typed; the message is for the user."""


class Answerer(Protocol):
    """What front ends call: the extractive service, or the LLM path wrapped around it."""

    max_question_chars: int

    def ask(self, question: str, history: Sequence[str] = ()) -> Answer: ...

    def stream(self, question: str, history: Sequence[str] = ()) -> Iterator[AnswerDelta | Answer]: ...
