"""One API call as data, and the two thin drivers that perform it (sync and async).

Why: every resource method is written once. It builds a `Call` (request kwargs, options,
how to parse, whether it streams) without any I/O; `SyncDriver.run` or `AsyncDriver.run`
sends it through the client core and finishes it. The two drivers differ only by
`await` and by which stream class wraps a streamed reply, like httpx's auth flow drivers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs
import httpx2

from aoai._options import NOT_GIVEN, RequestOptions
from aoai.errors import APIResponseValidationError, request_id_of
from aoai.ratelimits import RateLimits, rate_limits_of
from aoai.streaming import AsyncStream, Fold, Stream

T_co = TypeVar("T_co", covariant=True)

#: The per-call keywords every method accepts, as in the official SDK.
OPTION_NAMES = ("timeout", "max_retries", "extra_headers", "extra_query", "extra_body")


@attrs.frozen
class StreamSpec:
    chunk_type: type | None  # None: the version describes no chunk; chunks arrive as plain data
    fold: Fold | None = None


@attrs.frozen
class Call:
    """Everything about one call except performing it."""

    request: dict[str, Any]
    options: RequestOptions
    parse: Callable[[httpx2.Response], Any]
    stream: StreamSpec | None = None


def pop_options(params: dict[str, Any]) -> RequestOptions:
    """Take the per-call options out of a method's keywords (the rest are API parameters).

    API parameters passed as `NOT_GIVEN` are dropped here, so they are not sent: the typed
    facade declares it as every optional parameter's default, and a caller's own wrapper
    may forward it.
    """
    for name in [name for name, value in params.items() if value is NOT_GIVEN and name not in OPTION_NAMES]:
        del params[name]
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


def _finish(response: httpx2.Response, call: Call, stream_type: type, raw: bool) -> Any:
    def parse() -> Any:
        if call.stream is not None:
            return stream_type(response, call.stream.chunk_type, call.stream.fold)
        return parsed(call.parse, response)

    return RawResponse(response, parse) if raw else parse()


class SyncDriver:
    def run(self, client: Any, call: Call, raw: bool) -> Any:
        response = client._send(call.request, options=call.options, stream=call.stream is not None)
        return _finish(response, call, Stream, raw)


class AsyncDriver:
    async def run(self, client: Any, call: Call, raw: bool) -> Any:
        response = await client._send(call.request, options=call.options, stream=call.stream is not None)
        return _finish(response, call, AsyncStream, raw)


SYNC = SyncDriver()
ASYNC = AsyncDriver()
Driver = SyncDriver | AsyncDriver
