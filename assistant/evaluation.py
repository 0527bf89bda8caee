"""Score answers against a question file, by the rule of shared/eval/README.md.

A figure, fact or follow-up answer is right when it holds one of the expected
strings and a citation quotes a passage holding it; an out-of-scope answer is
right when it says the report does not know and states no figure; nothing
listed under `forbid` may appear. Retrieval is scored too: hit@k means an
expected string is in one of the first k passages retrieved.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.answering.answer import Answer

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    question: str
    history: tuple[str, ...] = ()
    expect_any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        return cls(
            id=str(data.get("id", "")),
            kind=str(data.get("kind", "figure")),
            question=str(data["question"]),
            history=tuple(str(h) for h in data.get("history", []) or []),
            expect_any=tuple(str(e) for e in data.get("expect_any", []) or []),
            forbid=tuple(str(f) for f in data.get("forbid", []) or []),
        )


def is_right(case: Case, answer: Answer) -> bool:
    if any(f and f in answer.answer for f in case.forbid):
        return False
    if not case.expect_any:
        # Nothing to find: the honest answer is "not in the report", with no figure.
        return not answer.found and not answer.citations and not _DIGIT.search(answer.answer)
    return any(
        expected in answer.answer and any(expected in c.quote for c in answer.citations)
        for expected in case.expect_any
    )


def retrieval_hit(case: Case, passages: list[str], k: int) -> bool | None:
    if not case.expect_any:
        return None
    return any(e in p for p in passages[:k] for e in case.expect_any)


@dataclass
class Report:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, case: Case, answer: Answer) -> None:
        passages = list(answer.debug.get("retrieved_texts", []))
        self.rows.append({
            "id": case.id, "kind": case.kind, "right": is_right(case, answer),
            "hit1": retrieval_hit(case, passages, 1), "hit3": retrieval_hit(case, passages, 3),
            "elapsed_ms": answer.elapsed_ms, "answer_chars": len(answer.answer),
            "answer": answer.answer,
        })

    @property
    def right(self) -> int:
        return sum(1 for r in self.rows if r["right"])

    def table(self) -> str:
        lines = ["| kind | right | total |", "| --- | --- | --- |"]
        for kind in sorted({r["kind"] for r in self.rows}):
            rows = [r for r in self.rows if r["kind"] == kind]
            lines.append(f"| {kind} | {sum(r['right'] for r in rows)} | {len(rows)} |")
        lines.append(f"| **all** | **{self.right}** | **{len(self.rows)}** |")
        return "\n".join(lines)

    def summary(self) -> dict[str, Any]:
        def rate(key: str) -> float | None:
            values = [r[key] for r in self.rows if r[key] is not None]
            return round(sum(values) / len(values), 3) if values else None

        return {
            "right": self.right,
            "total": len(self.rows),
            "hit@1": rate("hit1"),
            "hit@3": rate("hit3"),
            "median_elapsed_ms": _median(r["elapsed_ms"] for r in self.rows),
            "median_answer_chars": _median(r["answer_chars"] for r in self.rows),
        }


def _median(values: Iterable[float]) -> float | None:
    listed = list(values)
    return round(statistics.median(listed), 1) if listed else None
