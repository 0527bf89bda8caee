"""What a typed word's marks say (pure functions)."""

from assistant.text.marks import agrees, keeps_marks, strong_keystrokes


def test_a_partly_marked_word_keeps_its_marks_in_the_repair() -> None:
    assert keeps_marks("nghê", "nghề") and not keeps_marks("nghê", "nghe")


def test_an_unmarked_neighbour_agrees_with_any_marking() -> None:
    assert agrees("ngheo", "nghèo") and not agrees("nghẹo", "nghèo")


def test_double_letters_are_telex_keystrokes() -> None:
    assert strong_keystrokes("ddoongj") and not strong_keystrokes("test")
