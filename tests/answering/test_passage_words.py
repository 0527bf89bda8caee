"""The passages' words are read once per generation and reused: no answer may change for it."""

from __future__ import annotations

from pathlib import Path

from assistant.answering.evidence import MAX_CLAUSES, SpanJudge
from assistant.answering.matching import Unmarked, Words, positions
from assistant.answering.passage_words import PassageWords
from assistant.answering.question import analyse
from assistant.text.segments import Span
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


TRICKY = [
    "Tỷ lệ hộ nghèo giảm còn 4,61%, giảm 0,96% so với năm 2023; số hộ cận nghèo: 10.112 hộ.",
    "Công tác hoà giải, thuỷ lợi, quý I; kỹ thuật, tỉ lệ (gồm: 17.056, 1.741 người), v.v…",
    "Cán bộ ủy ban, qua đào tạo; QUẢNG TRỊ, HOÀ BÌNH: TỶ LỆ 08/9, ngày 31/12/2024.",
    "Decomposed: ho\u0300a, thu\u0309y; a\u0302\u0323, x\u0301y, \u0301mark after a comma.",
    "Tỷ lệ hộ nghèo | 2023: 5,20% | 2024: 4,61%",
    "ΑΣ, ΒΣ; Σ: σ; chi tiêu,  ,  ; nhiều   khoảng\u00a0trắng,\u00a0 lạ.",
]


def test_the_words_of_a_run_of_clauses_are_those_of_its_own_text() -> None:
    reports = sorted((Path(__file__).parents[2] / "knowledge").glob("*.txt"))
    texts = [*TRICKY, *POVERTY, *(p.read_text("utf-8") for p in reports)]
    for text in texts:
        kept = PassageWords()
        for sentence, parts in kept.layout(text, MAX_CLAUSES):
            runs = [sentence, *(Span(parts[i].start, parts[j].end) for i in range(len(parts))
                                for j in range(i, min(i + MAX_CLAUSES, len(parts))))]
            for span in runs:
                for folded in (False, True):
                    words, fresh = kept.words(span.of(text), folded), PassageWords().words(span.of(text), folded)
                    assert words == fresh, span.of(text)
                    assert getattr(words, "marked", None) == getattr(fresh, "marked", None)
