"""Per-version entry points (`from aoai_<package> import AzureOpenAI`) at run time, over the emulator.

What the typed facade promises a checker must also hold when the code runs: a pinned client is
an `aoai.AzureOpenAI` whose api-version is its package's, another `api_version` is refused with
the way out, `with_options(api_version=...)` moves to that version's client, and `NOT_GIVEN`
(every optional parameter's declared default) is not sent.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from typing import Any

import aoai
import pytest
from aoai.versions import package_name

from tests.resources.conftest import GA_VERSION, PREVIEW_VERSION, SSEServer

GA_PACKAGE = package_name(GA_VERSION)
USER = [{"role": "user", "content": "hi"}]


def pinned(name: str = "AzureOpenAI") -> Any:
    return getattr(importlib.import_module(GA_PACKAGE), name)


def test_a_pinned_client_is_an_aoai_client_of_its_version(emulator: Any) -> None:
    with pinned()(azure_endpoint=emulator.base_url, api_key=emulator.api_key) as client:
        assert isinstance(client, aoai.AzureOpenAI)
        assert client.api_version == GA_VERSION
        reply = client.chat.completions.create(model="gpt-4o", messages=USER)
        assert type(reply).__module__.startswith(f"{GA_PACKAGE}.models.")
        assert reply.choices[0].message.content


def test_a_pinned_client_refuses_another_version_and_says_what_to_use(emulator: Any) -> None:
    with pytest.raises(
        ValueError, match=rf"pinned to api-version '{GA_VERSION}'.*aoai\.AzureOpenAI\(api_version="
    ):
        pinned()(azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=PREVIEW_VERSION)
    same = pinned()(azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=GA_VERSION)
    assert same.api_version == GA_VERSION


def test_with_options_keeps_the_pin_or_moves_to_the_other_version(emulator: Any) -> None:
    client = pinned()(azure_endpoint=emulator.base_url, api_key=emulator.api_key)
    kept = client.with_options(max_retries=0)
    assert type(kept) is type(client)
    assert (kept.api_version, kept.max_retries) == (GA_VERSION, 0)
    moved = client.with_options(api_version=PREVIEW_VERSION)
    assert type(moved) is aoai.AzureOpenAI
    assert moved.api_version == PREVIEW_VERSION
    assert moved.chat.completions.create(model="gpt-4o", messages=USER).choices[0].message.content


@pytest.mark.anyio
async def test_the_async_pinned_client(emulator: Any) -> None:
    async with pinned("AsyncAzureOpenAI")(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key
    ) as client:
        assert isinstance(client, aoai.AsyncAzureOpenAI)
        reply = await client.chat.completions.create(model="gpt-4o", messages=USER)
        assert reply.choices[0].message.content


def test_not_given_is_not_sent(sse_server: SSEServer) -> None:
    completion = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
    sse_server.body = json.dumps(completion).encode()
    sse_server.content_type = "application/json"
    with aoai.AzureOpenAI(azure_endpoint=sse_server.base_url, api_key="k", api_version=GA_VERSION) as c:
        c.chat.completions.create(model="d", messages=USER, temperature=aoai.NOT_GIVEN, seed=7, max_retries=0)
    sent = json.loads(sse_server.requests[-1]["body"])
    assert sent == {"messages": USER, "seed": 7}


def test_loading_a_package_does_not_load_its_pinned_clients() -> None:
    script = (
        f"import sys, {GA_PACKAGE}; print('{GA_PACKAGE}.typed' in sys.modules); "
        f"{GA_PACKAGE}.AzureOpenAI; print('{GA_PACKAGE}.typed' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
