"""Build tests/data/calibration.jsonl: the questions the gate is fitted and judged on.

    python -m scripts.calibration_set

Every case of our question sets (set B excluded: it is held out for the final
score), and for each answerable one its noisy variants (scripts/variants.py).
Each answerable case also gives one "narrowed" out-of-scope question: the same question
asking for a breakdown (women, rural areas, an age group, …) that no document of
`knowledge/` gives. On the fit side it is fitted on (split "fit-probe"): a bar fitted without such
questions loosens until it answers them wrongly. On the holdout side it is split "probe",
reported by the calibration beside the holdout and never fitted on.
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

from assistant.text.vietnamese import tokens
from scripts.variants import GENERATORS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["tests/data/dev_qa.jsonl", "tests/data/dev_qa_realistic.jsonl", "tests/data/own_qa.jsonl",
           "tests/data/blind/set_a.jsonl"]
HOLDOUT_SHARE = 0.3
# Narrowed questions are reported on their own, never fitted on: the gate's three signals cannot
# tell them apart yet (a qualifier of known syllables, "khu vực thành thị", leaves no unknown word),
# so fitting on them only buys a bar that refuses real questions.
PROBE = "probe"
FIT_PROBE = "fit-probe"
SEED = 13
# Breakdowns official summaries often lack; one is used only if no document has its words.
QUALIFIERS = ["đối với lao động nữ", "ở khu vực nông thôn", "trong độ tuổi thanh niên", "ở khu vực thành thị",
              "tính riêng người khuyết tật", "của nhóm dưới 30 tuổi"]


def split_of(case_id: str) -> str:
    digest = int(hashlib.sha256(case_id.encode()).hexdigest()[:8], 16)
    return "holdout" if digest % 1000 < HOLDOUT_SHARE * 1000 else "fit"


def knowledge_words() -> set[str]:
    texts = [p.read_text("utf-8", errors="replace") for p in (ROOT / "knowledge").rglob("*") if p.is_file()]
    return {w for text in texts for w in tokens(text)}


def narrowed(question: str, known: set[str], rng: random.Random) -> str | None:
    """The question asking for a breakdown no document gives, or None."""
    absent = [q for q in QUALIFIERS if not all(w in known for w in tokens(q))]
    if not absent:
        return None
    return f"{question.rstrip(' ?')} {rng.choice(absent)}?"


def rows(sources: list[str]) -> list[dict[str, object]]:
    rng = random.Random(SEED)
    known = knowledge_words()
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
            if case["kind"] in ("figure", "fact") and (narrow := narrowed(case["question"], known, rng)):
                out.append({**case, "id": f"{base}:narrowed", "kind": "out_of_scope", "expect_any": [],
                            "question": narrow, "base": base, "variant": "narrowed",
                            "split": PROBE if split == "holdout" else FIT_PROBE})
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
