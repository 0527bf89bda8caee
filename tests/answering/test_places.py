"""Which places a question names, and which the knowledge base covers."""

from assistant.answering.places import Places

PLACES = Places(["Quảng Trị", "Quảng Bình", "Hà Nội", "Thừa Thiên Huế", "Huế"], ["tỉnh Quảng Trị"])


def test_a_place_typed_without_marks_is_recognised() -> None:
    assert PLACES.named("so ho ngheo o quang binh") == ["Quảng Bình"]


def test_a_place_typed_with_other_marks_is_not_taken_for_it() -> None:
    # "quảng bình" with marks must match its marks; "Quảng Trị" is the one covered.
    assert PLACES.uncovered("số hộ nghèo Quảng Trị") == []


def test_a_longer_name_wins_over_the_one_inside_it() -> None:
    assert PLACES.named("Thừa Thiên Huế có bao nhiêu hộ nghèo") == ["Thừa Thiên Huế"]


def test_a_place_the_evidence_itself_names_is_not_refused() -> None:
    assert PLACES.uncovered("lao động đi Hà Nội", evidence="lao động đi làm việc tại Hà Nội") == []
    assert PLACES.uncovered("Hà Nội có bao nhiêu hộ nghèo") == ["Hà Nội"]


def test_the_whole_country_is_not_the_province() -> None:
    places = Places(["Quảng Trị", "cả nước", "toàn quốc"], ["tỉnh Quảng Trị"])
    assert places.uncovered("ca nuoc nam 2024 dua bao nhieu lao dong di XKLD") == ["cả nước"]
    assert places.uncovered("số lao động đi làm việc ở nước ngoài của tỉnh") == []


def test_a_country_workers_go_to_is_a_breakdown_the_report_lacks() -> None:
    abroad = Places(["Nhật Bản", "Hàn Quốc", "Japan"], ["đưa 1.741 lao động đi làm việc ở nước ngoài"])
    assert abroad.uncovered("bao nhiêu lao động đi nhat ban") == ["Nhật Bản"]
    assert abroad.uncovered("How many workers went to Japan?") == ["Japan"]
    assert abroad.uncovered("bao nhiêu lao động đi làm việc ở nước ngoài") == []
