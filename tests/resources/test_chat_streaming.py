"""Streamed chat completions over real HTTP: the emulator's Azure-shaped streams, faults, and a
local server for what the emulator does not script (an `error` event, recorded Azure bytes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aoai
import pytest
from aoai.streaming import AsyncStream, IncompleteStreamError, Stream, StreamError

from .conftest import GA_VERSION, SSEServer, busy_connections, capture_ids, captures, expected_text, models_of

USER = [{"role": "user", "content": "Tell me a story about streams"}]
USAGE = {"stream_options": {"include_usage": True}}  # GA does not declare it: extra_body
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string"}},
            "required": ["city", "unit"],
        },
    },
}


def text_of(chunks: list[Any]) -> str:
    return "".join(
        c.delta.content
        for ch in chunks
        for c in ch.choices
        if isinstance(getattr(c.delta, "content", None), str)
    )


def comparable(completion: Any) -> dict[str, Any]:
    """The completion as JSON; `created` is a clock reading, so it is left out of equality."""
    data = completion.to_dict()
    data.pop("created")
    return data


def test_stream_yields_chunk_models_with_azure_quirks(client: aoai.AzureOpenAI) -> None:
    models = models_of(client)
    with client.chat.completions.create(
        model="gpt-4o", messages=USER, stream=True, extra_body=USAGE
    ) as stream:
        assert isinstance(stream, Stream)
        chunks = list(stream)
    assert all(isinstance(c, models.CreateChatCompletionStreamResponse) for c in chunks)
    first = chunks[0]
    assert first.choices == [] and first.id == "" and "prompt_filter_results" in first.additional_properties
    filter_only = [
        c for c in chunks if c.choices and "content_filter_offsets" in c.choices[0].additional_properties
    ]
    assert filter_only, "the emulator sends a content-filter chunk whose choice has no delta"
    # Absent, as the generated models say it (patch 08 makes `delta` optional in the document).
    assert filter_only[0].choices[0].delta is client.generated.types.UNSET
    assert chunks[-1].choices == [] and chunks[-1].additional_properties["usage"]["total_tokens"] > 0
    assert text_of(chunks)
    assert stream.response.is_closed


def test_final_completion_equals_the_non_streamed_one(client: aoai.AzureOpenAI) -> None:
    whole = client.chat.completions.create(model="gpt-4o", messages=USER, n=2)
    stream = client.chat.completions.create(model="gpt-4o", messages=USER, n=2, stream=True, extra_body=USAGE)
    final = stream.get_final_completion()
    assert isinstance(final, type(whole))
    assert comparable(final) == comparable(whole)


def test_tool_call_deltas_fold_into_the_non_streamed_tool_calls(client: aoai.AzureOpenAI) -> None:
    params: dict[str, Any] = {
        "model": "gpt-4o",
        "messages": USER,
        "tools": [WEATHER_TOOL],
        "tool_choice": "required",
    }
    whole = client.chat.completions.create(**params)
    with client.chat.completions.create(**params, stream=True, extra_body=USAGE) as stream:
        chunks = list(stream)
        final = stream.get_final_completion()
    fragments = [tc for ch in chunks for c in ch.choices if c.delta for tc in (c.delta.tool_calls or [])]
    assert len(fragments) > 2, "arguments arrive split over several chunks"
    # (the emulator's tool-call stream omits `refusal: null` that its whole reply has, so compare the rest)
    streamed, direct = final.choices[0].message.to_dict(), whole.choices[0].message.to_dict()
    assert {k: streamed.get(k) for k in ("role", "content", "tool_calls")} == {
        k: direct.get(k) for k in ("role", "content", "tool_calls")
    }
    assert json.loads(final.choices[0].message.tool_calls[0].function.arguments)["city"]
    assert final.usage == whole.usage


@pytest.mark.anyio
async def test_async_stream_and_final_completion(aclient: aoai.AsyncAzureOpenAI) -> None:
    whole = await aclient.chat.completions.create(model="gpt-4o", messages=USER)
    stream = await aclient.chat.completions.create(
        model="gpt-4o", messages=USER, stream=True, extra_body=USAGE
    )
    assert isinstance(stream, AsyncStream)
    async with stream:
        chunks = [chunk async for chunk in stream]
        final = await stream.get_final_completion()
    assert text_of(chunks) == whole.choices[0].message.content
    assert comparable(final) == comparable(whole)


def test_stream_cut_midway_raises_after_the_chunks_that_arrived(
    client: aoai.AzureOpenAI, test_id: str
) -> None:
    seen: list[Any] = []
    stream = client.chat.completions.create(
        model="gpt-4o",
        messages=USER,
        stream=True,
        extra_headers={"x-aoai-emulator-fault": "cut", "x-aoai-test-id": test_id},
    )
    with pytest.raises(IncompleteStreamError) as info, stream:
        for chunk in stream:
            seen.append(chunk)
    assert seen, "chunks before the cut are delivered"
    assert isinstance(info.value, aoai.APIConnectionError)
    assert busy_connections(client) == 0


@pytest.mark.anyio
async def test_async_stream_cut_midway(aclient: aoai.AsyncAzureOpenAI, test_id: str) -> None:
    seen: list[Any] = []
    stream = await aclient.chat.completions.create(
        model="gpt-4o",
        messages=USER,
        stream=True,
        extra_headers={"x-aoai-emulator-fault": "cut", "x-aoai-test-id": test_id},
    )
    with pytest.raises(IncompleteStreamError):
        async with stream:
            async for chunk in stream:
                seen.append(chunk)
    assert seen
    assert busy_connections(aclient) == 0


def test_break_releases_the_connection(client: aoai.AzureOpenAI) -> None:
    for _ in range(3):  # more than one: a leak would pile up
        with client.chat.completions.create(model="gpt-4o", messages=USER, stream=True) as stream:
            for _chunk in stream:
                break
        assert busy_connections(client) == 0
    for _chunk in client.chat.completions.create(model="gpt-4o", messages=USER, stream=True):
        break  # without `with`: the dropped stream's generator closes the response
    assert busy_connections(client) == 0
    assert client.chat.completions.create(model="gpt-4o", messages=USER).choices


@pytest.mark.anyio
async def test_async_break_releases_the_connection(aclient: aoai.AsyncAzureOpenAI) -> None:
    async with await aclient.chat.completions.create(model="gpt-4o", messages=USER, stream=True) as stream:
        async for _chunk in stream:
            break
    assert busy_connections(aclient) == 0


def test_error_event_raises_a_typed_error_after_the_chunks(sse_server: SSEServer) -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}
    chunk["choices"] = [{"index": 0, "finish_reason": None, "delta": {"content": "Hel"}}]
    error = {
        "error": {"code": "server_error", "message": "The server had an error while processing your request."}
    }
    sse_server.body = (
        b"data: " + json.dumps(chunk).encode() + b"\n\nevent: error\ndata: " + json.dumps(error).encode()
    )
    sse_server.body += b"\n\n"
    seen: list[Any] = []
    with aoai.AzureOpenAI(azure_endpoint=sse_server.base_url, api_key="k", api_version=GA_VERSION) as client:
        with pytest.raises(StreamError) as info:
            for c in client.chat.completions.create(model="d", messages=USER, stream=True):
                seen.append(c)
        assert busy_connections(client) == 0
    assert text_of(seen) == "Hel"
    assert info.value.code == "server_error" and info.value.request_id == "req-local-1"
    assert isinstance(info.value, aoai.AzureOpenAIError)


@pytest.mark.parametrize("path", captures(), ids=capture_ids())
def test_recorded_azure_stream_over_http(sse_server: SSEServer, path: Path) -> None:
    sse_server.body = path.read_bytes()
    with aoai.AzureOpenAI(azure_endpoint=sse_server.base_url, api_key="k", api_version=GA_VERSION) as client:
        stream = client.chat.completions.create(model="d", messages=USER, stream=True)
        final = stream.get_final_completion()
    assert final.choices[0].message.content == expected_text(path)


def test_raw_response_of_a_stream(client: aoai.AzureOpenAI) -> None:
    raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=USER, stream=True)
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("text/event-stream")
    assert raw.request_id
    with raw.parse() as stream:
        assert text_of(list(stream))
