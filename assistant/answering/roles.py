"""The figure an answer must hold: of the kind asked, and playing the role asked.

"giảm bao nhiêu phần trăm" wants a percentage that is itself a change
("tương ứng giảm 0,96%"), not the rate that remains ("còn 20.498 hộ (4,61%)")
in the clause before it; "ai" wants a person's name, not an institution's.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from assistant.answering.asked import CHANGE_WORDS, Asked, says_any, words_of
from assistant.text.figures import Figure, find_figures, is_statistic
from assistant.text.vietnamese import fold, folded_tokens

# How far after a figure a clause may measure it against a target ("0,96%, vượt chỉ tiêu …").
TARGET_WINDOW = 8
# A person's name: two to four capitalised syllables (any capital, marked or not).
_NAME = re.compile(r"\b(?:[^\W\d_a-zđ]\w*\s+){1,3}[^\W\d_a-zđ]\w*")
# Capitalised runs that name an institution or a document, not a person ("Sở Lao động…").
_NOT_PERSON = frozenset(
    {
        "sở",
        "ủy",
        "uỷ",
        "ban",
        "hội",
        "phòng",
        "quỹ",
        "trung",
        "bộ",
        "cục",
        "chi",
        "đài",
        "báo",
        "tỉnh",
        "huyện",
        "thành",
        "chương",
        "kế",
        "quyết",
        "nghị",
        "chính",
        "nhà",
        "trường",
        "công",
        "văn",
        "đảng",
        "mặt",
        "liên",
        "thủ",
    }
)


def _names_person(text: str) -> bool:
    return any(
        match.group(0).split()[0].lower() not in _NOT_PERSON and not match.group(0).isupper()
        for match in _NAME.finditer(text)
    )


_INSTITUTIONS = frozenset(
    {"sở", "ủy", "uỷ", "ubnd", "bộ", "ban", "phòng", "trung", "cục", "chi", "hội", "quỹ", "đài", "báo"}
)


def _names_institution(text: str) -> bool:
    """ "Cơ quan nào …?" is answered by a clause naming one: a capitalised name that an
    institution's word opens ("Sở Lao động", "Ủy ban nhân dân"), or "UBND"."""
    return "UBND" in text or any(m.group(0).split()[0].lower() in _INSTITUTIONS for m in _NAME.finditer(text))


# "Tổ chức ở đâu?" is answered by a clause that says where: a locative before a proper name
# ("tại Hội trường …", "ở Đông Hà") or a venue.
_PLACE = re.compile(r"\b(?:tại|ở)\s+(?:[^\W\d_a-zđ]|hội trường|trụ sở)")


def _names_place(text: str) -> bool:
    return bool(_PLACE.search(text))


def names_what_is_asked(which: str, text: str, plural: Collection[str] = ()) -> bool:
    """ "Chỉ tiêu nào …?" is answered by a clause naming a target ("chỉ tiêu giảm nghèo"), not by
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


def is_the_target(figure: Figure, text: str, asked: Asked) -> bool:
    """Whether the text states the figure as a target's value: a target word shortly before it
    ("kế hoạch … là 18.000"), or right after it when it counts targets ("08/9 chỉ tiêu", "9 nhóm chỉ tiêu"); not when
    the words after it measure it against a target ("giảm 0,96%, vượt chỉ tiêu …": the result)."""
    targets = [tuple(folded_tokens(t)) for t in asked.target]
    results = {w for r in asked.results for w in folded_tokens(r)}
    after = folded_tokens(text[figure.end :])[:TARGET_WINDOW]
    before = folded_tokens(text[: figure.start])[-TARGET_WINDOW:]

    def target_at(words: Sequence[str], i: int) -> bool:
        return any(tuple(words[i : i + len(t)]) == t for t in targets)

    grouped = {w for p in asked.plural for w in folded_tokens(p)}
    if after and (target_at(after, 0) or (after[0] in grouped and target_at(after, 1))):
        return True
    measured = any(
        word in results and any(target_at(after, j) for j in range(i + 1, min(len(after), i + 4)))
        for i, word in enumerate(after)
    )
    return not measured and any(target_at(before, i) for i in range(len(before)))


def kind_score(
    asked: Asked, text: str, clause_texts: Sequence[str], found: Sequence[Figure] | None = None
) -> tuple[float, bool]:
    """(bonus, whether the text holds the kind of answer asked for, in the role asked).

    `found`: the text's figures (find_figures), when they were read already."""
    wants, asks_change = asked.wants, asked.asks_change
    if asked.which and not names_what_is_asked(asked.which, text, asked.plural):
        return 0.0, False
    # "Chỉ tiêu nào chưa đạt?" is not answered by a target exceeded: the clause must say the failure
    # ("cao nhất": the ranking).
    if asked.must_say and not says_any(text, asked.must_say):
        return 0.0, False
    figures = list(find_figures(text) if found is None else found)
    if asked.target:
        figures = [f for f in figures if not is_statistic(f) or is_the_target(f, text, asked)]
    has_statistic = any(is_statistic(f) for f in figures)
    # "Who"/"when" decide what an answer must hold; otherwise a count or amount.
    if wants & {"person", "organisation", "date", "place"}:
        satisfied = (
            ("person" in wants and _names_person(text))
            or ("organisation" in wants and _names_institution(text))
            or ("date" in wants and (any(f.kind == "date" for f in figures) or "ngày" in text.lower()))
            or ("place" in wants and _names_place(text))
        )
    elif "money" in wants:
        satisfied = any(f.kind == "money" for f in figures)
    elif "percent" in wants:
        satisfied = any(f.kind == "percent" and plays_role(f.text, clause_texts, True, asks_change) for f in figures)
    elif "quantity" in wants or "count" in wants:
        # "Số hộ nghèo" asks a count: the rate of poor households does not answer it.
        counts = [f for f in figures if f.kind != "percent"] if "count" in wants else figures
        satisfied = any(is_statistic(f) and plays_role(f.text, clause_texts, False, asks_change) for f in counts)
    elif asked.echo and not _says_more(asked, clause_texts or [text]):
        return 0.0, False  # it only says the question back
    elif asked.said and set(words_of(text, asked.folded)) - asked.quiet <= asked.said:
        return 0.0, False  # "giảm nghèo" alone, for "kết quả giảm nghèo ra sao": the question's own words
    else:
        # Nothing asked explicitly: this is a statistics assistant, so a figure helps a little.
        return (0.05 if has_statistic else 0.0), True
    return (0.4 if satisfied else 0.0) + _gives_a_part(asked, text), satisfied


PART_BONUS = 0.15


def _gives_a_part(asked: Asked, text: str) -> float:
    """ "Trong đó mấy cái vượt kế hoạch?" asks a part of a whole; the clause that says "trong đó
    có 6 chỉ tiêu …" gives the part, the one before it ("08/9 chỉ tiêu") the whole."""
    return PART_BONUS if says_any(text, asked.among) else 0.0


def _says_more(asked: Asked, clauses: Sequence[str]) -> bool:
    # What is asked for comes in the clause that names it or after it ("… trọng tâm như: đền ơn
    # đáp nghĩa"); a clause before it ("Bên cạnh những kết quả đạt được, …") is context.
    named = False
    for clause in clauses:
        words = set(words_of(clause, asked.folded)) - asked.quiet
        named = named or bool(words & asked.own)
        if named and words - asked.echo:
            return True
    return False


def plays_role(figure: str, clause_texts: Sequence[str], percent: bool, asks_change: bool) -> bool:
    """A change asked for: the figure's own clause says a change. Otherwise any figure does."""
    if not asks_change:
        return True
    for clause in clause_texts:
        if figure in clause:
            words = set(folded_tokens(clause))
            return bool(words & CHANGE_WORDS) and (percent or not clause.strip().startswith("("))
    return False


