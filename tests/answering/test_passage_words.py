"""The passages' words are read once per generation and reused: no answer may change for it."""

from __future__ import annotations

from assistant.answering.evidence import SpanJudge
from assistant.answering.matching import Unmarked, Words, positions
from assistant.answering.passage_words import PassageWords
from assistant.answering.question import analyse
from assistant.text.vietnamese import both_tokens, tokens
from tests.answering.test_evidence import LEXICON, POVERTY, passages, vocabulary

QUESTIONS = [
    ("Tỷ lệ hộ nghèo giảm bao nhiêu phần trăm?", None),
    ("so ho ngheo con bao nhieu?", None),
    ("Tỷ lệ là bao nhiêu?", "Số hộ cận nghèo còn bao nhiêu?"),
    ("Ai chủ trì hội nghị?", None),
    ("ty le lao dong qua dao tao", "Số lao động có việc làm tăng thêm?"),
    ("How many workers were sent abroad?", None),
]


def _judged(question: str, history: str | None, words: PassageWords | None) -> list[tuple[object, ...]]:
    judge = SpanJudge(
        analyse(question, LEXICON), analyse(history, LEXICON) if history else None, vocabulary(POVERTY), LEXICON,
        words=words,
    )
    found = [judge.judge(p, rank) for rank, p in enumerate(passages(POVERTY), start=1)]
    return [(e.text, e.score, e.coverage, e.found, e.passable, e.contradicts) for e in found if e]


def test_words_kept_between_questions_give_the_same_evidence_as_words_read_afresh() -> None:
    kept = PassageWords()
    for _ in range(2):  # the second round reads everything from what the first kept
        for question, history in QUESTIONS:
            assert _judged(question, history, kept) == _judged(question, history, None)


def test_a_small_bound_starts_afresh_without_changing_the_evidence() -> None:
    tiny = PassageWords(max_texts=3)
    for question, history in QUESTIONS:
        assert _judged(question, history, tiny) == _judged(question, history, None)


def test_a_phrase_is_found_at_the_same_places_through_the_word_index() -> None:
    text = "Số hộ nghèo giảm, hộ nghèo còn 20.498 hộ (4,61%), hộ cận nghèo 10.112 hộ"
    marked, unmarked = both_tokens(text)
    for words, plain in ((Words(tokens(text)), tokens(text)), (Unmarked(unmarked, marked), unmarked)):
        for phrase in (("hộ", "nghèo"), ("ho", "ngheo"), ("hộ",), ("%",), ("20.498", "hộ"), ("nghèo", "x")):
            assert positions(words, phrase) == positions(plain, phrase)
        assert words.figures() == ["20.498", "4,61%", "10.112"]
