"""Shared by the reliability tests and the soak: the chat request, fast backoff, and resource counts.

Why one module: the soak (a script) and the tests (pytest) must measure leaks the same
way, or a figure in the report would mean something different from what CI asserts.
Counts only: nothing here measures time for an assertion.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import aoai
import aoai.retries

API_VERSION = "2024-10-21"
PREVIEW_VERSION = "2024-10-01-preview"
DEPLOYMENT = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Say something short."}]
TEST_ID_HEADER = "x-aoai-test-id"
FAULT_HEADER = "x-aoai-emulator-fault"

#: Retry paths run for real, in milliseconds (the production schedule would make a soak take hours).
FAST_BACKOFF = aoai.retries.Backoff(initial_delay=0.002, max_delay=0.02)


@contextlib.contextmanager
def fast_backoff() -> Iterator[None]:
    """Swap the retry schedule for the duration (the soak runs outside pytest's monkeypatch)."""
    saved = aoai.retries.DEFAULT_BACKOFF
    aoai.retries.DEFAULT_BACKOFF = FAST_BACKOFF
    try:
        yield
    finally:
        aoai.retries.DEFAULT_BACKOFF = saved


def open_fds() -> int:
    """File descriptors of this process (Linux /proc; -1 where unavailable, reported as unknown)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return -1


def thread_names() -> list[str]:
    return sorted(t.name for t in threading.enumerate())


def pool_of(client: Any) -> Any:
    """The httpcore pool under the client's own transport (the one `aoai` builds by default)."""
    return client.http_client._transport.pool


def busy_connections(client: Any) -> int:
    """Requests the pool still considers open: a leaked (unclosed) response keeps its one.

    httpcore keeps a request in `_requests` from the moment it is queued until its response
    is closed, and a connection serving it is neither idle nor closed; the larger of the two
    counts each open exchange once (queued or assigned).
    """
    pool = pool_of(client)
    active = sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed()))
    return max(active, len(pool._requests))


def settle(measure: Callable[[], int], target: int, *, attempts: int = 50, pause: float = 0.05) -> int:
    """Re-measure until `measure()` is at most `target` or the attempts run out; return the last value.

    Why: the emulator runs in this process, and its side of a closed socket is released by its
    own event loop a moment later. A bounded wait avoids counting that as a leak; a real leak
    survives every attempt. Not a timing assertion: the pause only bounds the wait.
    """
    value = measure()
    for _ in range(attempts):
        if value <= target:
            break
        gc.collect()
        time.sleep(pause)
        value = measure()
    return value
