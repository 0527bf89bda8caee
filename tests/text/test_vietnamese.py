from assistant.text.vietnamese import fold, folded_tokens, has_diacritics, normalize, tokens


def test_old_and_new_tone_placement_normalise_to_one_form() -> None:
    assert normalize("Xoá nhà tạm") == normalize("xóa nhà tạm")
    assert normalize("thuỷ lợi") == normalize("thủy lợi")
    # Only the open syllable moves its mark: "hoàn" is the same in both styles.
    assert normalize("hoàn thành") == "hoàn thành"


def test_i_and_y_spellings_match() -> None:
    assert normalize("tỷ lệ") == normalize("tỉ lệ")
    assert normalize("quý") == "quý"


def test_decomposed_unicode_matches_composed() -> None:
    decomposed = "ho\u0302\u0323 nghe\u0300o"
    assert normalize(decomposed) == "hộ nghèo"


def test_fold_strips_marks_including_d_bar() -> None:
    assert fold("Đồng chủ trì HỘI NGHỊ") == "dong chu tri hoi nghi"
    assert not has_diacritics("so ho ngheo")
    assert has_diacritics("số hộ")


def test_figures_stay_single_tokens() -> None:
    assert tokens("còn 20.498 hộ (4,61%), 08/9 chỉ tiêu") == ["còn", "20.498", "hộ", "4,61%", "08/9", "chỉ", "tiêu"]
    assert folded_tokens("Gần 7 tỷ đồng") == ["gan", "7", "ti", "dong"]


def test_a_tone_typed_before_the_vowels_shape_still_makes_one_word() -> None:
    # "ỏ" then a combining circumflex (some keyboards): NFC alone leaves two marks and splits the word.
    typed = "thu\u1ecf\u0302c"
    assert tokens(typed) == ["thuổc"]
    assert normalize("hi\u1ebb\u0302n nay") == "hiển nay"
