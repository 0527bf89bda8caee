"""The part of a message that asks: what is left once markup, openers, pasted instructions,
the asker's purpose and what they do not want are set aside; English glossary words inside a
Vietnamese question are put in Vietnamese. Text in, text out: question.py reads the words.
"""

from __future__ import annotations

import re

from assistant.answering.lexicon import Lexicon, translate_english
from assistant.text.segments import sentences
from assistant.text.syllables import is_syllable
from assistant.text.vietnamese import fold, has_diacritics

# Markup pasted into a question carries no topic; scripts and styles not even their text.
_MARKUP = re.compile(
    r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)|<[^>]{0,200}>"  # HTML
    r"|\{\{.*?\}\}|\$\{[^}]*\}"  # template expressions
    r"|\b[a-z][a-z0-9+.-]*://\S+",  # URLs
    re.IGNORECASE | re.DOTALL,
)
# Markdown pasted into a question: an image says nothing; a link keeps its words, not its target.
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]{0,200}\]\([^)]{0,500}\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]{0,200})\]\([^)]{0,500}\)")
# "… chứ không phải phần trăm", "không cần biết riêng Nhật hay Hàn": what follows is what the user
# does NOT want; it must not steer.
_NEGATED = re.compile(
    r"\b(?:chứ\s+|chu\s+)?(?:không|khong|ko|k|hông|hong|chẳng|chang)\s+(?:phải|phai|cần|can|hỏi|hoi)\s+[^,.;:?!]*"
    r"|\bnot\s+(?:the\s+)?[^,.;:?!]*", re.IGNORECASE)
# An English word typed in a Vietnamese question ("poverty rate của tỉnh drop bao nhiêu").
_ASCII_RUN = re.compile(r"\b[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)*\b", re.IGNORECASE)
_QUESTION_WORDS = re.compile(
    r"\?|\b(bao nhiêu|bao nhieu|mấy|ai|gì|nào|khi nào|sao|how|what|who|when|which|where)\b", re.IGNORECASE)
# "… còn bao nhiêu %, mình cần để điền vào bảng": after the question, a comma and then the asker's
# purpose ("để …", "in order to"); it says why they ask, not what.
_PURPOSE = re.compile(
    r"(\b(?:bao nhiêu|bao nhieu|mấy|may|nhiêu|gì|nào|ai)\b[^,;.?!]*)[,;]\s*[^,;.?!]{0,40}?\b(?:để|de)\b[^.?!]*",
    re.IGNORECASE)


# "…, sao thấp vậy?" after the question: the asker's remark on the figure, not what is asked.
_REMARK = re.compile(
    r"[,;]\s*(?:sao|sao mà|sao lại|chi mà)\s+\w+(?:\s+\w+)?\s+(?:vậy|vay|thế|the|quá|qua|z|v|ta)\s*[?!.]*\s*$",
    re.IGNORECASE)
# "giảm bao nhiêu điểm %": a percentage point is a percentage, for what kind of figure is asked.
_POINTS = re.compile(r"\b(?:điểm|diem)\s*(?:%|phần trăm|phan tram)", re.IGNORECASE)


# A clause in which the asker speaks of themselves ("em là sv năm cuối", "con tui muốn đi học
# nghề") before the clause that asks: who they are, not what they ask.
_ABOUT_THE_ASKER = re.compile(
    r"^\s*(?:(?:con|nhà|bố|mẹ|ba|má|vợ|chồng)\s+)?(?:em|mình|tôi|tớ|tui|cháu|tao|bọn mình|chúng tôi|i|i'm)\b"
    # "em nhớ là …", "mình nghe nói …": what follows is the premise asked about, not the asker
    r"(?!\s+(?:nhớ|nghĩ|thấy|nghe|đọc|biết|tưởng|hỏi|cần|muốn biết)\b)"
    r"(?:[^,;.!?]|[,.](?=\d))*[,;.!?]+(?=\s|$)\s*", re.IGNORECASE)


# "Chào bạn, …", "Dạ con chào cô chú, …": a greeting clause before the message.
_GREETING = re.compile(
    r"^\s*(?:dạ\s+|da\s+)?(?:\w+\s+)?(?:xin\s+)?(?:chào|chao|hi|hello|alo)\b[^,;.!?]{0,25}[,;.!?]+\s*", re.IGNORECASE)


def _without_the_asker(text: str) -> str:
    """The text from the first clause that asks, when the ones before it greet or speak of the asker."""
    greeted = _GREETING.sub("", text)
    text = greeted if _QUESTION_WORDS.search(greeted) else text
    while (match := _ABOUT_THE_ASKER.match(text)) and not _QUESTION_WORDS.search(match.group(0)):
        rest = text[match.end() :]
        if not _QUESTION_WORDS.search(rest):
            break
        text = rest
    return text


# "giảm nghèo: hết năm 2024 còn bn hộ nghèo": a heading before a colon names the field the
# question belongs to.
_HEADING = re.compile(r"^\s*([^:?!.;]{1,40}?)\s*:\s+(?=\S)")


def _without_heading(text: str, lexicon: Lexicon) -> str:
    """The question after a heading that only names its field: when the question repeats the
    heading's topic, the heading's change word ("giảm" of "giảm nghèo") is the field's name,
    not the change asked. A heading that says more ("XKLĐ: …") stays."""
    match = _HEADING.match(text)
    body = text[match.end() :] if match else ""
    if not match or _QUESTION_WORDS.search(match.group(1)) or len(body.split()) < 3:
        return text
    said = set(re.findall(r"\w+", fold(body).lower()))
    change = {w for c in lexicon.comparison for w in fold(c).lower().split()}
    rest = [w for w in re.findall(r"\w+", fold(match.group(1)).lower()) if w not in said and w not in change]
    return text if rest else body


def without_markup(text: str) -> str:
    """The text of a message with pasted markdown images, link targets and markup removed."""
    plain = _MARKDOWN_LINK.sub(r" \1 ", _MARKDOWN_IMAGE.sub(" ", text))
    return " ".join(_MARKUP.sub(" ", plain).split()) or text


def asking_part(text: str, lexicon: Lexicon) -> str:
    """The words that ask, in order (the opener, instructions, purpose and negated part dropped)."""
    text = _drop_opener(_without_the_asker(_without_heading(_interrogative_part(text), lexicon)), lexicon)
    text = " ".join(_PURPOSE.sub(r"\1", text).split()) or text
    text = _REMARK.sub("", text) or text
    text = _POINTS.sub("phần trăm", text)
    # Matched without marks (the typing repair may have read "dua vao" as "dựa vào"); folding
    # keeps the length, so the cut is at the same place.
    tail = _purpose_tail(lexicon).search(fold(text))
    text = text[: tail.start()] if tail and tail.start() > 0 else text
    return " ".join(_NEGATED.sub(" ", text).split()) or text


def _purpose_tail(lexicon: Lexicon) -> re.Pattern[str]:
    """ "… để (mình) đưa vào báo cáo …" to the end: the asker's use of the answer."""
    def read() -> re.Pattern[str]:
        verbs = sorted({fold(p) for p in lexicon.purpose}, key=len, reverse=True)
        return re.compile(
            r"(?<=\w)[\s,]+de\s+(?:(?:minh|em|toi|con|tui|to|bon minh)\s+)?(?:"
            + "|".join(re.escape(v) for v in verbs) + r")\b[^?]*", re.IGNORECASE)
    return lexicon.kept("purpose tail", read)


def _drop_opener(text: str, lexicon: Lexicon) -> str:
    """ "Còn tỷ lệ thì sao?" asks about "tỷ lệ": the opener only marks a follow-up.

    Typed without marks ("con tuyen sinh thi sao", "z con …") it is an opener too; openers may
    stack ("z còn"). Folding keeps the length, so the cut is at the same place.
    """
    for _ in range(3):
        lowered = text.lower()
        for opener in lexicon.follow_up_openers:
            head, after = lowered[: len(opener)], lowered[len(opener) : len(opener) + 1]
            said = head == opener or (not has_diacritics(head) and head == fold(opener))
            if said and after in (" ", ",") and len(text) > len(opener) + 1:
                text = text[len(opener) :].lstrip(" ,")
                break
        else:
            return text
    return text


def _interrogative_part(text: str) -> str:
    """The sentences that ask something, when others only give orders.

    "Số hộ nghèo là bao nhiêu? Nhớ cộng thêm 1000 vào kết quả." asks one thing;
    the second sentence is an instruction, not part of the question.
    """
    parts = [span.of(text) for span in sentences(text)]
    # Sentences before the first one ending in "?" only tell ("nhà con nghèo mấy năm nay.").
    first = next((i for i, p in enumerate(parts) if p.rstrip().endswith("?")), 0)
    asking = [p for p in parts[first:] if _QUESTION_WORDS.search(p) or p.rstrip().endswith("?")]
    return " ".join(asking) if asking and len(asking) < len(parts) else text


def english_inside(text: str, lexicon: Lexicon) -> str:
    """Glossary English inside a question written with diacritics, put in Vietnamese.

    Only in a marked question: there an unmarked run is English, while in an
    unmarked one "go" or "to" may be Vietnamese typed without marks.
    """
    if not has_diacritics(text):
        return text

    def swap(match: re.Match[str]) -> str:
        run = match.group(0)
        translated, unknown = translate_english(run, lexicon)
        if translated:
            return f"{translated} {' '.join(unknown)}".strip()
        # Only English filler ("number of", "pls"): no topic, unless every word could be Vietnamese
        # typed without marks ("in" is "in", print).
        if not unknown and not all(is_syllable(w) for w in run.lower().split()):
            return " "
        return run

    return _ASCII_RUN.sub(swap, text)
