"""Fixtures for the client-core tests: one emulator per session on 127.0.0.1, fast backoff, a clean env.

Every end-to-end test talks real HTTP to the emulator. Attempts are counted by
the emulator per `x-aoai-test-id`, so each test gets its own id (`test_id`).
Backoff is shrunk (not removed) so retry paths run for real but in milliseconds.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aoai
import aoai.retries
import pytest
from aoai_emulator import testing

# The test files import `core_support` by name; make that work however pytest was invoked.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_support import API_VERSION, ENV_NAMES, Api


@pytest.fixture(scope="session")
def emulator() -> Iterator[Any]:
    with testing.running_emulator() as handle:
        yield handle


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        aoai.retries, "DEFAULT_BACKOFF", aoai.retries.Backoff(initial_delay=0.001, max_delay=0.004)
    )


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def test_id() -> str:
    return f"core-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="aoai")
    return caplog


@pytest.fixture
def sync_client(emulator: Any) -> Iterator[aoai.AzureOpenAI]:
    with aoai.AzureOpenAI(
        azure_endpoint=emulator.base_url, api_version=API_VERSION, api_key=emulator.api_key
    ) as c:
        yield c


@pytest.fixture
async def async_client(emulator: Any) -> Any:
    async with aoai.AsyncAzureOpenAI(
        azure_endpoint=emulator.base_url, api_version=API_VERSION, api_key=emulator.api_key
    ) as c:
        yield c


@pytest.fixture(scope="session")
def portal() -> Iterator[Any]:
    from anyio.from_thread import start_blocking_portal

    with start_blocking_portal("asyncio") as p:
        yield p


@pytest.fixture(params=["sync", "async"])
def api(request: pytest.FixtureRequest, emulator: Any, portal: Any) -> Iterator[Api]:
    driver = Api(request.param, emulator, portal)
    yield driver
    driver.close_all()
