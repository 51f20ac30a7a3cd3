"""Feeding bytes to `aoai.streaming` exactly as a socket would: in pieces of any size.

Why a custom byte stream: httpx hands the SSE layer whatever chunks the socket produced,
so a parser that only works when events arrive whole is broken on a slow network. These
helpers let a property test choose every cut point, and read the recorded Azure streams
from `../shared/azure-captures` at test time (they are never copied into the repository).
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx2
from aoai.streaming import AsyncStream, Stream

CAPTURES = Path(
    os.environ.get("AZURE_CAPTURES") or Path(__file__).resolve().parents[3] / "shared" / "azure-captures"
)


def recorded_streams() -> list[Path]:
    return sorted(CAPTURES.glob("*.sse")) if CAPTURES.is_dir() else []


class Pieces(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A response body delivered as exactly these byte pieces, sync or async."""

    def __init__(self, pieces: Sequence[bytes]) -> None:
        self.pieces = list(pieces)
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            yield piece

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def split_at(data: bytes, cuts: Sequence[int]) -> list[bytes]:
    """`data` cut at each (clamped, deduplicated) offset; joining the pieces gives `data` back."""
    points = sorted({min(max(c, 0), len(data)) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


def response(pieces: Sequence[bytes], content_type: str = "text/event-stream") -> httpx2.Response:
    request = httpx2.Request("POST", "http://127.0.0.1/openai/deployments/d/chat/completions")
    return httpx2.Response(
        200, headers={"content-type": content_type}, stream=Pieces(pieces), request=request
    )


def chunk_model() -> type:
    from aoai_v2024_10_21.models import CreateChatCompletionStreamResponse

    return CreateChatCompletionStreamResponse


def read_sync(pieces: Sequence[bytes]) -> tuple[list[dict[str, Any]], list[str], bool]:
    """(wire payloads, chunk models as reprs, body closed) after reading the stream to its end."""
    stream: Stream[Any] = Stream(response(pieces), chunk_model())
    body = stream.response.stream
    with stream:
        chunks = [repr(c) for c in stream]
    return stream._decoder.payloads, chunks, bool(getattr(body, "closed", False))


async def read_async(pieces: Sequence[bytes]) -> tuple[list[dict[str, Any]], list[str], bool]:
    stream: AsyncStream[Any] = AsyncStream(response(pieces), chunk_model())
    body = stream.response.stream
    async with stream:
        chunks = [repr(c) async for c in stream]
    return stream._decoder.payloads, chunks, bool(getattr(body, "closed", False))


def reference_payloads(data: bytes) -> list[dict[str, Any]]:
    """An independent reading of a stream whose events are single `data:` lines (as Azure sends)."""
    out = []
    for line in data.decode("utf-8").splitlines():
        if line.startswith("data:"):
            value = line[5:].removeprefix(" ")
            if value != "[DONE]":
                out.append(json.loads(value))
    return out


def encode_events(payloads: Sequence[Any], newline: str = "\n", comments: bool = False) -> bytes:
    """A well-formed stream: one `data:` line per payload, then `[DONE]`; optional keep-alive comments."""
    parts = []
    for payload in payloads:
        if comments:
            parts.append(f": keep-alive{newline}{newline}")
        parts.append(f"data: {json.dumps(payload, ensure_ascii=False)}{newline}{newline}")
    parts.append(f"data: [DONE]{newline}{newline}")
    return "".join(parts).encode("utf-8")
