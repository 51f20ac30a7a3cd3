"""Hypothesis profiles for the reliability tests, and the example count `make fuzz` prints.

Why profiles: CI needs a bounded run (`ci`, the default: a few hundred examples per
property), while `make fuzz` (`AOAI_FUZZ=full` or `HYPOTHESIS_PROFILE=fuzz`) must run at
least 100,000 examples in total. Every property test calls `count_example()` so the
total is counted, not estimated, and the full run fails if it falls short.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import aoai
import pytest
from hypothesis import HealthCheck, settings

from tests.reliability import _support
from tests.reliability.examples import CI_EXAMPLES, COUNTER, FULL, FULL_MINIMUM

_common: dict[str, Any] = {
    "deadline": None,  # no timing asserts: a slow example is not a failure
    "database": None,  # nothing written into the repository; failures print their example
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
# CI draws the same examples on every run (a failure there is reproducible, never a fluke);
# random search is `make fuzz`'s job.
settings.register_profile("ci", max_examples=CI_EXAMPLES, derandomize=True, **_common)
settings.register_profile("fuzz", max_examples=10_000, **_common)  # tests set their own, see budget()

settings.load_profile("fuzz" if FULL else os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if COUNTER.total:
        by_test = ", ".join(f"{name} {n}" for name, n in sorted(COUNTER.by_test.items()))
        terminalreporter.write_line(f"hypothesis examples run: {COUNTER.total:,} ({by_test})")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In the full profile, fewer than FULL_MINIMUM examples is a failure, not a quieter pass."""
    if FULL and exitstatus == 0 and COUNTER.total < FULL_MINIMUM:
        session.exitstatus = 1
        print(f"\nfuzz: only {COUNTER.total:,} examples ran; the full profile needs {FULL_MINIMUM:,}")


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    testing = pytest.importorskip("aoai_emulator.testing")
    with testing.running_emulator(stall_seconds=5.0) as handle:
        yield handle


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aoai.retries, "DEFAULT_BACKOFF", _support.FAST_BACKOFF)
