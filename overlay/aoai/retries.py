"""When to retry and how long to wait: a sans-IO policy shared by the sync and async clients.

`retry_flow` is a generator in the style of httpx's `Auth.auth_flow`: it yields
`Attempt` ("send the request now and tell me what happened") or `Wait` ("sleep
this long"), and returns the final outcome. The sync and async HTTP clients are
just two small drivers of it, so the decisions (what is retryable, how long to
back off, how `retry-after` is honoured) exist exactly once.
"""

from __future__ import annotations

import email.utils
import math
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

    `max_retry_after` bounds how long a server may make us wait. `delay` falls back to our own
    backoff past it; `retry_flow` instead stops retrying, because a hint beyond the cap ("come
    back in a day") means retrying sooner only spends quota (see `retry_flow`).
    """

    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def delay(self, retries_taken: int, response: httpx2.Response | None, cap: float | None = None) -> float:
        hinted = retry_after_seconds(response.headers) if response is not None else None
        limit = self.max_retry_after if cap is None else cap
        if hinted is not None and 0 <= hinted <= limit:
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


@dataclass(frozen=True, slots=True)
class UnreadableBody:
    """A response whose status arrived but whose body could not be decoded (a corrupt gzip body).

    Kept apart from transport errors because the status still decides: a corrupt 503 is
    retried as a 503, a corrupt 200 is not retried (the service did the work).
    """

    response: httpx2.Response
    error: httpx2.HTTPError


#: What one attempt ends with: a response, an httpx2 error (no usable response), or an unreadable body.
Outcome = httpx2.Response | httpx2.HTTPError | UnreadableBody
Flow = Generator[Attempt | Wait, Outcome | None, Outcome]

#: Failures of the request itself or of the server's configuration, not of the network: sending
#: the same request again fails the same way (h11 refusing to write it, an unsupported scheme,
#: a redirect loop, a body that does not decode).
NOT_RETRIED = (
    httpx2.LocalProtocolError,
    httpx2.UnsupportedProtocol,
    httpx2.TooManyRedirects,
    httpx2.DecodingError,
)


def retry_after_seconds(headers: httpx2.Headers) -> float | None:
    """`retry-after-ms` / `x-ms-retry-after-ms` (Azure's, precise) first, then `retry-after`
    as seconds or an HTTP date; None when absent or unreadable (never NaN or infinite)."""
    for name in ("retry-after-ms", "x-ms-retry-after-ms"):
        millis = headers.get(name)
        if millis:
            try:
                hinted = float(millis) / 1000.0
            except ValueError:
                continue
            if math.isfinite(hinted):
                return hinted
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


#: Failures of the request itself, not of the network: sending it again fails the same way.
LOCAL_ERRORS = (httpx2.LocalProtocolError, httpx2.UnsupportedProtocol)


def is_retryable(outcome: Outcome) -> bool:
    """Connection-level failures, 408, 429 and >= 500; an explicit `x-should-retry` overrides.

    Errors in `NOT_RETRIED` are never retried; an unreadable body is judged by its status.
    """
    if isinstance(outcome, NOT_RETRIED):
        return False
    if isinstance(outcome, httpx2.HTTPError):
        return isinstance(outcome, httpx2.TransportError)
    response = outcome.response if isinstance(outcome, UnreadableBody) else outcome
    if response.status_code < 400:
        return False
    hint = response.headers.get("x-should-retry", "").strip().lower()
    if hint == "true":
        return True
    if hint == "false":
        return False
    return response.status_code in RETRYABLE_STATUS or response.status_code >= 500


def response_of(outcome: Outcome | None) -> httpx2.Response | None:
    if isinstance(outcome, UnreadableBody):
        return outcome.response
    return outcome if isinstance(outcome, httpx2.Response) else None


def retry_flow(
    request: httpx2.Request,
    max_retries: int,
    backoff: Backoff | None = None,
    max_retry_after: float | None = None,
) -> Flow:
    """Drive one call: up to `max_retries + 1` attempts, returning the last outcome.

    A server hint (`retry-after`, `retry-after-ms`, `x-ms-retry-after-ms`) longer than
    `max_retry_after` (default: the backoff's, 60 s) ends the call at once: the caller gets
    the typed error with `retry_after` set, instead of a retry that the quota will refuse.
    """
    schedule = backoff or DEFAULT_BACKOFF
    cap = schedule.max_retry_after if max_retry_after is None else max_retry_after
    attempts_allowed = max_retries + 1
    number = 1
    while True:
        outcome = yield Attempt(number)
        assert outcome is not None, "the driver must send() the outcome of an Attempt"
        wait: float | None = None
        if number < attempts_allowed and is_retryable(outcome):
            response = response_of(outcome)
            hinted = retry_after_seconds(response.headers) if response is not None else None
            if hinted is None or hinted <= cap:
                wait = schedule.delay(number - 1, response, cap)
        log_attempt(request, outcome, number, attempts_allowed, wait)
        if wait is None:
            return outcome
        yield Wait(wait)
        number += 1
