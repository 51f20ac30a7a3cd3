"""Server-sent event streams as iterators of generated chunk models, sync and async.

One sans-IO core, two thin drivers (the shape of httpx's `Auth.auth_flow`): `ChunkDecoder`
turns text into chunk models (or a typed error), folds each chunk as it goes when the
stream has a final form, and knows whether the stream ended properly; it does no I/O, so it
is tested by feeding it text. `Stream` and `AsyncStream` only move the body's text into it
and make sure the response is closed on every way out (exhaustion, `break`, error, `with`).

SSE framing is `aoai._sse` (why not httpx2's `EventSource`: see there; in short, it refuses
a stream without `Content-Type`, drops the first event after a BOM, and cannot tell a clean
end from a cut one). What is Azure's or ours lives here: `[DONE]`, `error` events or
payloads, chunks the document does not describe (kept, via `aoai.decoding`), and how a
stream may end:

- after `data: [DONE]`, or after the event its fold calls final (the Responses API's
  `response.completed` and kin: that API sends no `[DONE]`): complete (`stream.completed` is True);
- cleanly after at least one complete event, without `[DONE]`: the stream ends, as the
  official SDK's does, `completed` is False and a WARNING says so;
- in the middle of an event, before any event, or by a transport error: `IncompleteStreamError`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator, Mapping
from typing import Any, Generic, Protocol, TypeVar

import httpx2
from httpx2 import ServerSentEvent

from aoai._sse import EventParser, EventTooLarge
from aoai.decoding import decode
from aoai.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AzureOpenAIError,
    request_id_of,
)
from aoai.plain import wrap

__all__ = ["AsyncStream", "ChunkDecoder", "IncompleteStreamError", "Stream", "StreamError"]

log = logging.getLogger("aoai")

T = TypeVar("T")

#: A streamed partial image in base64 is tens of MB, and the official SDK reads those (httpx2's
#: `EventSource` stops at 1 MiB). Bounded still, so a line that never ends cannot eat the memory.
MAX_EVENT_BYTES = 64 * 1024 * 1024


class Folder(Protocol):
    """Folds a stream's chunk payloads one at a time (see `aoai.accumulate.ChatAccumulator`).

    A folder may also say how its stream ends (`aoai.response_stream.ResponseFold` does): a
    true `finished` attribute means its final event arrived, so no `[DONE]` is due; a
    `failure` payload (an in-band `error` event) fails the stream once the body ends.
    """

    def add(self, payload: dict[str, Any]) -> None: ...

    def result(self) -> Any: ...


#: Makes a fresh `Folder` for each stream.
Fold = Callable[[], Folder]


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
    """The stream broke off: mid-event, before any event, or by a transport error.

    The chunks that arrived before it were delivered; they are not the whole answer.
    """


class ChunkDecoder(Generic[T]):
    """Sans-IO: the body's text in, chunk models (or a typed error) out.

    `feed(text)` yields the chunks completed by that text, `finish()` those left when the body
    ends and then checks how it ended. Nothing is kept per chunk: a fold, if given, is fed
    each payload as it arrives, so memory does not grow with the stream's length.
    Without a `chunk_type` (the version's document describes no chunk) each chunk is
    plain data (`aoai.plain.PlainObject`). With `events` (`{type: class}`, the document's
    discriminator mapping) each chunk decodes into the class its `type` names, one of an
    unknown type into plain data; such a stream's `error` events are events too.
    """

    def __init__(
        self,
        chunk_type: type[T] | None,
        response: httpx2.Response | None = None,
        fold: Fold | None = None,
        events: Mapping[str, type] | None = None,
    ) -> None:
        self.chunk_type = chunk_type
        self.event_types = events
        self.response = response
        self.folder = fold() if fold is not None else None
        self.done = False  # `data: [DONE]` seen
        self.ended = False  # the body ended cleanly after complete events, without [DONE]
        self.chunks = 0
        self.events = 0  # events with data, [DONE] included
        self._parser = EventParser(MAX_EVENT_BYTES)

    def feed(self, text: str) -> Iterator[T]:
        """The chunks this piece of the body's text completes (a generator: an error comes after them)."""
        for sse in self._parser.feed(text):
            chunk = self.event(sse)
            if chunk is not None:
                yield chunk

    def finish(self) -> Iterator[T]:
        """The body ended: the chunks of a last unterminated line, then how it ended (see `end`)."""
        for sse in self._parser.finish():
            chunk = self.event(sse)
            if chunk is not None:
                yield chunk
        self.end(mid_event=self._parser.pending)

    def event(self, sse: ServerSentEvent) -> T | None:
        """The chunk this event carries, or None for events that carry none."""
        data = sse.data
        if self.done:
            return None  # nothing after [DONE] is part of the answer
        if data.startswith("[DONE]"):
            self.done = True
            self.events += 1
            return None
        if sse.event == "error" and not (self.event_types and "error" in self.event_types):
            raise self._error(data)
        if not data:
            return None  # e.g. an event with only `id:` or `retry:`
        self.events += 1
        try:
            payload = _parse_json(data)
        except ValueError:
            raise self._malformed(f"is not JSON: {data[:200]!r}") from None
        except RecursionError:
            raise self._malformed(f"({len(data)} characters) is nested too deeply to parse") from None
        if not isinstance(payload, dict):
            raise self._malformed(f"is a JSON {type(payload).__name__}, not an object: {data[:200]!r}")
        if "error" in payload and "choices" not in payload and isinstance(payload["error"], Mapping):
            raise self._error(data, payload)
        chunk = self._decode(payload)
        if self.folder is not None:
            self.folder.add(payload)
        self.chunks += 1
        return chunk

    def _decode(self, payload: dict[str, Any]) -> Any:
        if self.event_types is not None:
            kind = self.event_types.get(payload.get("type"))  # type: ignore[arg-type]
            return wrap(payload) if kind is None else decode(kind, payload)
        return wrap(payload) if self.chunk_type is None else decode(self.chunk_type, payload)

    def end(self, mid_event: bool = False) -> None:
        """The body has no more text: fine after [DONE] or the fold's final event, or after complete
        events (with a warning); an in-band error event the fold kept fails it here."""
        failure = getattr(self.folder, "failure", None)
        if failure is not None:
            raise self._error("", failure)
        if self.done:
            return
        if getattr(self.folder, "finished", False):
            self.done = True
            return
        if mid_event:
            raise IncompleteStreamError(
                f"the stream stopped in the middle of an event, after {self.chunks} chunk(s)",
                request=self._request(),
            )
        if self.events == 0:
            raise IncompleteStreamError("the stream ended before its first event", request=self._request())
        self.ended = True
        log.warning(
            "the stream ended after %d chunk(s) without `data: [DONE]`; they are all delivered, "
            "and stream.completed is False",
            self.chunks,
        )

    def failed(self, exc: Exception) -> Exception:
        """The typed error for a transport, decoding or framing failure while reading the stream."""
        request = self._request()
        if isinstance(exc, httpx2.TimeoutException):
            return APITimeoutError(
                f"timed out reading the stream after {self.chunks} chunk(s)", request=request
            )
        if isinstance(exc, httpx2.DecodingError):
            return APIResponseValidationError(
                f"the stream's body does not decode after {self.chunks} chunk(s) ({exc})",
                response=self.response,
            )
        if isinstance(exc, EventTooLarge):
            return APIResponseValidationError(f"{exc}, after {self.chunks} chunk(s)", response=self.response)
        return IncompleteStreamError(
            f"the stream broke after {self.chunks} chunk(s): {type(exc).__name__}: {exc}",
            request=request,
        )

    def final(self) -> Any:
        """The fold of every chunk, if the stream ended (with or without [DONE]); see the module doc."""
        if self.folder is None:
            raise TypeError("this stream has no final form (chat completion and Responses streams fold)")
        if not (self.done or self.ended):
            raise IncompleteStreamError(
                "the stream was closed or broke before it ended: no final result", request=self._request()
            )
        result = self.folder.result()
        if result is None:
            raise IncompleteStreamError(
                f"the stream ended after {self.chunks} event(s) without the one that carries its final result",
                request=self._request(),
            )
        return result

    def _malformed(self, what: str) -> APIResponseValidationError:
        return APIResponseValidationError(
            f"stream event {self.events} {what} (after {self.chunks} chunk(s))", response=self.response
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
            except (ValueError, RecursionError):
                payload = data
        error = payload.get("error", payload) if isinstance(payload, Mapping) else {}
        error = error if isinstance(error, Mapping) else {}
        message = error.get("message") or (payload if isinstance(payload, str) and payload else "no message")
        code = error.get("code")
        return StreamError(
            str(message), response=self.response, body=payload, code=None if code is None else str(code)
        )


_raw_decode = json.JSONDecoder().raw_decode


def _parse_json(data: str) -> Any:
    """`json.loads`, a little faster for the usual event: one JSON text and nothing around it."""
    try:
        value, end = _raw_decode(data)
    except ValueError:
        end = -1
    return value if end == len(data) else json.loads(data)  # json.loads decides what is wrong


#: What reading a streamed body can raise below us (httpx2 errors, the framing's bound).
_READ_ERRORS = (httpx2.HTTPError, httpx2.StreamError, EventTooLarge)


# The two drivers. They are functions, not methods, so the generator holds no reference to its
# Stream: a stream dropped after `break` is then freed at once, and its `finally` closes the response.


def _events(response: httpx2.Response, decoder: ChunkDecoder[T]) -> Generator[T, None, None]:
    try:
        for text in response.iter_text():
            yield from decoder.feed(text)
        yield from decoder.finish()
    except _READ_ERRORS as exc:
        raise decoder.failed(exc) from exc
    finally:
        response.close()


async def _aevents(response: httpx2.Response, decoder: ChunkDecoder[T]) -> AsyncGenerator[T, None]:
    try:
        async for text in response.aiter_text():
            for chunk in decoder.feed(text):
                yield chunk
        for chunk in decoder.finish():
            yield chunk
    except _READ_ERRORS as exc:
        raise decoder.failed(exc) from exc
    finally:
        await response.aclose()


class _StreamBase(Generic[T]):
    def __init__(
        self,
        response: httpx2.Response,
        chunk_type: type[T] | None,
        fold: Fold | None = None,
        events: Mapping[str, type] | None = None,
    ) -> None:
        self.response = response
        self._decoder = ChunkDecoder(chunk_type, response, fold, events)

    @property
    def completed(self) -> bool:
        """Whether the service ended the stream with `data: [DONE]` (False while reading or if it did not)."""
        return self._decoder.done


class Stream(_StreamBase[T]):
    """Iterator of chunk models over one streamed response; close it, or use `with`."""

    def __init__(
        self,
        response: httpx2.Response,
        chunk_type: type[T] | None,
        fold: Fold | None = None,
        events: Mapping[str, type] | None = None,
    ) -> None:
        super().__init__(response, chunk_type, fold, events)
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
        """Read what is left and return every chunk folded into the completion a non-streamed call returns."""
        for _ in self._iterator:
            pass
        return self._decoder.final()

    def get_final_response(self) -> Any:
        """The Responses API's name for the same: read what is left, return the `Response` a
        non-streamed call returns (the one its final event carries)."""
        return self.get_final_completion()


class AsyncStream(_StreamBase[T]):
    """Async iterator of chunk models over one streamed response; close it, or use `async with`."""

    def __init__(
        self,
        response: httpx2.Response,
        chunk_type: type[T] | None,
        fold: Fold | None = None,
        events: Mapping[str, type] | None = None,
    ) -> None:
        super().__init__(response, chunk_type, fold, events)
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
        """Read what is left and return every chunk folded into the completion a non-streamed call returns."""
        async for _ in self._iterator:
            pass
        return self._decoder.final()

    async def get_final_response(self) -> Any:
        """The Responses API's name for the same: read what is left, return the `Response` a
        non-streamed call returns (the one its final event carries)."""
        return await self.get_final_completion()
