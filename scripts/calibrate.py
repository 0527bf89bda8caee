"""Fit the answer gate (resources/gate.toml) on the calibration set; report on its held-out part.

    python -m scripts.calibrate [--write] [--observations FILE]     (or `make calibrate`)

Every question of tests/data/calibration.jsonl (scripts/calibration_set.py) is
read and retrieved once, and every retrieved passage's best clause is judged
with the gate wide open. For each candidate bar (minimum coverage, maximum
share of unknown words, maximum share of those typed with diacritics) the
answer is then the best-scoring clause that clears it, or a refusal. A wrong
answer costs WRONG_COST false refusals: a wrong figure from a government
assistant is the worst failure, a false refusal the second worst, and a low cost
lets the fit pick the grid's loosest bar. The bar with the lowest cost on the
"fit" and "fit-probe" splits is chosen; the "holdout" split, never used to choose, is reported
beside it, and so is "probe" (out-of-scope questions narrowed by a breakdown no document gives,
from the holdout side; their fit-side twins are "fit-probe").
`--write` saves the chosen bar.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WRONG_COST = 10
COVERAGES = [round(0.3 + 0.025 * i, 3) for i in range(29)]  # 0.30 … 1.00
UNKNOWNS = [round(0.05 * i, 2) for i in range(11)]  # 0.00 … 0.50
Bar = tuple[float, float, float]


@dataclass(frozen=True)
class Outcome:
    right: int = 0
    wrong: int = 0
    refused: int = 0  # false refusals: the report has the answer

    def cost(self) -> int:
        return WRONG_COST * self.wrong + self.refused


def observe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per question: the candidates (coverage, score, clause holds an expected string)."""
    from assistant.answering.evidence import SpanJudge
    from assistant.answering.gate import Gate
    from assistant.answering.ranking import with_its_list
    from assistant.factory import build_assistant

    assistant = build_assistant()
    service = getattr(assistant.answers, "base", assistant.answers)
    wide_open = Gate(min_coverage=0.0, max_unknown=1.0, max_unknown_marked=1.0)
    observations = []
    for row in rows:
        turn = service.understand(row["question"], row.get("history", []))
        if service.decided_elsewhere(turn):
            continue  # a document question or another province: the gate plays no part
        vocabulary, _ = service._corpus()
        judge = SpanJudge(turn.question, turn.history, vocabulary, service.lexicon, wide_open)
        candidates = []
        for rank, passage in enumerate(turn.passages, start=1):
            evidence = judge.judge(passage, rank)
            if evidence and evidence.passable:
                holds = any(e in with_its_list(evidence).text for e in row.get("expect_any", []))
                candidates.append([round(evidence.coverage, 4), round(evidence.score, 4), holds])
        observations.append(
            {
                "id": row["id"],
                "split": row["split"],
                "kind": row["kind"],
                "unknown": round(judge.unknown, 4),
                "marked": round(judge.unknown_marked, 4),
                "candidates": candidates,
            }
        )
    return observations


def outcome(observations: list[dict[str, Any]], bar: Bar) -> Outcome:
    coverage, unknown, marked = bar
    right = wrong = refused = 0
    for o in observations:
        readable = o["unknown"] <= unknown and o["marked"] <= marked
        passing = [c for c in o["candidates"] if c[0] >= coverage] if readable else []
        answerable = o["kind"] != "out_of_scope"
        if not passing:
            right += not answerable
            refused += answerable
            continue
        best = max(passing, key=lambda c: c[1])
        if answerable and best[2]:
            right += 1
        else:
            wrong += 1
    return Outcome(right, wrong, refused)


def fit(observations: list[dict[str, Any]]) -> Bar:
    part = [o for o in observations if o["split"] in ("fit", "fit-probe")]
    bars = [(c, u, m) for c in COVERAGES for u in UNKNOWNS for m in UNKNOWNS if m <= u]
    # Lowest cost; among equals the strictest bar (fewest answers asserted on thin evidence).
    return min(bars, key=lambda bar: (outcome(part, bar).cost(), -bar[0], bar[1], bar[2]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "tests/data/calibration.jsonl")
    parser.add_argument("--observations", type=Path, help="reuse (or save) the judged candidates")
    parser.add_argument("--write", action="store_true", help="save the fitted bar to resources/gate.toml")
    args = parser.parse_args()
    if args.observations and args.observations.exists():
        observations = json.loads(args.observations.read_text("utf-8"))
    else:
        rows = [json.loads(line) for line in args.set.read_text("utf-8").splitlines() if line.strip()]
        observations = observe(rows)
        if args.observations:
            args.observations.write_text(json.dumps(observations), "utf-8")
    bar = fit(observations)
    coverage, unknown, marked = bar
    print(
        f"fitted bar: min_coverage={coverage} max_unknown={unknown} max_unknown_marked={marked} "
        f"(a wrong answer costs {WRONG_COST} refusals)"
    )
    for split in ("fit", "fit-probe", "holdout", "probe"):
        part = [o for o in observations if o["split"] == split]
        result = outcome(part, bar)
        print(
            f"{split:8} {len(part):5} questions: {result.right} right, {result.wrong} wrong, "
            f"{result.refused} false refusals ({result.right / max(1, len(part)):.1%} right)"
        )
    if args.write:
        target = ROOT / "assistant/resources/gate.toml"
        target.write_text(
            "# Written by `make calibrate`; do not edit by hand (see scripts/calibrate.py).\n"
            f"min_coverage = {coverage}\nmax_unknown = {unknown}\n"
            f"max_unknown_marked = {marked}\n",
            "utf-8",
        )
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
