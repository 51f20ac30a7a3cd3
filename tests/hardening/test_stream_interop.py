"""Items 5 (mid-stream), 6, 9, 10 and 11: read every stream the official SDK reads, and lose nothing silently.

- 9: a stream without `Content-Type` failed on the first iteration (httpx2's `EventSource`
  refuses it); gateways and test servers send such streams, the SDK reads them;
- 10: a stream that ends cleanly after complete events but without `data: [DONE]` raised
  `IncompleteStreamError` after every chunk; now it ends, `completed` says `[DONE]` was not
  seen and a WARNING is logged. A body that stops mid-event still raises;
- 11: a UTF-8 BOM at the start dropped the first chunk;
- 6: a malformed event was dropped with a DEBUG line, so `get_final_completion()` returned
  text with a hole; now it is a typed error after the chunks that came before it.
Sync and async, over real HTTP from a scripted server.
"""

from __future__ import annotations

import logging
from typing import Any

import aoai
import pytest
from aoai.streaming import IncompleteStreamError

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import Reply, WireServer, chat_chunk, sse_body

MESSAGES = [{"role": "user", "content": "hi"}]
SSE = ("content-type", "text/event-stream")
WORDS = ["Hello", ", ", "world", "!"]
CHUNKS = [chat_chunk(w) for w in WORDS[:-1]] + [chat_chunk(WORDS[-1], finish="stop")]


def _read(
    server: WireServer, reply: Reply, kind: str, portal: Any
) -> tuple[list[str], Any, BaseException | None]:
    """(contents seen, the stream, the error that ended it) for the sync or async client."""
    server.script(reply)
    seen: list[str] = []
    if kind == "sync":
        client = aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k")
        with client:
            stream = client.chat.completions.create(model="d", messages=MESSAGES, stream=True)
            try:
                for chunk in stream:
                    seen.extend(c.delta.content for c in chunk.choices)
            except Exception as exc:
                return seen, stream, exc
        return seen, stream, None

    async def run() -> tuple[list[str], Any, BaseException | None]:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k"
        ) as client:
            stream = await client.chat.completions.create(model="d", messages=MESSAGES, stream=True)
            try:
                async for chunk in stream:
                    seen.extend(c.delta.content for c in chunk.choices)
            except Exception as exc:
                return seen, stream, exc
            return seen, stream, None

    result: tuple[list[str], Any, BaseException | None] = portal.call(run)
    return result


both = pytest.mark.parametrize("kind", ["sync", "async"])


@both
def test_a_stream_without_content_type_is_read(server: WireServer, portal: Any, kind: str) -> None:
    seen, stream, error = _read(server, Reply(200, [], sse_body(CHUNKS)), kind, portal)
    assert error is None and seen == WORDS and stream.completed is True


@both
def test_a_clean_end_without_done_ends_the_stream_with_a_warning(
    server: WireServer, portal: Any, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="aoai")
    seen, stream, error = _read(
        server, Reply(200, [SSE], sse_body(CHUNKS, done=False), close=True), kind, portal
    )
    assert error is None and seen == WORDS
    assert stream.completed is False
    (record,) = [r for r in caplog.records if r.name == "aoai"]
    assert record.levelno == logging.WARNING and "[DONE]" in record.getMessage()


def test_with_done_there_is_no_warning(
    server: WireServer, portal: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="aoai")
    _, stream, error = _read(server, Reply(200, [SSE], sse_body(CHUNKS)), "sync", portal)
    assert error is None and stream.completed is True
    assert [r for r in caplog.records if r.name == "aoai"] == []


def test_the_final_completion_of_a_stream_without_done(server: WireServer) -> None:
    server.script(Reply(200, [SSE], sse_body(CHUNKS, done=False)))
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k") as client:
        stream = client.chat.completions.create(model="d", messages=MESSAGES, stream=True)
        completion = stream.get_final_completion()
    assert completion.choices[0].message.content == "".join(WORDS)
    assert stream.completed is False


@both
@pytest.mark.parametrize(
    "tail",
    [b'data: {"id": "chatcmpl-1", "choi', b"data: [DONE]", b'data: {"id": "x"}\n', b"data: [DO"],
    ids=["mid-json", "done without blank line", "event without blank line", "mid-done"],
)
def test_a_body_that_stops_mid_event_is_still_incomplete(
    server: WireServer, portal: Any, kind: str, tail: bytes
) -> None:
    body = sse_body(CHUNKS, done=False) + tail
    seen, stream, error = _read(server, Reply(200, [SSE], body, close=True), kind, portal)
    assert isinstance(error, IncompleteStreamError), repr(error)
    assert seen == WORDS and stream.completed is False


@both
def test_an_empty_stream_is_incomplete(server: WireServer, portal: Any, kind: str) -> None:
    _, _, error = _read(server, Reply(200, [SSE], b": keep-alive\n\n", close=True), kind, portal)
    assert isinstance(error, IncompleteStreamError), repr(error)


@both
@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_a_bom_does_not_drop_the_first_chunk(
    server: WireServer, portal: Any, kind: str, newline: bytes
) -> None:
    body = b"\xef\xbb\xbf" + sse_body(CHUNKS).replace(b"\n", newline)
    seen, _, error = _read(server, Reply(200, [SSE], body), kind, portal)
    assert error is None and seen == WORDS


@both
@pytest.mark.parametrize("bad", [b"data: not json", b"data: [1, 2]", b"data: null", b'data: "text"'])
def test_a_malformed_event_is_a_typed_error_after_the_chunks_before_it(
    server: WireServer, portal: Any, kind: str, bad: bytes
) -> None:
    body = sse_body(CHUNKS[:2], done=False) + bad + b"\n\n" + sse_body(CHUNKS[2:])
    seen, _, error = _read(server, Reply(200, [SSE], body), kind, portal)
    assert seen == WORDS[:2]
    assert isinstance(error, aoai.APIResponseValidationError), repr(error)
    assert "event 3" in error.reason and error.response is not None


def test_get_final_completion_never_returns_text_with_a_hole(server: WireServer) -> None:
    body = sse_body(CHUNKS[:2], done=False) + b"data: {oops\n\n" + sse_body(CHUNKS[2:])
    server.script(Reply(200, [SSE], body))
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k") as client:
        stream = client.chat.completions.create(model="d", messages=MESSAGES, stream=True)
        with pytest.raises(aoai.APIResponseValidationError):
            stream.get_final_completion()
