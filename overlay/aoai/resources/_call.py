"""One API call as data, and the two thin drivers that perform it (sync and async).

Why: every resource method is written once. It builds a `Call` (request kwargs, options,
how to parse, whether it streams) without any I/O; `SyncDriver.run` or `AsyncDriver.run`
sends it through the client core and finishes it. The two drivers differ only by
`await` and by which stream class wraps a streamed reply, like httpx's auth flow drivers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, Protocol, TypeVar

import attrs
import httpx2

from aoai._options import NOT_GIVEN, RequestOptions
from aoai.errors import APIResponseValidationError, request_id_of
from aoai.pagination import AsyncPage, AsyncPaginator, Paging, SyncPage
from aoai.ratelimits import RateLimits, rate_limits_of
from aoai.streaming import AsyncStream, Fold, Stream

T_co = TypeVar("T_co", covariant=True)

#: Bytes read from the connection per `Sink.write` of a download.
DOWNLOAD_CHUNK = 1024 * 1024


class Sink(Protocol):
    """Where a download's bytes go (`files.FileSink`); the drivers only move them."""

    def start(self) -> None: ...

    def write(self, chunk: bytes) -> None: ...

    def done(self) -> Any: ...

    def failed(self, exc: BaseException, response: httpx2.Response) -> BaseException: ...


#: The per-call keywords every method accepts, as in the official SDK.
OPTION_NAMES = ("timeout", "max_retries", "extra_headers", "extra_query", "extra_body")


@attrs.frozen
class StreamSpec:
    chunk_type: type | None  # None: the version describes no chunk; chunks arrive as plain data
    fold: Fold | None = None
    events: Mapping[str, type] | None = None  # chunks decoded by their `type` (Responses events)


@attrs.frozen
class PageSpec:
    """How a cursor list's reply becomes a page, and how to ask for the page after it."""

    paging: Paging
    split: Callable[[httpx2.Response], tuple[list[Any], Mapping[str, Any]]]  # -> (items, reply JSON)
    refetch: Callable[[str], Call]  # the same call, from cursor `after`


@attrs.frozen
class Call:
    """Everything about one call except performing it."""

    request: dict[str, Any]
    options: RequestOptions
    parse: Callable[[httpx2.Response], Any]
    stream: StreamSpec | None = None
    page: PageSpec | None = None


#: Shared by every call that passes no per-call option (frozen; its mappings are only read).
_NO_OPTIONS = RequestOptions()


def pop_options(params: dict[str, Any]) -> RequestOptions:
    """Take the per-call options out of a method's keywords (the rest are API parameters).

    API parameters passed as `NOT_GIVEN` are dropped here, so they are not sent: the typed
    facade declares it as every optional parameter's default, and a caller's own wrapper
    may forward it.
    """
    if any(value is NOT_GIVEN for value in params.values()):
        for name in [
            name for name, value in params.items() if value is NOT_GIVEN and name not in OPTION_NAMES
        ]:
            del params[name]
    if params.keys().isdisjoint(OPTION_NAMES):
        return _NO_OPTIONS  # the usual call: nothing to check or copy
    given = {name: params.pop(name) for name in OPTION_NAMES if name in params}
    for name in ("timeout", "max_retries"):
        if given.get(name, NOT_GIVEN) is NOT_GIVEN:
            given.pop(name, None)
    for name in ("extra_headers", "extra_query", "extra_body"):
        if given.get(name) is not None and not isinstance(given[name], Mapping):
            raise TypeError(f"{name} must be a mapping, got {type(given[name]).__name__}")
    return RequestOptions(**given)


class RawResponse(Generic[T_co]):
    """What `with_raw_response` returns: the HTTP facts now, the parsed result on `.parse()`.

    Generic in what `.parse()` gives, so the typed facade can say it (`RawResponse[Completion]`);
    covariant, as it only hands that value out.
    """

    def __init__(self, response: httpx2.Response, parse: Callable[[], T_co]) -> None:
        self.http_response = response
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response)

    @property
    def rate_limits(self) -> RateLimits:
        """The deployment's quota as this reply reported it (`x-ratelimit-*`, region, deployment)."""
        return rate_limits_of(self.http_response)

    @property
    def elapsed(self) -> Any:
        return self.http_response.elapsed

    def parse(self) -> T_co:
        """The value the method returns without `with_raw_response` (a `Stream` when streaming)."""
        return self._parse()

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] request_id={self.request_id!r}>"


#: What parsing raises on a body that is not the operation's reply (`binascii.Error` is a ValueError).
_BODY_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)


def parsed(parse: Callable[[httpx2.Response], Any], response: httpx2.Response) -> Any:
    """`parse(response)`, with any failure to read the body as the operation's reply typed."""
    try:
        return parse(response)
    except _BODY_ERRORS as exc:
        detail = str(exc)
        reason = f"{type(exc).__name__}: {detail[:300]}{'...' if len(detail) > 300 else ''}"
        raise APIResponseValidationError(reason, response=response) from exc


def _finish(
    response: httpx2.Response,
    call: Call,
    stream_type: type,
    raw: bool,
    page: Callable[[PageSpec, list[Any], Mapping[str, Any]], Any],
) -> Any:
    def parse() -> Any:
        if call.stream is not None:
            spec = call.stream
            return stream_type(response, spec.chunk_type, spec.fold, spec.events)
        if call.page is not None:
            return page(call.page, *parsed(call.page.split, response))
        return parsed(call.parse, response)

    return RawResponse(response, parse) if raw else parse()


class SyncDriver:
    def run(self, client: Any, call: Call, raw: bool) -> Any:
        response = client._send(call.request, options=call.options, stream=call.stream is not None)

        def page(spec: PageSpec, items: list[Any], body: Mapping[str, Any]) -> SyncPage[Any]:
            return SyncPage(
                items, body, spec.paging, lambda cursor: self.run(client, spec.refetch(cursor), False)
            )

        return _finish(response, call, Stream, raw, page)

    def download(self, client: Any, call: Call, sink: Sink) -> Any:
        response = client._send(call.request, options=call.options, stream=True)
        try:
            sink.start()
            for chunk in response.iter_bytes(DOWNLOAD_CHUNK):
                sink.write(chunk)
            return sink.done()
        except BaseException as exc:
            error = sink.failed(exc, response)
            if error is exc:
                raise
            raise error from exc
        finally:
            response.close()


class AsyncDriver:
    def run(self, client: Any, call: Call, raw: bool) -> Any:
        """An awaitable of the result; for a cursor list an `AsyncPaginator` (awaitable, and async-iterable)."""
        if call.page is not None and not raw:
            return AsyncPaginator(lambda: self._run(client, call, False))
        return self._run(client, call, raw)

    async def _run(self, client: Any, call: Call, raw: bool) -> Any:
        response = await client._send(call.request, options=call.options, stream=call.stream is not None)

        def page(spec: PageSpec, items: list[Any], body: Mapping[str, Any]) -> AsyncPage[Any]:
            async def fetch(cursor: str) -> AsyncPage[Any]:
                return await self._run(client, spec.refetch(cursor), False)

            return AsyncPage(items, body, spec.paging, fetch)

        return _finish(response, call, AsyncStream, raw, page)

    async def download(self, client: Any, call: Call, sink: Sink) -> Any:
        response = await client._send(call.request, options=call.options, stream=True)
        try:
            sink.start()
            async for chunk in response.aiter_bytes(DOWNLOAD_CHUNK):
                sink.write(chunk)
            return sink.done()
        except BaseException as exc:
            error = sink.failed(exc, response)
            if error is exc:
                raise
            raise error from exc
        finally:
            await response.aclose()


SYNC = SyncDriver()
ASYNC = AsyncDriver()
Driver = SyncDriver | AsyncDriver
