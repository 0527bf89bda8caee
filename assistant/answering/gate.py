"""When a clause answers: the bar a candidate must clear, fitted rather than set by hand.

The values live in resources/gate.toml, written by `make calibrate`
(scripts/calibrate.py), which fits them on a generated calibration set and
reports wrong answers and false refusals on a part of it the fit never saw.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Gate:
    min_coverage: float  # share of the question's weight the clause (or its sentence) must say
    max_unknown: float  # share of the question's words that no document has at all
    max_unknown_marked: float  # of those, the ones typed with their diacritics

    @classmethod
    def load(cls, path: Path | None = None) -> Gate:
        text = path.read_text("utf-8") if path else (
            resources.files("assistant.resources").joinpath("gate.toml").read_text("utf-8"))
        data = tomllib.loads(text)
        return cls(float(data["min_coverage"]), float(data["max_unknown"]), float(data["max_unknown_marked"]))

    def passes(self, present: float, unknown: float, unknown_marked: float) -> bool:
        return (present >= self.min_coverage and unknown <= self.max_unknown
                and unknown_marked <= self.max_unknown_marked)
