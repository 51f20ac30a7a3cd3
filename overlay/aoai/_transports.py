"""The transports a client gets by default: httpx2's own, built at the first request rather than with the client.

Building httpx2's `HTTPTransport` imports httpcore2 and loads the system's CA certificates
into an SSL context: about as much time as `import aoai` itself (bench/README.md, figure 1).
A client made at start-up and used later, or made and never used (a CLI's `--help`, a
test that only checks configuration), should not pay that up front; the first request
pays it instead, once per pool.
"""

from __future__ import annotations

import threading
from typing import Any, Generic, TypeVar

import httpx2

T = TypeVar("T", httpx2.HTTPTransport, httpx2.AsyncHTTPTransport)


class _Deferred(Generic[T]):
    """Makes the real transport once, on first use, from the options it was given."""

    _kind: type[T]

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._made: T | None = None
        self._lock = threading.Lock()  # a sync client's first requests may race from threads

    @property
    def transport(self) -> T:
        made = self._made
        if made is None:
            with self._lock:
                made = self._made
                if made is None:
                    made = self._made = self._kind(**self._options)
        return made

    @property
    def _pool(self) -> Any:
        """httpx2 keeps the connection pool as `_pool`; tests and the soak read it to check for leaks."""
        return self.transport._pool


class DeferredTransport(_Deferred[httpx2.HTTPTransport], httpx2.BaseTransport):
    """`httpx2.HTTPTransport(**options)`, made at the first request."""

    _kind = httpx2.HTTPTransport

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.transport.handle_request(request)

    def close(self) -> None:
        if self._made is not None:
            self._made.close()


class AsyncDeferredTransport(_Deferred[httpx2.AsyncHTTPTransport], httpx2.AsyncBaseTransport):
    """`httpx2.AsyncHTTPTransport(**options)`, made at the first request."""

    _kind = httpx2.AsyncHTTPTransport

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._made is not None:
            await self._made.aclose()
