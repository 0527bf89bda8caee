"""Near misses: when no clause answers, the figures close to the question, offered as questions.

A refusal that only says "no information" is false when the report holds something close
("tỷ lệ thất nghiệp" is not there, the number of jobs created is). The clause a close candidate
came from is turned back into a question the user can click ("giải quyết việc làm cho bao
nhiêu lao động?"); the service keeps a suggestion only when asking it lands on that same
clause, so a click always gets a cited answer. No figure is stated: the suggestion replaces
the figure by "bao nhiêu".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.evidence import Evidence
from assistant.text.figures import find_figures, is_statistic

MAX_SUGGESTIONS = 3
# Half the question said by the clause: below that the candidate is about something else,
# and offering it would be noise rather than a near miss.
NEAR_COVERAGE = 0.5
MIN_SUBJECT_WORDS = 3  # words that say what the figure is about, before and after it
MAX_TAIL_WORDS = 12  # syllables

# Words that open a clause without telling what the figure is about.
_OPENERS = ("trong năm", "trong đó có", "trong đó", "đó là", "đây là", "đồng thời", "ngoài ra",
            "bên cạnh đó", "theo đó", "cụ thể", "và", "đã", "với", "đạt", "là")
# Words just before a figure that make it approximate: the question asks for the figure itself.
_QUALIFIERS = ("gần", "khoảng", "hơn", "trên", "xấp xỉ", "dưới", "ước", "ước đạt")
_YEAR_LEAD = re.compile(r"^(?:năm|trong năm)\s+(?:19|20)\d\d\s*,?\s*", re.IGNORECASE)


def _strip_openers(text: str) -> str:
    text = _YEAR_LEAD.sub("", text.strip(" ,;:-–()"))
    changed = True
    while changed:
        changed = False
        for opener in _OPENERS:
            if text.lower().startswith(opener + " ") or text.lower().startswith(opener + ","):
                text = text[len(opener):].lstrip(" ,")
                changed = True
    return text


def _strip_qualifiers(text: str) -> str:
    text = text.rstrip(" ,:(")
    changed = True
    while changed:
        changed = False
        for word in _QUALIFIERS:
            if text.lower().endswith(" " + word) or text.lower() == word:
                text = text[: len(text) - len(word)].rstrip(" ,:(")
                changed = True
    return text


def question_for(clause: str) -> str | None:
    """The question a clause answers, its first statistic replaced by "bao nhiêu"; None when
    the clause does not say what its figure is about."""
    figures = [f for f in find_figures(clause) if is_statistic(f)]
    if not figures:
        return None
    figure = figures[0]
    # The clause the figure sits in names it; earlier clauses of the span are context.
    parts = re.split(r"[,;:]\s+", clause[: figure.start])
    subject = ""
    while parts and len(subject.split()) < MIN_SUBJECT_WORDS:
        subject = _strip_qualifiers(_strip_openers(", ".join([parts.pop(), subject] if subject else [parts.pop()])))
    if any(ch.isdigit() for ch in subject):
        return None
    # What follows the figure, to the clause's end, often says what it counts ("1.741 lao động đi
    # làm việc ở nước ngoài"); a percentage or an amount of money is asked as such.
    tail = re.split(r"[,;:.()]|\d", clause[figure.end:], maxsplit=1)[0].split()[:MAX_TAIL_WORDS]
    if figure.kind == "percent":
        asked, tail = ["bao nhiêu phần trăm"], []
    elif figure.kind == "money":
        asked, tail = ["bao nhiêu tiền"], []
    else:
        asked = ["bao nhiêu"]
    if len(subject.split()) + len(tail) < MIN_SUBJECT_WORDS:
        return None
    text = " ".join(w for w in (subject, *asked, *tail) if w)
    return f"{text[0].upper()}{text[1:]}?"


def near_candidates(candidates: Sequence[Evidence]) -> list[tuple[str, Evidence]]:
    """Close candidates that can be asked as a question, best first, one per clause."""
    seen: set[str] = set()
    out: list[tuple[str, Evidence]] = []
    for evidence in sorted(candidates, key=lambda e: -e.score):
        if evidence.coverage < NEAR_COVERAGE:
            continue
        question = question_for(evidence.text)
        if question and question not in seen:
            seen.add(question)
            out.append((question, evidence))
    return out
