from pathlib import Path

from assistant.text.acronyms import defined_acronyms, document_acronyms, paired_acronyms, repeated_acronyms

REPORT = (Path(__file__).resolve().parents[2] / "knowledge" / "so-ldtbxh-tong-ket-2024.txt").read_text("utf-8")


def test_an_acronym_defined_in_parentheses_is_learnt() -> None:
    assert defined_acronyms("Tuyển sinh Giáo dục nghề nghiệp (GDNN) tăng.") == {"gdnn": "giáo dục nghề nghiệp"}


def test_and_may_be_written_as_ampersand() -> None:
    assert defined_acronyms(REPORT)["ldtbxh"] == "lao động thương binh và xã hội"


def test_parentheses_that_do_not_match_the_initials_are_ignored() -> None:
    assert defined_acronyms("số hộ nghèo còn 20.498 hộ (4,61%)") == {}
    assert defined_acronyms("Hội nghị tổng kết (HN)") == {}


def test_repeated_terms_give_their_initials() -> None:
    assert repeated_acronyms([REPORT])["gdnn"] == "giáo dục nghề nghiệp"


def test_fragments_and_two_word_terms_are_not_acronyms() -> None:
    found = document_acronyms([REPORT])
    assert "lvl" not in found  # "lĩnh vực lao" only occurs inside "lĩnh vực lao động"
    assert "hn" not in found  # two letters clash with real words


def test_a_new_document_brings_its_own_acronyms() -> None:
    text = "Chương trình mục tiêu quốc gia (CTMTQG) được giao. Chương trình mục tiêu quốc gia đạt kết quả."
    assert document_acronyms([text])["ctmtqg"] == "chương trình mục tiêu quốc gia"


def test_two_initials_name_a_vocabulary_term_only_when_one_term_dominates() -> None:
    texts = ["Giáo dục nghề nghiệp. Giám đốc Sở. Lao động qua đào tạo, lao động nông thôn."]
    vocabulary = ["giáo dục", "giám đốc", "lao động", "đào tạo"]
    pairs = paired_acronyms(texts, vocabulary)
    assert pairs["dt"] == "đào tạo" and pairs["ld"] == "lao động"
    assert "gd" not in pairs  # "giáo dục" and "giám đốc" are used as often
    assert "qd" not in pairs  # "qua đào" runs across two terms: no vocabulary pair
