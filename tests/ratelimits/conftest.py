"""Fixtures for rate limits, pacing and bulk runs: emulators with small quotas on 127.0.0.1.

Each test that meters gets its own emulator (a quota is state), with a short renewal
period so a quota refills in about a second: the tests count requests, 429s and pauses
(the emulator's own counters), never time.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aoai_emulator.quotas import Quota
from aoai_emulator.testing import EmulatorHandle, running_emulator, test_id  # noqa: F401

# The test files import `quota_support` by name; make that work however pytest was invoked.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quota_support import CHAT

MeteredFactory = Callable[..., EmulatorHandle]


@pytest.fixture
def metered() -> Iterator[MeteredFactory]:
    """`metered(tokens=..., requests=..., period=...)` -> an emulator metering the CHAT deployment."""
    with contextlib.ExitStack() as stack:

        def start(
            *, tokens: int | None = None, requests: int | None = None, period: float = 1.0
        ) -> EmulatorHandle:
            quota = Quota(tokens=tokens, requests=requests, period=period)
            return stack.enter_context(running_emulator(quotas={CHAT: quota}))

        yield start


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def shared_emulator() -> Iterator[EmulatorHandle]:
    """An unmetered emulator for tests that do not count quota."""
    with running_emulator() as handle:
        yield handle


@pytest.fixture
def emulator_env(shared_emulator: EmulatorHandle) -> EmulatorHandle:
    return shared_emulator
