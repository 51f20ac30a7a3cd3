"""Fixtures for the v1 route model's facade: the emulator, and clients of every (api-version, flavour, auth).

Every test here runs over real HTTP against the emulator on 127.0.0.1. `ctx` is parametrised
over the v1 API's two api-versions, the sync and the async client, and both credentials (the
API key, and Entra ID through the emulator's managed identity), so each test body is written
once and runs eight ways (`flavours.Ctx` hides the awaiting).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import aoai.retries
import pytest
from aoai_emulator import testing

from tests.v1.flavours import Ctx

V1_VERSIONS = ("v1", "preview")
CASES = list(itertools.product(V1_VERSIONS, ("sync", "async"), ("key", "entra")))


@pytest.fixture(scope="session")
def emulator() -> Iterator[Any]:
    with testing.running_emulator() as handle:
        yield handle


@pytest.fixture(scope="session")
def portal() -> Iterator[Any]:
    from anyio.from_thread import start_blocking_portal

    with start_blocking_portal("asyncio") as p:
        yield p


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries run for real, in milliseconds (the emulator's 501s and faults are retried)."""
    monkeypatch.setattr(
        aoai.retries, "DEFAULT_BACKOFF", aoai.retries.Backoff(initial_delay=0.001, max_delay=0.004)
    )


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, emulator: Any) -> None:
    for name in (
        "AZURE_OPENAI_ENDPOINT",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_AD_TOKEN",
        "OPENAI_API_VERSION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IDENTITY_ENDPOINT", emulator.identity_endpoint)  # the managed identity's
    monkeypatch.setenv("IDENTITY_HEADER", emulator.identity_header)


@pytest.fixture(params=CASES, ids=["-".join(case) for case in CASES])
def ctx(request: pytest.FixtureRequest, emulator: Any, portal: Any) -> Iterator[Ctx]:
    version, flavour, auth = request.param
    context = Ctx(emulator, portal, version, flavour, auth)
    yield context
    context.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
