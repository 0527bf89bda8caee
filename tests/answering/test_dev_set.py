"""The shared dev questions, scored by the rule in shared/eval/README.md."""

import json

import pytest

from assistant.evaluation import Case, is_right
from assistant.factory import Assistant
from tests.conftest import DEV_SET

CASES = [Case.from_json(json.loads(line)) for line in DEV_SET.read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_dev_question_is_right(assistant: Assistant, case: Case) -> None:
    answer = assistant.answers.ask(case.question, list(case.history))
    assert is_right(case, answer), answer.answer
