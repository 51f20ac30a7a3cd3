"""Item 7: a stream's memory does not grow with its length; it folds as it goes.

Before: every chunk's JSON payload was kept for `get_final_completion()`, so a 100,000-chunk
stream grew RSS from 73 to 213 MB (the official SDK: flat). Measured here with tracemalloc
(allocations, not time): the peak while reading 20,000 chunks may exceed the peak for
2,000 chunks by the text itself (36,000 characters), not by 18,000 payloads (~27 MB before)
nor by 18,000 fragment objects (~0.9 MB: `io.StringIO` kept every one before Python 3.12).
The body's bytes are allocated before tracing starts, as a socket's would not be counted.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Iterator

import httpx2
import pytest
from aoai.accumulate import chat_fold
from aoai.streaming import Stream
from aoai_v2024_10_21.models import CreateChatCompletionResponse, CreateChatCompletionStreamResponse

#: Allowed growth between the two lengths: the folded text (36 KB) plus slack.
BUDGET = 256 << 10


class Body(httpx2.SyncByteStream):
    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces


def _body(chunks: int) -> list[bytes]:
    event = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": {"content": "xy"}, "finish_reason": None}],
        "content_filter_results": {"hate": {"filtered": False, "severity": "safe"}},
    }
    line = b"data: " + json.dumps(event).encode() + b"\n\n"
    return [line * 100] * (chunks // 100) + [b"data: [DONE]\n\n"]


def _peak(chunks: int, fold: bool) -> int:
    body = _body(chunks)
    request = httpx2.Request("POST", "http://127.0.0.1/openai/deployments/d/chat/completions")
    response = httpx2.Response(
        200, headers={"content-type": "text/event-stream"}, stream=Body(body), request=request
    )
    folder = chat_fold(CreateChatCompletionResponse) if fold else None
    tracemalloc.start()
    try:
        stream = Stream(response, CreateChatCompletionStreamResponse, folder)
        if fold:
            completion = stream.get_final_completion()
            assert completion.choices[0].message.content == "xy" * chunks
        else:
            assert sum(1 for _ in stream) == chunks
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fold", [True, False], ids=["get_final_completion", "iteration"])
def test_stream_memory_does_not_grow_with_length(fold: bool) -> None:
    short, long = _peak(2_000, fold), _peak(20_000, fold)
    assert long - short < BUDGET, f"peak {short:,} B for 2,000 chunks, {long:,} B for 20,000"
