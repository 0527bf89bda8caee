"""Numbers written as words: "sáu", "hai mươi nghìn bốn trăm chín mươi tám", "seven billion".

Official texts write figures in digits, but a language model may not, so the
figure guard must read words as well. Words that double as ordinary words are
only read as numbers where they cannot mean anything else: a lone "một" is
the article "a", a lone "không" is "not", "năm" before a year or after "trong"
is "year", "tư" alone is "private" ("đầu tư", "tư nhân").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.figures import Figure, FigureKind

_DIGITS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "nhăm": 5,
    "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
_ENGLISH = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
           "thousand": 1e3, "million": 1e6, "billion": 1e9}
_HUNDRED = ("trăm", "hundred")
_JOINERS = {"mươi", "mười", "chục", "lẻ", "linh", "phẩy", "and", "rưỡi", "rưởi", *_HUNDRED, *_SCALES}
# Words that are numbers only inside a longer run of number words.
_ONLY_IN_RUNS = {"không", "một", "mốt", "tư", "lăm", "nhăm", "lẻ", "linh", "phẩy", "and", "rưỡi", "rưởi",
                 "mươi", "chục", "one", *_HUNDRED, *_SCALES}
# "năm" means "year" before these words or a year, and after these.
_YEAR_AFTER = {"nay", "trước", "qua", "sau", "tới", "ngoái", "học", "kế", "tài", "đó", "này", "ấy", "cũ",
               "mới", "liền", "vừa", "rồi", "đầu", "cuối", "thứ", "sinh"}
_YEAR_BEFORE = {"trong", "của", "các", "hằng", "hàng", "mỗi", "cả", "cuối", "đầu", "giữa", "những", "nhiều",
                "vào", "từ", "đến", "so", "với", "mấy", "bao", "theo", "chục", "mươi", "trăm", "nghìn"}
_VAGUE_BEFORE = {"hàng", "vài", "mấy", "dozens", "hundreds", "thousands", "millions"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_PERCENT_AFTER = re.compile(r"\s*(?:phần\s+trăm|percent|per\s+cent)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Word:
    text: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    return [_Word(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _is_number_word(word: str) -> bool:
    return word in _DIGITS or word in _ENGLISH or word in _JOINERS or word == "mười"


def _adjacent(text: str, left: _Word, right: _Word) -> bool:
    """Two words of one number: only spaces (or an English hyphen) between them."""
    return re.fullmatch(r"\s+|-", text[left.end : right.start]) is not None


def _value(run: list[str]) -> float | None:
    """The value of a run of number words, or None when it does not read as one number."""
    total = 0.0
    group = 0.0
    pending: float | None = None
    decimals: list[int] | None = None
    for word in run:
        if decimals is not None:
            if word in _DIGITS:
                decimals.append(_DIGITS[word])
                continue
            return None
        if word in ("phẩy",):
            decimals = []
            group += pending or 0
            pending = None
        elif word in _DIGITS:
            if pending is not None:
                return None  # "hai ba": two digits in a row are not one number
            pending = _DIGITS[word]
        elif word in _ENGLISH:
            group += _ENGLISH[word]
        elif word == "mười":
            group += 10
        elif word in ("mươi", "chục"):
            if pending is None and word == "mươi":
                return None
            group += (pending if pending is not None else 1) * 10
            pending = None
        elif word in _HUNDRED:
            if pending is not None:
                group += pending * 100
            else:  # English "two hundred": the digit word is already in the group
                group = (group or 1) * 100
            pending = None
        elif word in ("lẻ", "linh", "and"):
            continue
        elif word in ("rưỡi", "rưởi"):
            return None  # "một triệu rưỡi": read by no rule here, so never allowed
        elif word in _SCALES:
            group += pending or 0
            pending = None
            total += (group or 1) * _SCALES[word]
            group = 0
    if decimals is not None:
        if not decimals:
            return None
        return total + group + float("0." + "".join(str(d) for d in decimals))
    return total + group + (pending or 0)


def _means_year(text: str, words: list[_Word], index: int) -> bool:
    """Whether this "năm" is the noun "year" rather than the number five."""
    before = words[index - 1].text if index else ""
    after = words[index + 1].text if index + 1 < len(words) else ""
    if re.match(r"\s*(?:\d|[.,;:!?)\]]|$)", text[words[index].end :]):
        return True  # "năm 2024", "trong cả năm."
    return after in _YEAR_AFTER or before in _YEAR_BEFORE


def _lone_word_is_number(text: str, words: list[_Word], index: int) -> bool:
    word = words[index].text
    if word in _ONLY_IN_RUNS:
        return False
    return not (word == "năm" and _means_year(text, words, index))


def _extends(text: str, words: list[_Word], run_end: int) -> bool:
    """Whether the word after words[run_end] continues the same number."""
    nxt = run_end + 1
    if nxt >= len(words) or not _is_number_word(words[nxt].text) \
            or not _adjacent(text, words[run_end], words[nxt]):
        return False
    if words[nxt].text == "năm" and words[run_end].text in (*_DIGITS, "mười", "mươi"):
        # "mười năm", "hai năm": years, since fifteen is "mười lăm" - unless a multiplier follows.
        following = words[nxt + 1].text if nxt + 1 < len(words) else ""
        return following in ("mươi", "chục", *_HUNDRED, *_SCALES) and _adjacent(text, words[nxt], words[nxt + 1])
    return True


def number_word_figures(text: str) -> list[Figure]:
    """Numbers written in words, each with its offsets in `text`."""
    words = _words(text)
    found: list[Figure] = []
    index = 0
    while index < len(words):
        if not _is_number_word(words[index].text):
            index += 1
            continue
        end = index
        while _extends(text, words, end):
            end += 1
        run = words[index : end + 1]
        vague = index > 0 and words[index - 1].text in _VAGUE_BEFORE and run[0].text in (*_SCALES, *_HUNDRED,
                                                                                        "chục")
        if len(run) > 1 or vague or _lone_word_is_number(text, words, index):
            value = _value([w.text for w in run])
            first, last = run[0], run[-1]
            stop = last.end
            percent = _PERCENT_AFTER.match(text, stop)
            if percent:
                stop = percent.end()
            kind: FigureKind = "percent" if percent else "number"
            found.append(Figure(text[first.start : stop], first.start, stop, kind,
                                value if value is not None else float("nan"), approximate=vague))
        index = end + 1
    return found
