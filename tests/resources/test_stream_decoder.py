"""The sans-IO stream core and its two drivers, over in-memory bytes and recorded Azure streams.

No network here: these pin the parsing rules. The same code runs over real HTTP in
`test_chat_streaming.py`.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import aoai
import httpx2
import pytest
from aoai.accumulate import chat_fold
from aoai.streaming import AsyncStream, ChunkDecoder, IncompleteStreamError, Stream, StreamError

from .conftest import capture_ids, captures, expected_text

pytestmark = pytest.mark.filterwarnings("error")

GA = importlib.import_module("aoai_v2024_10_21.models")
PREVIEW = importlib.import_module("aoai_v2024_10_01_preview.models")


def sse_bytes(*payloads: Any, done: bool = True) -> bytes:
    out = b"".join(b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads)
    return out + (b"data: [DONE]\n\n" if done else b"")


def response(body: bytes) -> httpx2.Response:
    request = httpx2.Request("POST", "http://127.0.0.1/openai/deployments/x/chat/completions")
    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body, request=request)


def chat_stream(body: bytes, models: Any = GA) -> Stream[Any]:
    return Stream(
        response(body),
        models.CreateChatCompletionStreamResponse,
        chat_fold(models.CreateChatCompletionResponse),
    )


def content_of(chunks: list[Any]) -> str:
    return "".join(
        c.delta.content
        for chunk in chunks
        for c in chunk.choices
        if isinstance(getattr(c.delta, "content", None), str)
    )


CHUNK = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m"}


def choice(delta: dict[str, Any] | None = None, finish: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"index": 0, "finish_reason": finish, **extra}
    if delta is not None:
        out["delta"] = delta
    return {**CHUNK, "choices": [out]}


@pytest.mark.parametrize("path", captures(), ids=capture_ids())
@pytest.mark.parametrize("models", [GA, PREVIEW], ids=["ga", "preview"])
def test_recorded_azure_streams_parse_to_their_expected_text(path: Path, models: Any) -> None:
    with chat_stream(path.read_bytes(), models) as stream:
        chunks = list(stream)
        final = stream.get_final_completion()
    assert chunks[0].choices == [] and "prompt_filter_results" in chunks[0].additional_properties
    assert content_of(chunks) == expected_text(path)
    assert final.choices[0].message.content == expected_text(path)
    assert final.choices[0].finish_reason.value == "stop"
    assert final.id == chunks[-1].id and final.id != ""
    assert isinstance(final, models.CreateChatCompletionResponse)


@pytest.mark.anyio
@pytest.mark.parametrize("path", captures(), ids=capture_ids())
async def test_recorded_azure_streams_parse_async(path: Path) -> None:
    stream = AsyncStream(
        response(path.read_bytes()),
        GA.CreateChatCompletionStreamResponse,
        chat_fold(GA.CreateChatCompletionResponse),
    )
    async with stream:
        chunks = [chunk async for chunk in stream]
        final = await stream.get_final_completion()
    assert content_of(chunks) == expected_text(path)
    assert final.choices[0].message.content == expected_text(path)


@pytest.mark.parametrize("path", captures(), ids=capture_ids())
def test_tolerated_chunks_still_serialise(path: Path) -> None:
    """Chunks rebuilt past the document (`finish_reason: null`, `object: ""`, no `delta`) keep a
    working `to_dict`, and it gives back the wire data."""
    for chunk, payload in zip(chat_stream(path.read_bytes()), _payloads(path), strict=True):
        assert isinstance(chunk, GA.CreateChatCompletionStreamResponse)
        assert chunk.to_dict() == payload


def _payloads(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text().splitlines()
    return [json.loads(line[6:]) for line in lines if line.startswith("data: {")]


def test_deeply_nested_data_is_a_typed_error() -> None:
    with pytest.raises(aoai.APIResponseValidationError, match="nested too deeply"):
        list(chat_stream(b"data: " + b"[" * 100_000 + b"\n\ndata: [DONE]\n\n"))


def test_comments_event_lines_crlf_and_unknown_chunks_are_tolerated() -> None:
    body = (
        b": keep-alive comment\r\n\r\n"
        b"event: message\r\nid: 1\r\ndata: " + json.dumps(choice({"content": "Hel"})).encode() + b"\r\n\r\n"
        b'event: telemetry\ndata: {"kind": "something-new", "n": 3}\n\n'
        b"retry: 100\n\n"
        b"data: " + json.dumps(choice({"content": "lo"}, brand_new_field=[1, 2])).encode() + b"\n\n"
        b"data: [DONE]\n\n"
        b"data: " + json.dumps(choice({"content": "after done"})).encode() + b"\n\n"
    )
    chunks = list(chat_stream(body))
    assert content_of(chunks) == "Hello"
    unknown = chunks[1]
    assert unknown.additional_properties == {"kind": "something-new", "n": 3}
    assert chunks[2].choices[0].additional_properties["brand_new_field"] == [1, 2]


def test_content_filter_chunk_without_delta_and_usage_chunk() -> None:
    filters = {"hate": {"filtered": False, "severity": "safe"}}
    body = sse_bytes(
        {
            "choices": [],
            "created": 0,
            "id": "",
            "model": "",
            "object": "",
            "prompt_filter_results": [{"prompt_index": 0}],
        },
        choice({"role": "assistant", "content": ""}, content_filter_results={}),
        choice({"content": "Hi"}, content_filter_results=filters),
        choice({}, finish="stop", content_filter_results={}),
        {
            **CHUNK,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": None,
                    "content_filter_results": filters,
                    "content_filter_offsets": {"check_offset": 0, "start_offset": 0, "end_offset": 2},
                }
            ],
        },
        {**CHUNK, "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}},
    )
    stream = chat_stream(body)
    chunks = list(stream)
    assert chunks[4].choices[0].additional_properties["content_filter_offsets"]["end_offset"] == 2
    assert chunks[5].additional_properties["usage"]["total_tokens"] == 4
    final = stream.get_final_completion()
    assert final.usage.total_tokens == 4
    assert final.choices[0].content_filter_results.to_dict()["hate"] == {
        "filtered": False,
        "severity": "safe",
    }
    assert "content_filter_offsets" not in final.choices[0].additional_properties
    assert final.prompt_filter_results[0].prompt_index == 0
    assert (final.id, final.created, final.model) == ("c1", 1, "m")


def test_tool_call_fragments_join_by_index() -> None:
    def call(index: int, **fields: Any) -> dict[str, Any]:
        return choice({"tool_calls": [{"index": index, **fields}]})

    body = sse_bytes(
        choice({"role": "assistant", "content": None}),
        call(0, id="call_a", type="function", function={"name": "get_weather", "arguments": ""}),
        call(0, function={"arguments": '{"city":'}),
        call(1, id="call_b", type="function", function={"name": "get_time", "arguments": '{"tz"'}),
        call(0, function={"arguments": ' "Oslo"}'}),
        call(1, function={"arguments": ': "UTC"}'}),
        choice({}, finish="tool_calls"),
    )
    final = chat_stream(body).get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert [(c.id, c.function.name, json.loads(c.function.arguments)) for c in calls] == [
        ("call_a", "get_weather", {"city": "Oslo"}),
        ("call_b", "get_time", {"tz": "UTC"}),
    ]
    assert calls[0].additional_properties == {}
    assert final.choices[0].message.content is None
    assert final.choices[0].finish_reason.value == "tool_calls"


def test_a_value_repeated_then_changed_still_merges() -> None:
    """The fold skips a value equal to the one it holds; a change after repeats still lands,
    key by key, and an empty or null one never erases it."""
    safe = {
        "hate": {"filtered": False, "severity": "safe"},
        "violence": {"filtered": False, "severity": "safe"},
    }
    high = {"hate": {"filtered": True, "severity": "high"}}
    body = sse_bytes(
        choice({"content": "a"}, content_filter_results=safe),
        choice({"content": "b"}, content_filter_results=safe),
        choice({"content": "c"}, content_filter_results=high),
        choice({"content": "d"}, content_filter_results=high),
        choice({}, finish="stop", content_filter_results={}),
        {**CHUNK, "id": "", "choices": [], "system_fingerprint": None},
    )
    final = chat_stream(body).get_final_completion()
    assert final.choices[0].content_filter_results.to_dict() == {
        "hate": {"filtered": True, "severity": "high"},
        "violence": {"filtered": False, "severity": "safe"},
    }
    assert final.choices[0].message.content == "abcd"
    assert final.id == "c1" and final.system_fingerprint is None


def test_a_long_text_folds_whole_across_blocks() -> None:
    """Fragments are joined a block at a time; every one lands, in order, at any count."""
    fragments = [f"<{i}>" for i in range(1_500)]
    body = sse_bytes(*(choice({"content": f}) for f in fragments))
    assert chat_stream(body).get_final_completion().choices[0].message.content == "".join(fragments)


def test_error_event_raises_after_the_chunks_that_arrived() -> None:
    body = sse_bytes(choice({"content": "par"}), done=False) + (
        b'event: error\ndata: {"error": {"code": "server_error", "message": "The model broke."}}\n\n'
    )
    seen: list[Any] = []
    with pytest.raises(StreamError) as info:
        for chunk in chat_stream(body):
            seen.append(chunk)
    assert content_of(seen) == "par"
    assert info.value.code == "server_error" and "The model broke." in str(info.value)


def test_error_payload_without_event_name_raises() -> None:
    body = sse_bytes(
        choice({"content": "x"}), {"error": {"message": "rate limited mid-stream", "code": "429"}}
    )
    stream = chat_stream(body)
    assert content_of([next(stream)]) == "x"
    with pytest.raises(StreamError, match="rate limited mid-stream"):
        next(stream)


def test_stream_without_done_ends_after_its_chunks_and_says_so() -> None:
    seen: list[Any] = []
    stream = chat_stream(sse_bytes(choice({"content": "a"}), choice({"content": "b"}), done=False))
    for chunk in stream:
        seen.append(chunk)
    assert content_of(seen) == "ab" and stream.completed is False
    assert stream.get_final_completion().choices[0].message.content == "ab"


def test_stream_cut_mid_event_is_incomplete_after_its_chunks() -> None:
    seen: list[Any] = []
    stream = chat_stream(sse_bytes(choice({"content": "a"}), done=False) + b'data: {"id"')
    with pytest.raises(IncompleteStreamError, match="1 chunk"):
        for chunk in stream:
            seen.append(chunk)
    assert content_of(seen) == "a"
    with pytest.raises(IncompleteStreamError):
        stream.get_final_completion()


def test_decoder_is_sans_io() -> None:
    decoder = ChunkDecoder(GA.CreateChatCompletionStreamResponse)
    text = "data: " + json.dumps(choice({"content": "a"})) + "\n\ndata: [DONE]\n\n"
    (chunk,) = list(decoder.feed(text[:7])) + list(decoder.feed(text[7:]))
    assert chunk.choices[0].delta.content == "a"
    assert list(decoder.finish()) == [] and decoder.done
    with pytest.raises(aoai.APIResponseValidationError, match="not JSON"):
        list(ChunkDecoder(GA.CreateChatCompletionStreamResponse).feed("data: not json\n\n"))
    with pytest.raises(IncompleteStreamError):
        list(ChunkDecoder(GA.CreateChatCompletionStreamResponse).finish())


def test_event_data_with_whitespace_around_its_json_decodes_and_trailing_garbage_does_not() -> None:
    text = json.dumps(choice({"content": "a"}))
    (chunk,) = ChunkDecoder(GA.CreateChatCompletionStreamResponse).feed(f"data:  {text} \t\n\n")
    assert chunk.choices[0].delta.content == "a"
    with pytest.raises(aoai.APIResponseValidationError, match="not JSON"):
        list(ChunkDecoder(GA.CreateChatCompletionStreamResponse).feed(f"data: {text}}}\n\n"))


def test_break_closes_the_response() -> None:
    stream = chat_stream(sse_bytes(choice({"content": "a"}), choice({"content": "b"})))
    for _ in stream:
        break
    stream.close()
    assert stream.response.is_closed
