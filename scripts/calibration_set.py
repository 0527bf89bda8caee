"""Build tests/data/calibration.jsonl: the questions the gate is fitted and judged on.

    python -m scripts.calibration_set

Every case of our question sets (set B excluded: it is held out for the final
score), and for each answerable one its noisy variants (scripts/variants.py).
Each row carries `split`: "fit" or "holdout", decided by a hash of the case's
id, so a case and all its variants fall on the same side and the holdout is
the same on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

from scripts.variants import GENERATORS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["tests/data/dev_qa.jsonl", "tests/data/dev_qa_realistic.jsonl", "tests/data/own_qa.jsonl",
           "tests/data/blind/set_a.jsonl"]
HOLDOUT_SHARE = 0.3
SEED = 13


def split_of(case_id: str) -> str:
    digest = int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16)
    return "holdout" if digest % 1000 < HOLDOUT_SHARE * 1000 else "fit"


def rows(sources: list[str]) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    out: list[dict[str, object]] = []
    for source in sources:
        prefix = Path(source).stem
        for line in (ROOT / source).read_text("utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            base = f"{prefix}:{case['id']}"
            split = split_of(base)
            out.append({**case, "id": base, "base": base, "variant": "original", "split": split})
            if case["kind"] not in ("figure", "fact", "followup", "out_of_scope"):
                continue
            for name, generate in GENERATORS.items():
                variant = generate(case["question"], rng)
                if variant and variant != case["question"]:
                    out.append({**case, "id": f"{base}:{name}", "question": variant, "base": base,
                                "variant": name, "split": split})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests/data/calibration.jsonl")
    args = parser.parse_args()
    made = rows(SOURCES)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in made), "utf-8")
    holdout = sum(1 for r in made if r["split"] == "holdout")
    print(f"{len(made)} questions ({holdout} held out) -> {args.out}")


if __name__ == "__main__":
    main()
