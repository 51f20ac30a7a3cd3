"""Run contenders in interleaved rounds, after warm-up, within a time budget.

Interleaving (a, b, c, a, b, c, ... with the order rotated each round) spreads
the load that other users put on a shared machine evenly over the contenders,
instead of letting one contender own a quiet minute. A garbage collection
before every round keeps one contender's garbage off the next one's clock.
A contender that raises is dropped with its error as the reason, so one broken
client cannot take the whole table down.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

Round = Callable[[], float]


def interleaved(
    contenders: dict[str, Round | str],
    *,
    rounds: int,
    warmup: int = 1,
    budget_s: float = 60.0,
) -> dict[str, list[float] | str]:
    """Each callable runs one round and returns its figure; a string is a reason it cannot run."""
    results: dict[str, list[float] | str] = {}
    live: dict[str, Round] = {}
    for name, fn in contenders.items():
        if isinstance(fn, str):
            results[name] = fn
        else:
            live[name] = fn
            results[name] = []
    deadline = time.monotonic() + budget_s
    names = list(live)
    for index in range(warmup + rounds):
        if index > warmup and time.monotonic() > deadline:
            break  # keep what we have: at least one measured round per contender
        shift = index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            samples = results[name]
            if isinstance(samples, str):
                continue
            gc.collect()
            try:
                value = live[name]()
            except Exception as exc:  # a broken contender is reported, not fatal
                results[name] = f"error: {type(exc).__name__}: {exc}"[:200]
                continue
            if index >= warmup:
                samples.append(value)
    return results


def prepared(setup: Callable[[], Round]) -> Round | str:
    """Build a contender's round, or say why it cannot be built (a client still being written)."""
    try:
        return setup()
    except Exception as exc:
        return f"setup failed: {type(exc).__name__}: {exc}"[:200]
