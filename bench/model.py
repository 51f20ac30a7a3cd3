"""What a figure produces: one row per measured quantity, contenders side by side.

Kept apart from the rendering (`bench.table`) and the measuring (`bench.rounds`)
so a figure module only says what it measured and what the goal is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .stats import Summary, summarize

CONTENDERS = ("aoai", "openai", "httpx")


@dataclass(frozen=True)
class Goal:
    """aoai's median against `versus`'s as a ratio `aoai / versus`, or (versus None) an absolute bound."""

    versus: str | None
    bound: float

    def text(self, higher_is_better: bool, unit: str = "") -> str:
        sign = "≥" if higher_is_better else "≤"
        if self.versus is None:
            return f"{sign} {self.bound:g} {unit}"
        return f"{sign} {self.bound:g}x {self.versus}"


@dataclass
class Row:
    figure: str
    unit: str
    higher_is_better: bool = False
    goals: list[Goal] = field(default_factory=list)
    results: dict[str, Summary] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)  # contender -> why it has no number
    samples: dict[str, list[float]] = field(default_factory=dict)  # raw, for --json
    note: str = ""

    def add(self, contender: str, samples: list[float] | str) -> None:
        """Record samples, or the reason (a string) a contender could not be measured."""
        if isinstance(samples, str):
            self.missing[contender] = samples
        elif samples:
            self.results[contender] = summarize(samples)
            self.samples[contender] = list(samples)
        else:
            self.missing[contender] = "no samples"

    def as_json(self) -> dict[str, object]:
        return {
            "figure": self.figure,
            "unit": self.unit,
            "higher_is_better": self.higher_is_better,
            "samples": self.samples,
            "missing": self.missing,
            "ratios": {v: self.ratio(v) for v in ("openai", "httpx")},
            "goals": [{"versus": g.versus, "bound": g.bound, "met": self.met(g)} for g in self.goals],
            "note": self.note,
        }

    def ratio(self, versus: str) -> float | None:
        a, b = self.results.get("aoai"), self.results.get(versus)
        if a is None or b is None or not b.median:
            return None
        return a.median / b.median

    def met(self, goal: Goal) -> bool | None:
        if goal.versus is None:
            mine = self.results.get("aoai")
            ratio = None if mine is None else mine.median
        else:
            ratio = self.ratio(goal.versus)
        if ratio is None:
            return None
        return ratio >= goal.bound if self.higher_is_better else ratio <= goal.bound
