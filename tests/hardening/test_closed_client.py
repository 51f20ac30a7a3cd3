"""Item 16: a closed client, and every `with_options` sibling of it, raises `ClientClosedError`.

Before: a sibling kept working after its parent closed the shared pool (and opened new
connections in it), and a call on the closed client raised a bare `RuntimeError`.
"""

from __future__ import annotations

from typing import Any

import aoai
import httpx2
import pytest

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import WireServer, json_reply

MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}


def _client(server: WireServer, **kwargs: Any) -> aoai.AzureOpenAI:
    return aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", **kwargs)


def _chat(client: Any) -> Any:
    return client.chat.completions.create(model="d", messages=MESSAGES)


def test_a_closed_client_raises_the_typed_error(server: WireServer) -> None:
    server.script(json_reply(COMPLETION))
    client = _client(server)
    assert _chat(client).id == "c"
    client.close()
    with pytest.raises(aoai.ClientClosedError, match="closed"):
        _chat(client)
    with pytest.raises(RuntimeError):  # what a closed httpx client raised: still caught by old code
        _chat(client)
    assert len(server.seen) == 1


def test_siblings_of_a_closed_client_are_closed_too(server: WireServer) -> None:
    server.script(json_reply(COMPLETION))
    parent = _client(server)
    sibling = parent.with_options(max_retries=0)
    grandchild = sibling.with_options(timeout=5)
    parent.close()
    for client in (sibling, grandchild):
        with pytest.raises(aoai.ClientClosedError):
            _chat(client)
        with pytest.raises(aoai.ClientClosedError):
            client.generated_client.get_httpx_client().get("deployments")
    assert server.seen == []


def test_closing_a_sibling_closes_only_the_sibling(server: WireServer) -> None:
    server.script(json_reply(COMPLETION))
    with _client(server) as parent:
        sibling = parent.with_options(max_retries=0)
        sibling.close()
        with pytest.raises(aoai.ClientClosedError):
            _chat(sibling)
        assert _chat(parent).id == "c"


def test_a_closed_caller_http_client_is_the_same_typed_error(server: WireServer) -> None:
    http = httpx2.Client()
    client = _client(server, http_client=http)
    http.close()
    with pytest.raises(aoai.ClientClosedError):
        _chat(client)


def test_the_async_client_and_its_siblings(server: WireServer, portal: Any) -> None:
    server.script(json_reply(COMPLETION))

    async def run() -> list[type]:
        parent = aoai.AsyncAzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k")
        sibling = parent.with_options(max_retries=0)
        await parent.close()
        raised = []
        for client in (parent, sibling):
            try:
                await client.chat.completions.create(model="d", messages=MESSAGES)
            except Exception as exc:
                raised.append(type(exc))
        return raised

    assert portal.call(run) == [aoai.ClientClosedError, aoai.ClientClosedError]  # type: ignore[attr-defined]
    assert server.seen == []
