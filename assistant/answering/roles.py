"""The figure an answer must hold: of the kind asked, and playing the role asked.

"giảm bao nhiêu phần trăm" wants a percentage that is itself a change
("tương ứng giảm 0,96%"), not the rate that remains ("còn 20.498 hộ (4,61%)")
in the clause before it; "ai" wants a person's name, not an institution's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from assistant.text.figures import find_figures, is_statistic
from assistant.text.vietnamese import fold, folded_tokens

CHANGE_WORDS = frozenset({"giảm", "tăng", "giam", "tang"})
# A person's name: two to four capitalised syllables (any capital, marked or not).
_NAME = re.compile(r"\b(?:[^\W\d_a-zđ]\w*\s+){1,3}[^\W\d_a-zđ]\w*")
# Capitalised runs that name an institution or a document, not a person ("Sở Lao động…").
_NOT_PERSON = frozenset({"sở", "ủy", "uỷ", "ban", "hội", "phòng", "quỹ", "trung", "bộ", "cục", "chi", "đài",
                         "báo", "tỉnh", "huyện", "thành", "chương", "kế", "quyết", "nghị", "chính", "nhà",
                         "trường", "công", "văn", "đảng", "mặt", "liên", "thủ"})


def _names_person(text: str) -> bool:
    return any(match.group(0).split()[0].lower() not in _NOT_PERSON and not match.group(0).isupper()
               for match in _NAME.finditer(text))


def names_what_is_asked(which: str, text: str, plural: Collection[str] = ()) -> bool:
    """"Chỉ tiêu nào …?" is answered by a clause naming a target ("chỉ tiêu giảm nghèo"), not by
    "6 chỉ tiêu" (a count) or "các chỉ tiêu" (all of them).

    The asked word must be followed by what names it, and not counted or grouped by the few words
    before it. A thing the question does not name ("cái nào", English "which") cannot be checked
    against a clause, so no clause answers it.
    """
    if which == "*":
        return False
    words = folded_tokens(text)
    counted = {w for p in plural for w in folded_tokens(p)}
    for index, word in enumerate(words[:-1]):
        before = words[max(0, index - 3) : index]
        if word == fold(which) and not any(any(ch.isdigit() for ch in w) or w in counted for w in before):
            return True
    return False


def kind_score(wants: Collection[str], asks_change: bool, text: str, clause_texts: Sequence[str],
               which: str | None = None, plural: Collection[str] = ()) -> tuple[float, bool]:
    """(bonus, whether the text holds the kind of answer asked for, in the role asked)."""
    if which and not names_what_is_asked(which, text, plural):
        return 0.0, False
    figures = find_figures(text)
    has_statistic = any(is_statistic(f) for f in figures)
    # "Who"/"when" decide what an answer must hold; otherwise a count or amount.
    if "person" in wants or "date" in wants:
        satisfied = ("person" in wants and _names_person(text)) or (
            "date" in wants and (any(f.kind == "date" for f in figures) or "ngày" in text.lower()))
    elif "money" in wants:
        satisfied = any(f.kind == "money" for f in figures)
    elif "percent" in wants:
        satisfied = any(f.kind == "percent" and plays_role(f.text, clause_texts, True, asks_change) for f in figures)
    elif "quantity" in wants:
        satisfied = any(is_statistic(f) and plays_role(f.text, clause_texts, False, asks_change) for f in figures)
    else:
        # Nothing asked explicitly: this is a statistics assistant, so a figure helps a little.
        return (0.05 if has_statistic else 0.0), True
    return (0.4 if satisfied else 0.0), satisfied


def plays_role(figure: str, clause_texts: Sequence[str], percent: bool, asks_change: bool) -> bool:
    """A change asked for: the figure's own clause says a change. Otherwise any figure does."""
    if not asks_change:
        return True
    for clause in clause_texts:
        if figure in clause:
            words = set(folded_tokens(clause))
            return bool(words & CHANGE_WORDS) and (percent or not clause.strip().startswith("("))
    return False
