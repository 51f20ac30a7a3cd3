"""Render rows as one Markdown table (pasteable into the README) plus footnotes.

Ratios are always aoai / other on the figure's own unit, so for throughput
figures (higher is better) a ratio above 1 means aoai is ahead, and for times
(lower is better) a ratio below 1 does; the goal column spells out which.
"""

from __future__ import annotations

from .model import CONTENDERS, Row
from .stats import Summary


def number(x: float) -> str:
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def _cell(summary: Summary | None, missing: str | None) -> str:
    if summary is not None:
        return f"{number(summary.median)} ±{summary.spread * 100:.0f}%"
    return "n/a" if missing else "—"


def _ratio(row: Row, versus: str) -> str:
    ratio = row.ratio(versus)
    return "—" if ratio is None else f"{ratio:.2f}x"


def _verdict(row: Row) -> str:
    if not row.goals:
        return ""
    verdicts = []
    for goal in row.goals:
        met = row.met(goal)
        verdicts.append("?" if met is None else ("met" if met else "**not met**"))
    return "; ".join(verdicts)


def render(rows: list[Row]) -> str:
    head = ["Figure", "unit", *CONTENDERS, "aoai/openai", "aoai/httpx", "goal", "met", "n"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    notes: list[str] = []
    for row in rows:
        cells = [row.figure, row.unit]
        cells += [_cell(row.results.get(c), row.missing.get(c)) for c in CONTENDERS]
        cells += [_ratio(row, "openai"), _ratio(row, "httpx")]
        cells += ["; ".join(g.text(row.higher_is_better, row.unit) for g in row.goals), _verdict(row)]
        cells.append(str(min((s.n for s in row.results.values()), default=0)))
        lines.append("| " + " | ".join(cells) + " |")
        for contender, why in row.missing.items():
            notes.append(f"- {row.figure} / {contender}: n/a — {why}")
        if row.note:
            notes.append(f"- {row.figure}: {row.note}")
    return "\n".join(lines) + ("\n\n" + "\n".join(notes) if notes else "")
