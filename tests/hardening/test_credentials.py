"""Items 15, 18 and 23: credentials as Azure users hold them, and where they may go.

- 18: `AzureKeyCredential` (its `.update()` seen by the next attempt) and `AsyncTokenCredential`
  are accepted; a sync provider or credential in the async client runs off the event loop;
  concurrent first calls fetch a token once (threads and tasks); a 401 with a token
  credential refreshes the token once and retries;
- 15: `api-key` / `Authorization` set by the caller in `default_headers` / `extra_headers`
  are sent (as the official SDK does), not silently dropped; only to the endpoint's origin;
- 23: `AzureAuth` itself never attaches a credential to another origin, even when the
  request hook that also guards it is gone.
Real HTTP throughout; the scripted server records every header that arrived.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import aoai
import httpx2
import pytest
from aoai.auth import AzureAuth, CredentialTokens
from azure.core.credentials import AccessToken, AzureKeyCredential

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import Reply, Seen, WireServer, json_reply

MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
UNAUTHORIZED = Reply(
    401, [("content-type", "application/json")], b'{"error": {"code": "401", "message": "no"}}'
)


class Tokens:
    """A TokenCredential minting tok-1, tok-2, ...; counts calls; optionally slow (to overlap callers)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.calls = 0
        self.delay = delay
        self.threads: list[str] = []
        self.loop_running: list[bool] = []
        self._lock = threading.Lock()

    def _mint(self) -> AccessToken:
        self.threads.append(threading.current_thread().name)
        try:
            asyncio.get_running_loop()
            self.loop_running.append(True)
        except RuntimeError:
            self.loop_running.append(False)
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.calls += 1
            return AccessToken(f"tok-{self.calls}", int(time.time()) + 3600)

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return self._mint()


class AsyncTokens(Tokens):
    """An AsyncTokenCredential (async get_token, close, async context manager)."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        await asyncio.sleep(self.delay)
        self.calls += 1
        return AccessToken(f"tok-{self.calls}", int(time.time()) + 3600)

    async def close(self) -> None:
        pass

    async def __aenter__(self) -> AsyncTokens:
        return self

    async def __aexit__(self, *exc: object) -> None:
        pass


def _sync(server: WireServer, **kwargs: Any) -> aoai.AzureOpenAI:
    return aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, **kwargs)


def _chat(client: Any, **kwargs: Any) -> Any:
    return client.chat.completions.create(model="d", messages=MESSAGES, **kwargs)


def _bearers(server: WireServer) -> list[str | None]:
    return [s.header("authorization") for s in server.seen]


# -- 18: AzureKeyCredential ---------------------------------------------------------------


@pytest.mark.parametrize("argument", ["api_key", "credential"])
def test_azure_key_credential_rotation_is_seen_by_the_next_attempt(server: WireServer, argument: str) -> None:
    key = AzureKeyCredential("key-1")

    def rotate_then_fail(seen: Seen) -> Reply:
        key.update("key-2")  # rotated while the first attempt was in flight
        return Reply(503)

    server.script(rotate_then_fail, json_reply(COMPLETION))
    with _sync(server, **{argument: key}) as client:
        assert _chat(client).id == "c"
        key.update("key-3")
        assert _chat(client).id == "c"
        assert "key" not in repr(client).replace("api key", "").replace("Azure key credential", "")
    assert [s.header("api-key") for s in server.seen] == ["key-1", "key-2", "key-3"]


def test_azure_key_credential_values_are_checked_without_showing_them(server: WireServer) -> None:
    key = AzureKeyCredential("sk-SECRET-rotated ")
    with _sync(server, api_key=key) as client, pytest.raises(ValueError) as caught:
        _chat(client)
    assert "sk-SECRET" not in str(caught.value) and server.seen == []


# -- 18: AsyncTokenCredential, and sync providers off the event loop ------------------------


def test_async_token_credential_is_accepted(server: WireServer, portal: Any) -> None:
    server.script(json_reply(COMPLETION))
    credential = AsyncTokens()

    async def run() -> str:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, credential=credential
        ) as client:
            return str((await _chat(client)).id)

    assert portal.call(run) == "c"  # type: ignore[attr-defined]
    assert _bearers(server) == ["Bearer tok-1"]


@pytest.mark.parametrize("mode", ["token provider", "token credential", "api_key callable"])
def test_sync_providers_run_off_the_event_loop_in_the_async_client(
    server: WireServer, portal: Any, mode: str
) -> None:
    server.script(json_reply(COMPLETION))
    tokens = Tokens()
    kwargs: dict[str, Any] = {
        "token provider": {"azure_ad_token_provider": lambda: tokens.get_token().token},
        "token credential": {"credential": tokens},
        "api_key callable": {"api_key": lambda: tokens.get_token().token},
    }[mode]

    async def run() -> str:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, **kwargs
        ) as c:
            return str((await _chat(c)).id)

    assert portal.call(run) == "c"  # type: ignore[attr-defined]
    assert tokens.loop_running == [False]  # called where no event loop runs: a worker thread


# -- 18: single flight -------------------------------------------------------------------------


def test_concurrent_first_calls_in_threads_fetch_the_token_once(server: WireServer) -> None:
    server.script(json_reply(COMPLETION))
    tokens = Tokens(delay=0.2)
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []
    with _sync(server, credential=tokens) as client:

        def call() -> None:
            barrier.wait()
            try:
                _chat(client)
            except BaseException as exc:
                errors.append(exc)

        workers = [threading.Thread(target=call) for _ in range(20)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
    assert errors == [] and tokens.calls == 1
    assert set(_bearers(server)) == {"Bearer tok-1"} and len(server.seen) == 20


@pytest.mark.parametrize("credential_kind", ["async credential", "sync credential"])
def test_concurrent_first_calls_in_tasks_fetch_the_token_once(
    server: WireServer, portal: Any, credential_kind: str
) -> None:
    server.script(json_reply(COMPLETION))
    tokens = AsyncTokens(delay=0.2) if credential_kind == "async credential" else Tokens(delay=0.2)

    async def run() -> list[Any]:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, credential=tokens
        ) as client:
            return await asyncio.gather(*(_chat(client) for _ in range(200)))

    assert len(portal.call(run)) == 200  # type: ignore[attr-defined]
    assert tokens.calls == 1 and set(_bearers(server)) == {"Bearer tok-1"}


# -- 18: a 401 refreshes a token once ------------------------------------------------------------


def test_a_401_with_a_token_credential_refreshes_once_and_retries(server: WireServer) -> None:
    server.script(UNAUTHORIZED, json_reply(COMPLETION))
    tokens = Tokens()
    with _sync(server, credential=tokens, max_retries=0) as client:
        assert _chat(client).id == "c"
        assert _chat(client).id == "c"  # the refreshed token is the cached one now
    assert _bearers(server) == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


def test_a_second_401_is_the_callers(server: WireServer) -> None:
    server.script(UNAUTHORIZED)
    tokens = Tokens()
    with _sync(server, credential=tokens, max_retries=2) as client, pytest.raises(aoai.AuthenticationError):
        _chat(client)
    assert _bearers(server) == ["Bearer tok-1", "Bearer tok-2"] and tokens.calls == 2


def test_a_401_with_the_same_key_is_not_resent(server: WireServer) -> None:
    server.script(UNAUTHORIZED)
    with _sync(server, api_key="k", max_retries=2) as client, pytest.raises(aoai.AuthenticationError):
        _chat(client)
    assert len(server.seen) == 1


def test_the_async_client_refreshes_on_401_too(server: WireServer, portal: Any) -> None:
    server.script(UNAUTHORIZED, json_reply(COMPLETION))
    tokens = AsyncTokens()

    async def run() -> str:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, credential=tokens
        ) as client:
            return str((await _chat(client)).id)

    assert portal.call(run) == "c"  # type: ignore[attr-defined]
    assert _bearers(server) == ["Bearer tok-1", "Bearer tok-2"]


# -- 15: credential headers set by the caller -----------------------------------------------------


@pytest.mark.parametrize("where", ["default_headers", "extra_headers"])
def test_a_caller_api_key_header_is_sent(server: WireServer, where: str) -> None:
    server.script(json_reply(COMPLETION))
    headers = {"api-key": "caller-key"}
    with _sync(
        server, api_key="client-key", **({"default_headers": headers} if where == "default_headers" else {})
    ) as c:
        _chat(c, **({"extra_headers": headers} if where == "extra_headers" else {}))
    assert server.seen[0].header("api-key") == "caller-key"


def test_a_caller_authorization_header_wins_and_the_provider_is_not_asked(server: WireServer) -> None:
    server.script(json_reply(COMPLETION), json_reply(COMPLETION))
    tokens = Tokens()
    with _sync(server, credential=tokens, max_retries=1) as client:
        _chat(client, extra_headers={"Authorization": "Bearer on-behalf-of"})
        _chat(client)
    assert _bearers(server) == ["Bearer on-behalf-of", "Bearer tok-1"] and tokens.calls == 1


def test_a_caller_header_survives_a_retry(server: WireServer) -> None:
    server.script(Reply(503), json_reply(COMPLETION))
    with _sync(server, api_key="client-key", max_retries=1) as client:
        _chat(client, extra_headers={"api-key": "caller-key"})
    assert [s.header("api-key") for s in server.seen] == ["caller-key", "caller-key"]


def test_a_caller_credential_header_never_follows_a_redirect_elsewhere() -> None:
    with WireServer(json_reply(COMPLETION)) as elsewhere, WireServer() as endpoint:
        endpoint.script(Reply(307, [("location", f"{elsewhere.base_url}/openai/landed")]))
        with _sync(endpoint, api_key="client-key") as client:
            _chat(client, extra_headers={"api-key": "caller-key", "Authorization": "Bearer caller"})
        landed = elsewhere.seen[0]
    assert landed.header("api-key") is None and landed.header("authorization") is None


# -- 23: AzureAuth's own origin check ------------------------------------------------------------


def test_azure_auth_never_sends_a_credential_to_another_origin() -> None:
    """Even without aoai's redirect hook (a caller replaced `event_hooks`), the auth flow itself refuses."""
    with WireServer(json_reply({})) as elsewhere, WireServer(json_reply({})) as endpoint:
        with _sync(endpoint, api_key="client-key") as client:
            client.http_client.event_hooks = {"request": [], "response": []}
            client.http_client.get(f"{elsewhere.base_url}/openai/x")
            client.http_client.get("deployments")
        assert elsewhere.seen[0].header("api-key") is None
        assert endpoint.seen[0].header("api-key") == "client-key"


def test_azure_auth_on_a_plain_httpx2_client_keeps_to_its_origin() -> None:
    with WireServer(json_reply({})) as elsewhere, WireServer(json_reply({})) as endpoint:
        auth = AzureAuth(CredentialTokens(Tokens()), httpx2.URL(endpoint.base_url + "/openai/"))
        with httpx2.Client(auth=auth) as plain:
            plain.get(f"{elsewhere.base_url}/x")
            plain.get(f"{endpoint.base_url}/x")
        assert elsewhere.seen[0].header("authorization") is None
        assert endpoint.seen[0].header("authorization") == "Bearer tok-1"
