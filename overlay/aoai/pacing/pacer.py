"""`Pacer`: client-side pacing shared by every thread and task that uses it, sync and async alike.

The pacer is sans-IO like `retry_flow`: `Pacer.flow` wraps a call's retry flow and, before
each `Attempt`, yields `Wait`s until the deployment's queue and buckets (`state.py`) let the
attempt go; after it, it books the reply. The HTTP clients' existing drivers sleep those
`Wait`s with `time.sleep` or `anyio.sleep`, so one implementation paces threads and tasks.
One `threading.Lock` guards all state: each critical section is a few arithmetic steps and
never awaits, so it is as safe under an event loop as between threads, and one pacer may
be shared by sync and async clients of the same resource.

Quotas belong to a resource's deployment, so state is kept per (host, deployment).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator

import attrs
import httpx2

from aoai.pacing.cost import Cost, estimate_request
from aoai.pacing.state import DeploymentPace, Ticket
from aoai.ratelimits import RateLimits, deployment_of
from aoai.retries import Attempt, Flow, Outcome, Wait

#: Like `Backoff.max_retry_after`: a 429 that asks for longer is left to the call's retry policy.
DEFAULT_MAX_PAUSE = 60.0


@attrs.frozen
class PacerStats:
    """What a pacer did so far, over all deployments."""

    sent: int = 0  #: attempts let through
    delayed: int = 0  #: attempts that had to wait first
    wait_seconds: float = 0.0  #: total time attempts spent waiting (summed over callers)
    throttled: int = 0  #: 429 replies seen
    pauses: int = 0  #: coordinated pauses started by a 429 (a burst of 429s is one pause)


class Pacer:
    """Waits before sending when a deployment's quota is spent; one coordinated pause per 429 burst.

    Pass `pacing=True` to a client for a pacer of its own, or one `Pacer()` to several
    clients (sync and async) that share a resource's quota.
    """

    def __init__(
        self,
        *,
        max_pause: float = DEFAULT_MAX_PAUSE,
        estimate: Callable[[httpx2.Request], Cost] = estimate_request,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not max_pause >= 0:
            raise ValueError(f"max_pause must be a number of seconds >= 0, got {max_pause!r}")
        self.max_pause = float(max_pause)
        self._estimate = estimate
        self._clock = clock
        self._lock = threading.Lock()
        self._states: dict[tuple[str, str], DeploymentPace] = {}
        self._stats = PacerStats()

    # -- what callers and tests read ------------------------------------------------------
    @property
    def stats(self) -> PacerStats:
        return self._stats

    def paused_for(self, host: str, deployment: str) -> float:
        """Seconds the deployment stays paused by a 429 (0.0 when it is not)."""
        with self._lock:
            state = self._states.get((host, deployment))
            return 0.0 if state is None else max(0.0, state.paused_until - self._clock())

    def waiting(self, host: str, deployment: str) -> int:
        """How many calls to the deployment are queued, not yet sent."""
        with self._lock:
            state = self._states.get((host, deployment))
            return 0 if state is None else len(state.queue)

    # -- the flow ---------------------------------------------------------------------------
    def flow(self, request: httpx2.Request, inner: Flow) -> Flow:
        """`inner` (a retry flow) with a paced wait before each of its attempts."""
        key = (request.url.netloc.decode("ascii"), deployment_of(request) or "")
        cost = self._estimate(request)
        step = next(inner)
        while True:
            if isinstance(step, Attempt):
                ticket = self._enqueue(key, cost)
                try:
                    yield from self._wait_turn(key, ticket)
                except BaseException:  # GeneratorExit (closed), cancellation, Ctrl-C
                    self._cancel(key, ticket)
                    raise
                outcome = None
                try:
                    outcome = yield step
                finally:
                    self._settle(key, ticket, outcome)
                try:
                    step = inner.send(outcome)
                except StopIteration as stop:
                    return stop.value
            else:
                yield step
                try:
                    step = next(inner)
                except StopIteration as stop:
                    return stop.value

    def _wait_turn(self, key: tuple[str, str], ticket: Ticket) -> Generator[Wait, Outcome | None, None]:
        waited = 0.0
        while True:
            with self._lock:
                wait = self._states[key].try_admit(ticket, self._clock())
                if wait <= 0:
                    self._count(sent=1, delayed=int(waited > 0), wait_seconds=waited)
                    return None
            waited += wait
            yield Wait(wait)

    # -- bookkeeping, under the lock ----------------------------------------------------------
    def _enqueue(self, key: tuple[str, str], cost: Cost) -> Ticket:
        with self._lock:
            state = self._states.get(key)
            if state is None:
                state = self._states[key] = DeploymentPace()
            return state.enqueue(cost)

    def _cancel(self, key: tuple[str, str], ticket: Ticket) -> None:
        with self._lock:
            self._states[key].cancel(ticket)

    def _settle(self, key: tuple[str, str], ticket: Ticket, outcome: Outcome | None) -> None:
        response = outcome if isinstance(outcome, httpx2.Response) else None
        limits = RateLimits.from_headers(response.headers) if response is not None else None
        status = response.status_code if response is not None else None
        with self._lock:
            paused = self._states[key].settle(ticket, limits, status, self.max_pause, self._clock())
            if status == 429:
                self._count(throttled=1, pauses=int(paused))

    def _count(self, **deltas: float) -> None:
        current = self._stats
        self._stats = attrs.evolve(
            current, **{name: getattr(current, name) + delta for name, delta in deltas.items()}
        )
