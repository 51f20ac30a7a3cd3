"""When to retry and how long to wait: a sans-IO policy shared by the sync and async clients.

`retry_flow` is a generator in the style of httpx's `Auth.auth_flow`: it yields
`Attempt` ("send the request now and tell me what happened") or `Wait` ("sleep
this long"), and returns the final outcome. The sync and async HTTP clients are
just two small drivers of it, so the decisions (what is retryable, how long to
back off, how `retry-after` is honoured) exist exactly once.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Generator
from dataclasses import dataclass

import httpx2

from aoai._logging import log_attempt


# dataclasses, not attrs: httpx2 has already loaded them, and `import aoai` stays free of attrs
# until the first call needs the generated models.
@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter, capped; a server's `retry-after` wins when it is sane.

    `max_retry_after` bounds how long a server may make us wait: past it the hint
    is treated as garbage and our own backoff applies instead.
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, retries_taken: int, response: httpx2.Response | None) -> float:
        hinted = retry_after_seconds(response.headers) if response is not None else None
        if hinted is not None and 0 <= hinted <= self.max_retry_after:
            return hinted
        base = min(self.initial_delay * 2.0**retries_taken, self.max_delay)
        # Up to 25 % less, so a crowd of clients does not retry in lockstep.
        return base * (1.0 - 0.25 * random.random())


#: Read at call time, so tests (and embedders) can swap in a faster schedule.
DEFAULT_BACKOFF = Backoff()

RETRYABLE_STATUS = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class Attempt:
    """Driver: send the request (auth runs again) and `send()` back a response or a transport error."""

    number: int


@dataclass(frozen=True, slots=True)
class Wait:
    """Driver: close the previous response, sleep `seconds`, then `next()` the flow."""

    seconds: float


Outcome = httpx2.Response | httpx2.TransportError
Flow = Generator[Attempt | Wait, Outcome | None, Outcome]


def retry_after_seconds(headers: httpx2.Headers) -> float | None:
    """`retry-after-ms` (Azure's, precise) first, then `retry-after` as seconds or an HTTP date."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return float(millis) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_retryable(outcome: Outcome) -> bool:
    """Connection-level failures, 408, 429 and >= 500; an explicit `x-should-retry` overrides."""
    if isinstance(outcome, httpx2.TransportError):
        return True
    if outcome.status_code < 400:
        return False
    hint = outcome.headers.get("x-should-retry", "").strip().lower()
    if hint == "true":
        return True
    if hint == "false":
        return False
    return outcome.status_code in RETRYABLE_STATUS or outcome.status_code >= 500


def retry_flow(request: httpx2.Request, max_retries: int, backoff: Backoff | None = None) -> Flow:
    """Drive one call: up to `max_retries + 1` attempts, returning the last outcome."""
    schedule = backoff or DEFAULT_BACKOFF
    attempts_allowed = max_retries + 1
    number = 1
    while True:
        outcome = yield Attempt(number)
        assert outcome is not None, "the driver must send() the outcome of an Attempt"
        wait: float | None = None
        if number < attempts_allowed and is_retryable(outcome):
            response = outcome if isinstance(outcome, httpx2.Response) else None
            wait = schedule.delay(number - 1, response)
        log_attempt(request, outcome, number, attempts_allowed, wait)
        if wait is None:
            return outcome
        yield Wait(wait)
        number += 1
