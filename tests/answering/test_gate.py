"""The answer gate's bar comes from the fitting command, on data the generator rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answering.gate import Gate
from scripts.calibrate import Outcome, outcome
from scripts.calibration_set import SOURCES, rows, split_of

CALIBRATION = Path(__file__).resolve().parents[1] / "data" / "calibration.jsonl"


def test_the_shipped_bar_is_a_real_bar() -> None:
    gate = Gate.load()
    assert 0 < gate.min_coverage <= 1 and 0 <= gate.max_unknown_marked <= gate.max_unknown < 1
    assert gate.passes(1.0, 0.0, 0.0) and not gate.passes(0.0, 0.0, 0.0)


def test_the_calibration_set_is_what_its_generator_makes_now() -> None:
    # A stale calibration file would mean the gate was fitted on other questions than these.
    stored = [json.loads(line) for line in CALIBRATION.read_text("utf-8").splitlines()]
    assert stored == rows(SOURCES)


def test_a_case_and_all_its_variants_fall_on_one_side_of_the_split() -> None:
    stored = [json.loads(line) for line in CALIBRATION.read_text("utf-8").splitlines()]
    # A narrowed probe keeps its side: fitted on beside "fit", only reported beside "holdout".
    side = {"probe": "holdout", "fit-probe": "fit"}
    assert all(side.get(r["split"], r["split"]) == split_of(str(r["base"])) for r in stored)
    assert 0.2 < sum(r["split"] == "holdout" for r in stored) / len(stored) < 0.4
    assert not any("set_b" in str(r["base"]) for r in stored)  # the final held-out set stays out


def test_a_wrong_answer_costs_more_than_a_refusal() -> None:
    observed = [{"kind": "figure", "unknown": 0.0, "marked": 0.0, "candidates": [[0.9, 1.0, False]]}]
    answered = outcome(observed, (0.5, 0.1, 0.1))
    refused = outcome(observed, (0.95, 0.1, 0.1))
    assert answered == Outcome(wrong=1) and refused == Outcome(refused=1)
    assert answered.cost() > refused.cost()
