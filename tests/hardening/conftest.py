"""Fixtures for the hardening tests: a scripted wire server, fast retries, a clean environment, DEBUG logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import aoai.retries
import pytest

from tests.hardening.wire_server import WireServer

API_VERSION = "2024-10-21"
ENV_NAMES = (
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "OPENAI_API_VERSION",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)
#: Every logger that could see a request: ours, the transport's, the connection pool's.
LOGGERS = ("aoai", "httpx2", "httpcore2", "httpx", "httpcore")


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
def server() -> Iterator[WireServer]:
    with WireServer() as running:
        yield running


@pytest.fixture
def all_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture(scope="session")
def portal() -> Iterator[object]:
    from anyio.from_thread import start_blocking_portal

    with start_blocking_portal("asyncio") as p:
        yield p
