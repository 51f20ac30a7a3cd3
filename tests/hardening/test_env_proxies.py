"""Item 12: `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` are honoured as httpx2 honours them.

Before: the client passed its own `transport=` to httpx2, which turns environment proxies
off, so with `HTTP_PROXY` set aoai connected directly (the official SDK goes through the
proxy). A real forwarding proxy on 127.0.0.1 records what it relayed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import aoai
import httpx2
import pytest

from tests.hardening.conftest import API_VERSION
from tests.hardening.proxy_server import ForwardingProxy
from tests.hardening.wire_server import WireServer, json_reply

MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}


@pytest.fixture
def proxy() -> Iterator[ForwardingProxy]:
    with ForwardingProxy() as running:
        yield running


def _chat_sync(server: WireServer, **kwargs: Any) -> Any:
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", **kwargs
    ) as c:
        return c.chat.completions.create(model="d", messages=MESSAGES)


def _chat_async(server: WireServer, portal: Any) -> Any:
    async def run() -> Any:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k"
        ) as client:
            return await client.chat.completions.create(model="d", messages=MESSAGES)

    return portal.call(run)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_environment_proxies_are_used(
    server: WireServer,
    proxy: ForwardingProxy,
    monkeypatch: pytest.MonkeyPatch,
    portal: Any,
    variable: str,
    kind: str,
) -> None:
    server.script(json_reply(COMPLETION))
    monkeypatch.setenv(variable, proxy.url)
    completion = _chat_sync(server) if kind == "sync" else _chat_async(server, portal)
    assert completion.id == "c"
    assert [url.partition("?")[0] for url in proxy.relayed] == [
        f"{server.base_url}/openai/deployments/d/chat/completions"
    ]
    assert server.seen[0].header("api-key") == "k"  # the proxy relayed the request whole


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "*", "127.0.0.1:{port}"])
def test_no_proxy_bypasses_the_proxy(
    server: WireServer, proxy: ForwardingProxy, monkeypatch: pytest.MonkeyPatch, no_proxy: str
) -> None:
    server.script(json_reply(COMPLETION))
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy.format(port=server.port))
    assert _chat_sync(server).id == "c"
    assert proxy.relayed == [] and len(server.seen) == 1


def test_https_proxy_is_not_used_for_http(
    server: WireServer, proxy: ForwardingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.script(json_reply(COMPLETION))
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    assert _chat_sync(server).id == "c"
    assert proxy.relayed == []


def test_a_caller_http_client_keeps_its_own_proxy_choice(
    server: WireServer, proxy: ForwardingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.script(json_reply(COMPLETION))
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    assert _chat_sync(server, http_client=httpx2.Client(trust_env=False)).id == "c"
    assert proxy.relayed == []
    assert _chat_sync(server, http_client=httpx2.Client()).id == "c"
    assert len(proxy.relayed) == 1


def test_without_proxy_variables_the_connection_is_direct(server: WireServer, proxy: ForwardingProxy) -> None:
    server.script(json_reply(COMPLETION))
    assert _chat_sync(server).id == "c"
    assert proxy.relayed == []
