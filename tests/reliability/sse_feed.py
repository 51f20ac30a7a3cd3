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


class Recorder:
    """A fold that keeps every payload it is given: the tests' view (the client itself keeps none)."""

    def __init__(self) -> None:
        self.payloads: list[dict[str, Any]] = []

    def add(self, payload: dict[str, Any]) -> None:
        self.payloads.append(payload)

    def result(self) -> list[dict[str, Any]]:
        return self.payloads


def recorded(stream: Stream[Any] | AsyncStream[Any]) -> list[dict[str, Any]]:
    """The payloads a stream built with `fold=Recorder` delivered so far."""
    folder = stream._decoder.folder
    assert isinstance(folder, Recorder)
    return folder.payloads


def read_sync(pieces: Sequence[bytes]) -> tuple[list[dict[str, Any]], list[str], bool]:
    """(wire payloads, chunk models as reprs, body closed) after reading the stream to its end."""
    stream: Stream[Any] = Stream(response(pieces), chunk_model(), Recorder)
    body = stream.response.stream
    with stream:
        chunks = [repr(c) for c in stream]
    return recorded(stream), chunks, bool(getattr(body, "closed", False))


async def read_async(pieces: Sequence[bytes]) -> tuple[list[dict[str, Any]], list[str], bool]:
    stream: AsyncStream[Any] = AsyncStream(response(pieces), chunk_model(), Recorder)
    body = stream.response.stream
    async with stream:
        chunks = [repr(c) async for c in stream]
    return recorded(stream), chunks, bool(getattr(body, "closed", False))


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


class Expected:
    """What reading a body must give, by an independent line-by-line reading of the SSE rules.

    `payloads` are the chunks that must be delivered (in order, before any error); `error` is
    the kind of typed error that must end the stream, or None when it must end quietly.
    """

    def __init__(self, payloads: list[dict[str, Any]], error: str | None, done: bool) -> None:
        self.payloads, self.error, self.done = payloads, error, done

    def __repr__(self) -> str:
        return f"Expected({len(self.payloads)} payloads, error={self.error!r}, done={self.done})"


def expected_reading(body: bytes) -> Expected:
    """The WHATWG event-stream rules, as a plain loop: no cut points, no incremental state.

    `id:` and `retry:` carry nothing Azure streams use, so they neither start nor end an event.

        Errors: "stream" (an `error` event or payload), "malformed" (data that is not a JSON
        object), "incomplete" (the body stops inside an event, or holds no event at all).
    """
    text = body.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ends_inside_line = not text.endswith(("\n", "\r"))
    payloads: list[dict[str, Any]] = []
    events = 0
    event, data, pending = "", [], False
    for number, line in enumerate(lines):
        if number == len(lines) - 1:
            if ends_inside_line and line:
                return Expected(payloads, "incomplete", False)  # the body stopped inside a line
            break  # the empty string after a final newline is not a line
        if line == "":
            if pending:
                joined = "\n".join(data)
                if joined.startswith("[DONE]"):
                    return Expected(payloads, None, True)
                if event == "error":
                    return Expected(payloads, "stream", False)
                if joined:
                    events += 1
                    try:
                        payload = json.loads(joined)
                    except (ValueError, RecursionError):
                        return Expected(payloads, "malformed", False)
                    if not isinstance(payload, dict):
                        return Expected(payloads, "malformed", False)
                    if "error" in payload and "choices" not in payload and isinstance(payload["error"], dict):
                        return Expected(payloads, "stream", False)
                    payloads.append(payload)
            event, data, pending = "", [], False
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            event, pending = value, True
        elif name == "data":
            data.append(value)
            pending = True
    if pending or events == 0:
        return Expected(payloads, "incomplete", False)
    return Expected(payloads, None, False)


def error_kind(exc: BaseException | None) -> str | None:
    """The `Expected.error` kind a typed error stands for; anything untyped is re-raised."""
    from aoai import APIResponseValidationError, AzureOpenAIError
    from aoai.streaming import IncompleteStreamError, StreamError

    if exc is None:
        return None
    if not isinstance(exc, AzureOpenAIError):
        raise exc
    for cls, kind in ((StreamError, "stream"), (APIResponseValidationError, "malformed")):
        if isinstance(exc, cls):
            return kind
    return "incomplete" if isinstance(exc, IncompleteStreamError) else type(exc).__name__


def outcome_sync(pieces: Sequence[bytes]) -> tuple[list[dict[str, Any]], str | None, bool, bool]:
    """(payloads delivered, error kind or None, completed, body closed) for the sync driver."""
    stream: Stream[Any] = Stream(response(pieces), chunk_model(), Recorder)
    error: BaseException | None = None
    try:
        with stream:
            for _ in stream:
                pass
    except Exception as exc:
        error = exc
    return recorded(stream), error_kind(error), stream.completed, bool(stream.response.stream.closed)  # type: ignore[attr-defined]


async def outcome_async(pieces: Sequence[bytes]) -> tuple[list[dict[str, Any]], str | None, bool, bool]:
    stream: AsyncStream[Any] = AsyncStream(response(pieces), chunk_model(), Recorder)
    error: BaseException | None = None
    try:
        async with stream:
            async for _ in stream:
                pass
    except Exception as exc:
        error = exc
    return recorded(stream), error_kind(error), stream.completed, bool(stream.response.stream.closed)  # type: ignore[attr-defined]
