"""Server-sent event streams as iterators of generated chunk models, sync and async.

One sans-IO core, two thin drivers (the shape of httpx's `Auth.auth_flow`):
`ChunkDecoder` turns each `ServerSentEvent` into a chunk model, or into a typed error,
and knows whether the stream ended properly; it does no I/O, so it is tested by feeding
it events. `Stream` and `AsyncStream` only move events from httpx2's SSE parser into it and make
sure the response is closed on every way out (exhaustion, `break`, error, `with` exit).

SSE framing comes from httpx2's public `EventSource` (derived from httpx-sse, shipped with the
transport): comments, `event:` and `id:` lines, multi-line `data:`, CRLF and a bound on one
event's size are its job. What is Azure-specific lives here: `[DONE]`, `error` events or payloads,
chunks the document does not describe (kept, via `aoai.decoding`), and a stream that
stops before `[DONE]`, which is an error even when the socket closed cleanly.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator, Mapping
from typing import Any, Generic, TypeVar

import httpx2
from httpx2 import EventSource, ServerSentEvent, SSEError

from aoai.decoding import decode
from aoai.errors import APIConnectionError, APITimeoutError, AzureOpenAIError, request_id_of
from aoai.plain import wrap

__all__ = ["AsyncStream", "ChunkDecoder", "IncompleteStreamError", "Stream", "StreamError"]

log = logging.getLogger("aoai")

T = TypeVar("T")
R = TypeVar("R")

#: Folds the JSON payloads of a whole stream into one result (see `aoai.accumulate`).
Fold = Callable[[list[dict[str, Any]]], Any]


class StreamError(AzureOpenAIError):
    """The service reported an error inside a 200 stream (an `error` event or payload).

    Raised after the chunks that arrived before it. The HTTP status was 200, so this is
    not an `APIStatusError`; it carries the same facts: code, message, body, request id.
    """

    def __init__(
        self, message: str, *, response: httpx2.Response | None, body: Any, code: str | None
    ) -> None:
        self.message = message
        self.code = code
        self.body = body
        self.response = response
        self.request_id = request_id_of(response) if response is not None else None
        rid = f" (request id: {self.request_id})" if self.request_id else ""
        super().__init__(f"error in stream{f' {code}' if code else ''}: {message}{rid}")


class IncompleteStreamError(APIConnectionError):
    """The stream stopped before `data: [DONE]`: the chunks so far are not the whole answer."""


class ChunkDecoder(Generic[T]):
    """Sans-IO: server-sent events in, chunk models (or a typed error) out.

    `payloads` gives every chunk's JSON object in order, so a fold over the stream
    (`get_final_completion`) works from the wire data, not from re-serialised models.
    Without a `chunk_type` (the version's document describes no chunk) each chunk is
    plain data (`aoai.plain.PlainObject`).
    """

    def __init__(self, chunk_type: type[T] | None, response: httpx2.Response | None = None) -> None:
        self.chunk_type = chunk_type
        self.response = response
        self.done = False
        # Each chunk's JSON text, not its parsed object: a str is one object the garbage
        # collector never scans, where a parsed chunk is a tree of a dozen dicts and lists
        # that kept alive made a 10,000-chunk stream ~1.8x slower (128 collections) and
        # ~10x bigger (bench/README.md, figures 3 and 3d).
        self._texts: list[str] = []

    @property
    def payloads(self) -> list[dict[str, Any]]:
        """Every chunk's JSON object so far, in order (parsed again from the kept text)."""
        return [json.loads(text) for text in self._texts]

    def event(self, sse: ServerSentEvent) -> T | None:
        """The chunk this event carries, or None for events that carry none."""
        data = sse.data
        if self.done:
            return None  # nothing after [DONE] is part of the answer
        if data.startswith("[DONE]"):
            self.done = True
            return None
        if sse.event == "error":
            raise self._error(data)
        if not data:
            return None  # e.g. an event with only `id:` or `retry:`
        try:
            payload = json.loads(data)
        except ValueError:
            log.debug("skipping a stream event whose data is not JSON: %.200r", data)
            return None
        except RecursionError:
            raise StreamError(
                f"a stream event's data ({len(data)} characters) is nested too deeply to parse",
                response=self.response,
                body=None,
                code=None,
            ) from None
        if not isinstance(payload, dict):
            log.debug("skipping a stream event whose data is not a JSON object: %.200r", data)
            return None
        if "error" in payload and "choices" not in payload and isinstance(payload["error"], Mapping):
            raise self._error(data, payload)
        self._texts.append(data)
        if self.chunk_type is None:
            return wrap(payload)
        return decode(self.chunk_type, payload)

    def end(self) -> None:
        """The transport has no more events: fine only after [DONE]."""
        if not self.done:
            raise IncompleteStreamError(
                f"the stream ended after {len(self._texts)} chunk(s) without `data: [DONE]`",
                request=self._request(),
            )

    def failed(self, exc: Exception) -> Exception:
        """The typed error for a transport or framing failure while reading the stream."""
        request = self._request()
        if isinstance(exc, httpx2.TimeoutException):
            return APITimeoutError(
                f"timed out reading the stream after {len(self._texts)} chunk(s)", request=request
            )
        if isinstance(exc, SSEError):
            return StreamError(str(exc), response=self.response, body=None, code=None)
        return IncompleteStreamError(
            f"the stream broke after {len(self._texts)} chunk(s): {type(exc).__name__}: {exc}",
            request=request,
        )

    def _request(self) -> httpx2.Request | None:
        try:
            return self.response.request if self.response is not None else None
        except RuntimeError:
            return None

    def _error(self, data: str, payload: Any = None) -> StreamError:
        if payload is None:
            try:
                payload = json.loads(data)
            except ValueError:
                payload = data
        error = payload.get("error", payload) if isinstance(payload, Mapping) else {}
        error = error if isinstance(error, Mapping) else {}
        message = error.get("message") or (payload if isinstance(payload, str) and payload else "no message")
        code = error.get("code")
        return StreamError(
            str(message), response=self.response, body=payload, code=None if code is None else str(code)
        )


_TRANSPORT_ERRORS = (httpx2.TransportError, httpx2.StreamError, SSEError)

#: httpx2 bounds one event at 1 MiB; a streamed partial image in base64 is tens of MB, and the
#: official SDK reads those. Bounded still, so a line that never ends cannot eat the memory.
MAX_EVENT_BYTES = 64 * 1024 * 1024


# The two drivers. They are functions, not methods, so the generator holds no reference to its
# Stream: a stream dropped after `break` is then freed at once, and its `finally` closes the response.


def _events(response: httpx2.Response, decoder: ChunkDecoder[T]) -> Generator[T, None, None]:
    try:
        for sse in EventSource(response, max_event_size=MAX_EVENT_BYTES):
            chunk = decoder.event(sse)
            if chunk is not None:
                yield chunk
        decoder.end()
    except _TRANSPORT_ERRORS as exc:
        raise decoder.failed(exc) from exc
    finally:
        response.close()


async def _aevents(response: httpx2.Response, decoder: ChunkDecoder[T]) -> AsyncGenerator[T, None]:
    try:
        async for sse in EventSource(response, max_event_size=MAX_EVENT_BYTES):
            chunk = decoder.event(sse)
            if chunk is not None:
                yield chunk
        decoder.end()
    except _TRANSPORT_ERRORS as exc:
        raise decoder.failed(exc) from exc
    finally:
        await response.aclose()


class _StreamBase(Generic[T]):
    def __init__(
        self, response: httpx2.Response, chunk_type: type[T] | None, fold: Fold | None = None
    ) -> None:
        self.response = response
        self._decoder = ChunkDecoder(chunk_type, response)
        self._fold = fold

    def _final(self) -> Any:
        if self._fold is None:
            raise TypeError("this stream has no final form (only chat completion streams fold)")
        if not self._decoder.done:
            raise IncompleteStreamError(
                "the stream was closed before `data: [DONE]`: no final completion",
                request=self._decoder._request(),
            )
        return self._fold(self._decoder.payloads)


class Stream(_StreamBase[T]):
    """Iterator of chunk models over one streamed response; close it, or use `with`."""

    def __init__(
        self, response: httpx2.Response, chunk_type: type[T] | None, fold: Fold | None = None
    ) -> None:
        super().__init__(response, chunk_type, fold)
        self._iterator = _events(response, self._decoder)

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection; chunks not read yet are dropped."""
        self._iterator.close()
        self.response.close()

    def get_final_completion(self) -> Any:
        """Read what is left and fold every chunk into the completion a non-streamed call returns."""
        for _ in self._iterator:
            pass
        return self._final()


class AsyncStream(_StreamBase[T]):
    """Async iterator of chunk models over one streamed response; close it, or use `async with`."""

    def __init__(
        self, response: httpx2.Response, chunk_type: type[T] | None, fold: Fold | None = None
    ) -> None:
        super().__init__(response, chunk_type, fold)
        self._iterator = _aevents(response, self._decoder)

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Release the connection; chunks not read yet are dropped."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def get_final_completion(self) -> Any:
        """Read what is left and fold every chunk into the completion a non-streamed call returns."""
        async for _ in self._iterator:
            pass
        return self._final()
