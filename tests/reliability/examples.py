"""Counting hypothesis examples, so `make fuzz` reports a measured total instead of a guess."""

from __future__ import annotations

import collections
import inspect
import os
import threading
from typing import Any

from hypothesis import settings

#: What issue 10 asks of `make fuzz`.
FULL_MINIMUM = 100_000


class Counter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.by_test: collections.Counter[str] = collections.Counter()

    @property
    def total(self) -> int:
        return sum(self.by_test.values())

    def add(self, name: str) -> None:
        with self._lock:
            self.by_test[name] += 1


COUNTER = Counter()


def count_example() -> None:
    """Call first thing in a property test body: credits the example to the calling test."""
    caller = inspect.currentframe()
    name = caller.f_back.f_code.co_name if caller is not None and caller.f_back is not None else "?"
    COUNTER.add(name)


#: `make fuzz` sets AOAI_FUZZ=full (or HYPOTHESIS_PROFILE=fuzz); CI runs the bounded default.
FULL = os.environ.get("AOAI_FUZZ") == "full" or os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
CI_EXAMPLES = 200


def budget(full: int, ci: int = CI_EXAMPLES) -> Any:
    """Per-test `max_examples`: the bounded CI number, or `full` under `make fuzz`.

    Why per test: a parse of a 27 KB recorded stream costs far more than a status-code
    mapping, so a flat count would either starve the cheap properties or take an hour.
    """
    return settings(max_examples=full if FULL else ci)
