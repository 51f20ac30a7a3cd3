"""The transports aoai builds itself: made at the first request, rebuilt empty in a forked child,
and routed through the environment's proxies.

Why at the first request: building httpx2's `HTTPTransport` imports httpcore2 and loads the
system's CA certificates into an SSL context, about as much time as `import aoai` itself
(bench/README.md, figure 1). A client made at start-up and used later, or never used (a CLI's
`--help`, a test that only checks configuration), should not pay that up front.

Why fork: a pool's sockets are shared with a child after `os.fork()`, and parent and child
then write requests on one connection and read each other's replies. Every transport built
here registers itself; in the child, `os.register_at_fork` makes each forget its pool, so the
child's next request builds a new, empty one (the parent's connections stay the parent's).
A caller's own `http_client` is the caller's to manage.

Why environment proxies here: httpx2 reads `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and
`NO_PROXY` only when it builds its own transport; a client given `transport=` (ours always
is, so siblings can share one pool) connects directly. So the proxy mounts httpx2 would
have made are made here, from httpx2's own reading of the environment, at construction.
"""

from __future__ import annotations

import os
import threading
import weakref
from typing import Any, Generic, TypeVar

import httpx2
from httpx2._utils import get_environment_proxies  # what httpx2 itself honours, parsed its way

T = TypeVar("T", httpx2.HTTPTransport, httpx2.AsyncHTTPTransport)

_LIVE: weakref.WeakSet[Any] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for transport in list(_LIVE):
        transport.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _Lazy(Generic[T]):
    """Makes the real transport once, on first use, from the options it was given."""

    _kind: type[T]

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._made: T | None = None
        self._lock = threading.Lock()  # a sync client's first requests may race from threads
        _LIVE.add(self)

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
    def pool(self) -> Any:
        """The httpcore2 connection pool in use (tests and the soak read it to check for leaks)."""
        return self.transport._pool

    def forget(self) -> None:
        """In a forked child: drop the parent's pool (not closed: its sockets are the parent's)."""
        self._made = None
        self._lock = threading.Lock()  # another thread may have held it at the fork


class DeferredTransport(_Lazy[httpx2.HTTPTransport], httpx2.BaseTransport):
    """`httpx2.HTTPTransport(**options)`, made at the first request, forgotten in a forked child."""

    _kind = httpx2.HTTPTransport

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.transport.handle_request(request)

    def close(self) -> None:
        if self._made is not None:
            self._made.close()


class AsyncDeferredTransport(_Lazy[httpx2.AsyncHTTPTransport], httpx2.AsyncBaseTransport):
    """`httpx2.AsyncHTTPTransport(**options)`, made at the first request, forgotten in a forked child."""

    _kind = httpx2.AsyncHTTPTransport

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._made is not None:
            await self._made.aclose()


def build_transports(
    limits: httpx2.Limits, *, asynchronous: bool
) -> tuple[httpx2.BaseTransport | httpx2.AsyncBaseTransport, dict[str, Any]]:
    """(default transport, proxy mounts) as httpx2 builds them when it reads the environment.

    A `NO_PROXY` entry is a mount of `None`: httpx2 then uses the default transport for it.
    """
    cls: Any = AsyncDeferredTransport if asynchronous else DeferredTransport
    mounts = {
        pattern: None if url is None else cls(limits=limits, proxy=httpx2.Proxy(url))
        for pattern, url in get_environment_proxies().items()
    }
    return cls(limits=limits), mounts
