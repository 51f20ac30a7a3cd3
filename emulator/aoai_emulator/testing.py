"""Test support: `running_emulator(**options)` starts an emulator on a free 127.0.0.1 port in a
background thread and yields an `EmulatorHandle`; pytest fixtures build on it.

In-process on purpose: it starts in milliseconds (the documents are parsed once per process) and
the handle can read stats and mint tokens without another HTTP round trip.
"""

from __future__ import annotations

import contextlib
import importlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aoai_emulator import auth
from aoai_emulator.config import EmulatorConfig
from aoai_emulator.server import BackgroundServer


@dataclass
class EmulatorHandle:
    """What a test needs to talk to a running emulator."""

    server: BackgroundServer
    config: EmulatorConfig

    @property
    def base_url(self) -> str:
        """The Azure endpoint (`AZURE_OPENAI_ENDPOINT`); routes live under `/openai/...`."""
        return self.server.base_url

    @property
    def openai_base_url(self) -> str:
        """For the plain OpenAI SDK (`OpenAI(base_url=...)`): the v1 API's routes, `.../openai/v1/`."""
        routes = next(r for r in self.server.app.routes if r.takes_key_as_bearer)
        return f"{self.base_url}{routes.server_path}/"

    @property
    def api_key(self) -> str:
        return self.config.api_key

    @property
    def identity_endpoint(self) -> str:
        """For `IDENTITY_ENDPOINT` (azure-identity's App Service managed identity)."""
        return f"{self.base_url}/_emulator/identity"

    @property
    def identity_header(self) -> str:
        """For `IDENTITY_HEADER`."""
        return self.config.identity_header

    @property
    def api_versions(self) -> list[str]:
        return sorted(self.server.app.documents)

    def issue_token(self, expires_in: float = 3600) -> str:
        """A bearer token the emulator accepts (negative `expires_in` gives an expired one)."""
        return auth.issue_token(self.config, expires_in=expires_in)[0]

    def stats(self, test_id: str) -> dict[str, Any]:
        """`{"attempts": n, "requests": [...], "auth": [...], "credential_hashes": [...]}`."""
        return self.server.app.state.stats.get(test_id)

    def quota_stats(self) -> dict[str, dict[str, int]]:
        """Per metered deployment: `admitted`, `throttled` (429s sent) and `tokens_charged`."""
        return self.server.app.state.quotas.stats()

    def reset_stats(self) -> None:
        self.server.app.state.stats.reset()

    def close(self) -> None:
        self.server.stop()


@contextlib.contextmanager
def running_emulator(**options: Any) -> Iterator[EmulatorHandle]:
    """Options: api_key, trigger_word, deployments, fault_plan, stall_seconds, and the quotas
    tpm, rpm, quotas={name: Quota(...)}, quota_period (see EmulatorConfig.create)."""
    config = EmulatorConfig.create(**options)
    server = BackgroundServer(config).start()
    handle = EmulatorHandle(server, config)
    try:
        yield handle
    finally:
        if server.thread.is_alive():
            server.stop()


try:  # pytest fixtures, for conftest files that `from aoai_emulator.testing import *`
    import pytest
except ImportError:  # pragma: no cover - pytest is a dev dependency only
    pass
else:

    @pytest.fixture(scope="session")
    def emulator() -> Iterator[EmulatorHandle]:
        """One emulator with the default options, shared by the session (stats are per test id)."""
        with running_emulator() as handle:
            yield handle

    @pytest.fixture
    def test_id(request: pytest.FixtureRequest) -> str:
        """A unique `x-aoai-test-id` value for the current test."""
        return f"{request.node.nodeid}#{uuid.uuid4().hex[:8]}"

    @pytest.fixture
    def emulator_env(emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch) -> EmulatorHandle:
        """The shared emulator, with AZURE_OPENAI_* and IDENTITY_* env vars pointing at it."""
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", emulator.base_url)
        monkeypatch.setenv("AZURE_OPENAI_API_KEY", emulator.api_key)
        monkeypatch.setenv("IDENTITY_ENDPOINT", emulator.identity_endpoint)
        monkeypatch.setenv("IDENTITY_HEADER", emulator.identity_header)
        return emulator


__all__ = ["EmulatorHandle", "emulator", "emulator_env", "running_emulator", "test_id"]


#: Every DefaultAzureCredential source but managed identity: a test must not look at this
#: machine's environment, CLIs, caches or browser, only at the emulator's identity endpoint.
ONLY_MANAGED_IDENTITY = {
    "exclude_environment_credential": True,
    "exclude_workload_identity_credential": True,
    "exclude_shared_token_cache_credential": True,
    "exclude_visual_studio_code_credential": True,
    "exclude_cli_credential": True,
    "exclude_powershell_credential": True,
    "exclude_developer_cli_credential": True,
    "exclude_interactive_browser_credential": True,
    "exclude_broker_credential": True,
}


def managed_identity_credential(asynchronous: bool = False) -> Any:
    """`DefaultAzureCredential` (sync or `.aio`) reduced to managed identity.

    Point it at the emulator with IDENTITY_ENDPOINT / IDENTITY_HEADER (a handle's
    `identity_endpoint` / `identity_header`). azure-identity is imported here, not at
    module import, because it is heavy and most tests never need it.
    """
    identity = importlib.import_module("azure.identity.aio" if asynchronous else "azure.identity")
    return identity.DefaultAzureCredential(**ONLY_MANAGED_IDENTITY)
