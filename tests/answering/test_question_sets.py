"""Question files scored by the rule in shared/eval/README.md.

`dev_qa.jsonl` is the shared dev set; `own_qa.jsonl` holds questions of the
same kinds written for this project (figures, facts, unaccented, English,
follow-ups, out-of-scope, hostile).
"""

import json
from pathlib import Path

import pytest

from assistant.evaluation import Case, is_right
from assistant.factory import Assistant
from tests.conftest import DEV_SET


def load(path: Path) -> list[Case]:
    return [Case.from_json(json.loads(line)) for line in path.read_text("utf-8").splitlines() if line.strip()]


CASES = load(DEV_SET) + load(DEV_SET.with_name("own_qa.jsonl"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_question_is_answered_right(assistant: Assistant, case: Case) -> None:
    answer = assistant.answers.ask(case.question, list(case.history))
    assert is_right(case, answer), answer.answer
