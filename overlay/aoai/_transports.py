"""The transports aoai builds itself: one pool per client family, environment proxies, and a
fresh pool in a forked child.

Why environment proxies here: httpx2 reads `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and
`NO_PROXY` only when it builds its own transport; a client given `transport=` (ours always
is, so siblings can share one pool) connects directly. So the proxy mounts httpx2 would
have made are made here, from httpx2's own reading of the environment, at construction.

Why fork: a pool's sockets are shared with a child after `os.fork()`, and parent and child
then write requests on one connection and read each other's replies. Every transport built
here registers itself; in the child, `os.register_at_fork` gives each a new, empty pool on
its next request (the parent's connections are left alone: they are still the parent's).
A caller's own `http_client` is the caller's to manage.
"""

from __future__ import annotations

import os
import weakref
from typing import Any

import httpx2
from httpx2._utils import get_environment_proxies  # what httpx2 itself honours, parsed its way

_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for transport in list(_LIVE):
        transport.inner = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class PoolTransport(httpx2.BaseTransport):
    """An `httpx2.HTTPTransport` that is rebuilt, empty, after a fork."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self.inner: httpx2.HTTPTransport | None = httpx2.HTTPTransport(**options)
        _LIVE.add(self)

    @property
    def pool(self) -> Any:
        """The httpcore2 connection pool in use (for leak checks)."""
        return self._current()._pool

    def _current(self) -> httpx2.HTTPTransport:
        inner = self.inner
        if inner is None:
            inner = self.inner = httpx2.HTTPTransport(**self._options)
        return inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self._current().handle_request(request)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


class AsyncPoolTransport(httpx2.AsyncBaseTransport):
    """An `httpx2.AsyncHTTPTransport` that is rebuilt, empty, after a fork."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self.inner: httpx2.AsyncHTTPTransport | None = httpx2.AsyncHTTPTransport(**options)
        _LIVE.add(self)

    @property
    def pool(self) -> Any:
        return self._current()._pool

    def _current(self) -> httpx2.AsyncHTTPTransport:
        inner = self.inner
        if inner is None:
            inner = self.inner = httpx2.AsyncHTTPTransport(**self._options)
        return inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self._current().handle_async_request(request)

    async def aclose(self) -> None:
        if self.inner is not None:
            await self.inner.aclose()


def build_transports(
    limits: httpx2.Limits, *, asynchronous: bool
) -> tuple[httpx2.BaseTransport | httpx2.AsyncBaseTransport, dict[str, Any]]:
    """(default transport, proxy mounts) as httpx2 builds them when it reads the environment.

    A `NO_PROXY` entry is a mount of `None`: httpx2 then uses the default transport for it.
    """
    cls: Any = AsyncPoolTransport if asynchronous else PoolTransport
    mounts = {
        pattern: None if url is None else cls(limits=limits, proxy=httpx2.Proxy(url))
        for pattern, url in get_environment_proxies().items()
    }
    return cls(limits=limits), mounts
