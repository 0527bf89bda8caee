"""Metamorphic test: a question typed another way gets the same answer.

Every figure/fact question of the dev and realistic sets that is answered
right is asked again as each noisy variant (scripts/variants.py: no marks,
Telex, VNI, a wrong tone, shorthand, an abbreviation, a typo, a greeting).
A variant must never turn into a wrong answer; the share that stays right is
printed and must not fall below the floor measured when this test was written.
"""

from __future__ import annotations

import json
import random

from assistant.evaluation import Case, is_right
from assistant.factory import Assistant
from scripts.variants import GENERATORS
from tests.conftest import DEV_SET

SETS = [DEV_SET, DEV_SET.with_name("dev_qa_realistic.jsonl")]
# 95.9% (117/122) under a looser hand-set gate; 91.8% (112/122) under the gate fitted at
# wrong-cost 10, with no variant answered wrongly. The goal is 0.95.
FLOOR = 0.9


def _cases() -> list[dict[str, object]]:
    found = []
    for path in SETS:
        found += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return [c for c in found if c["kind"] in ("figure", "fact")]


def test_variants_keep_the_answer(assistant: Assistant) -> None:
    rng = random.Random(7)
    kept = total = 0
    wrong = []
    for raw in _cases():
        case = Case.from_json(raw)
        if not is_right(case, assistant.answers.ask(case.question)):
            continue
        for name, generate in GENERATORS.items():
            variant = generate(case.question, rng)
            if not variant or variant == case.question:
                continue
            answer = assistant.answers.ask(variant)
            total += 1
            if is_right(case, answer):
                kept += 1
            elif answer.found:
                wrong.append(f"{case.id}/{name}: {variant!r} -> {answer.answer[:80]!r}")
    share = kept / total
    print(f"invariance: {kept}/{total} variants keep the right answer ({share:.1%})")
    assert not wrong, wrong
    assert share >= FLOOR
