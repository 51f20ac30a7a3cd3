"""Which fault (if any) to inject into a request: from the `x-aoai-emulator-fault` header, or from
the run's seeded fault plan.

Header grammar: `<kind>[; key=value]...`, e.g. `429; retry-after-ms=50; times=2`.
Kinds: 408 429 500 502 503 504 reset cut stall, the body faults of `spoil` (gzip redirect
no-content-type no-done bad-json empty), and `none` (skip the run's plan for this request).
Params: `retry-after`, `retry-after-ms`, `should-retry=false`, `times=N` (only the first N attempts
carrying the same `x-aoai-test-id` are faulted), `seconds=N` (stall length).
"""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field
from typing import Any

HEADER = "x-aoai-emulator-fault"
STATUS_KINDS = frozenset({"408", "429", "500", "502", "503", "504"})
BODY_KINDS = frozenset({"gzip", "redirect", "no-content-type", "no-done", "bad-json", "empty"})
KINDS = STATUS_KINDS | {"reset", "cut", "stall"} | BODY_KINDS


class FaultSpecError(ValueError):
    """A malformed fault header; reported to the client as a 400 so typos don't go unnoticed."""


@dataclass(frozen=True)
class Fault:
    kind: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> int | None:
        return int(self.kind) if self.kind in STATUS_KINDS else None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in ("retry-after", "retry-after-ms"):
            if name in self.params:
                out[name] = self.params[name]
        if self.params.get("should-retry", "").lower() in ("false", "true"):
            out["x-should-retry"] = self.params["should-retry"].lower()
        return out

    def stall_seconds(self, default: float) -> float:
        return float(self.params.get("seconds", default))


def parse(header: str) -> Fault | None:
    """Parse the header value; None for `none`."""
    kind, *rest = [part.strip() for part in header.split(";") if part.strip()] or [""]
    kind = kind.lower()
    if kind == "none":
        return None
    if kind not in KINDS:
        raise FaultSpecError(
            f"unknown fault kind {kind!r} in {HEADER}; expected one of {sorted(KINDS)} or none"
        )
    params = {}
    for item in rest:
        key, sep, value = item.partition("=")
        if not sep:
            raise FaultSpecError(f"fault parameter {item!r} in {HEADER} is not key=value")
        params[key.strip().lower()] = value.strip()
    if "times" in params and not params["times"].isdigit():
        raise FaultSpecError(f"times={params['times']!r} in {HEADER} is not a non-negative integer")
    for name in ("seconds", "retry-after-ms"):
        if name in params and not _non_negative(params[name]):
            raise FaultSpecError(f"{name}={params[name]!r} in {HEADER} is not a non-negative number")
    return Fault(kind, params)


def _non_negative(value: str) -> bool:
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isfinite(number) and number >= 0


class FaultPlan:
    """A seeded per-run plan: each request draws once; `rates` maps kind -> probability."""

    def __init__(self, plan: dict[str, Any] | None) -> None:
        plan = plan or {}
        self.rates = {str(k): float(v) for k, v in (plan.get("rates") or {}).items()}
        unknown = set(self.rates) - KINDS
        if unknown:
            raise ValueError(f"fault plan has unknown kinds {sorted(unknown)}; known: {sorted(KINDS)}")
        if sum(self.rates.values()) > 1:
            raise ValueError("fault plan rates add up to more than 1")
        self.params = {str(k): str(v) for k, v in (plan.get("params") or {}).items()}
        self._random = random.Random(plan.get("seed", 0))
        self._lock = threading.Lock()

    def draw(self) -> Fault | None:
        if not self.rates:
            return None
        with self._lock:
            roll = self._random.random()
        for kind in sorted(self.rates):
            roll -= self.rates[kind]
            if roll < 0:
                return Fault(kind, dict(self.params))
        return None


def decide(header: str | None, attempt: int, plan: FaultPlan) -> Fault | None:
    """The fault for this request: the header wins (honouring `times`), else the plan."""
    if header is not None:
        fault = parse(header)
        if fault is None:
            return None
        times = fault.params.get("times")
        if times is not None and attempt > int(times):
            return None
        return fault
    return plan.draw()
