"""Where a deployment stands against its quota, as Azure reports it on every response.

Azure sends `x-ratelimit-limit-*`, `x-ratelimit-remaining-*`, `x-ratelimit-reset-*` and
`x-ratelimit-renewalperiod-*` for requests and tokens, plus `x-ms-region` and
`x-ms-deployment-name`. `RateLimits` is those headers parsed once, tolerantly: a value
that is missing, garbled or negative (Azure sends `-1` for "not known") is `None`, never
an exception, because a header must not be able to fail a call that succeeded.

Units, from recorded Azure replies (limit 120 requests / 120,000 tokens per 60 s; after
one request of 14 prompt tokens: `reset-requests: 500`, `reset-tokens: 7`): the reset
values are *milliseconds until the bucket is full again* (60 s / 120 = 500 ms for one
request, 14 x 60 s / 120,000 = 7 ms for 14 tokens). So a bare number is read as
milliseconds; OpenAI's duration spelling (`1s`, `6m0s`, `20ms`) is read with its unit.
Every time here is in seconds.

The deployment a request targets is what limits are kept per: the `x-ms-deployment-name`
the reply names, else the request's own (`deployment_of`).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

import httpx2

from aoai.retries import retry_after_seconds

__all__ = ["RateLimitBook", "RateLimits", "deployment_of", "has_rate_limits", "rate_limits_of"]

_PREFIX = "x-ratelimit-"
#: Any one of these marks a reply that carries quota information.
_MARKERS = ("x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def _seconds(value: str | None) -> float | None:
    """A finite number >= 0 (`renewalperiod`, and what the others are made of), or None:
    `-1` (Azure's "unknown"), `inf`, `nan` and garbage alike."""
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _count(value: str | None) -> int | None:
    """A whole number >= 0 (`limit-*`, `remaining-*`), or None."""
    number = _seconds(value)
    return None if number is None else int(number)


def _reset(value: str | None) -> float | None:
    """`500` (milliseconds, Azure) or `1m2.5s` / `20ms` (OpenAI's spelling) -> seconds."""
    if value is None:
        return None
    text = value.strip().lower()
    milliseconds = _seconds(text)
    if milliseconds is not None:
        return milliseconds / 1000.0
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)


@dataclasses.dataclass(frozen=True)
class RateLimits:
    """Quota state of one deployment, from one response's headers (`None`: not sent or not readable).

    `limit_*` is the quota per `renewal_period_*` seconds; `remaining_*` what was left when
    the service answered; `reset_*` seconds until the quota is whole again; `retry_after`
    the seconds a 429 asked to wait. `observed_at` is `time.monotonic()` at parsing, so a
    reader can tell how stale the numbers are (it does not take part in equality).
    """

    deployment: str | None = None
    region: str | None = None
    limit_requests: int | None = None
    limit_tokens: int | None = None
    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    reset_requests: float | None = None
    reset_tokens: float | None = None
    renewal_period_requests: float | None = None
    renewal_period_tokens: float | None = None
    retry_after: float | None = None
    observed_at: float = dataclasses.field(default_factory=time.monotonic, compare=False, repr=False)

    @classmethod
    def from_headers(
        cls,
        headers: Mapping[str, str],
        *,
        deployment: str | None = None,
        observed_at: float | None = None,
    ) -> RateLimits:
        """Parse what is there; `deployment` is used when the headers do not name one."""
        get = headers.get
        return cls(
            deployment=get("x-ms-deployment-name") or deployment,
            region=get("x-ms-region") or None,
            limit_requests=_count(get(_PREFIX + "limit-requests")),
            limit_tokens=_count(get(_PREFIX + "limit-tokens")),
            remaining_requests=_count(get(_PREFIX + "remaining-requests")),
            remaining_tokens=_count(get(_PREFIX + "remaining-tokens")),
            reset_requests=_reset(get(_PREFIX + "reset-requests")),
            reset_tokens=_reset(get(_PREFIX + "reset-tokens")),
            renewal_period_requests=_seconds(get(_PREFIX + "renewalperiod-requests")),
            renewal_period_tokens=_seconds(get(_PREFIX + "renewalperiod-tokens")),
            retry_after=_safe_retry_after(headers),
            observed_at=time.monotonic() if observed_at is None else observed_at,
        )

    @property
    def known(self) -> bool:
        """True when the reply said anything about the quota."""
        return self.remaining_requests is not None or self.remaining_tokens is not None


def _safe_retry_after(headers: Mapping[str, str]) -> float | None:
    if not isinstance(headers, httpx2.Headers):
        headers = httpx2.Headers(dict(headers))
    seconds = retry_after_seconds(headers)
    return seconds if seconds is not None and seconds >= 0 else None


def has_rate_limits(response: httpx2.Response) -> bool:
    """Cheap check (two header lookups) run on every reply: is there anything to record?"""
    headers = response.headers
    return any(name in headers for name in _MARKERS)


def deployment_of(request: httpx2.Request) -> str | None:
    """The deployment a request targets: the segment after `deployments/` in its path, else the
    `model` of its JSON body (the route model where the deployment is not in the path)."""
    segments = request.url.path.split("/")
    for index, segment in enumerate(segments[:-1]):
        if segment == "deployments" and segments[index + 1]:
            return unquote(segments[index + 1])
    return _body_model(request)


def _body_model(request: httpx2.Request) -> str | None:
    if "json" not in request.headers.get("content-type", ""):
        return None
    try:
        body: Any = json.loads(request.content)
    except (httpx2.RequestNotRead, ValueError, RecursionError):
        return None
    model = body.get("model") if isinstance(body, dict) else None
    return model if isinstance(model, str) and model else None


def rate_limits_of(response: httpx2.Response) -> RateLimits:
    """The `RateLimits` of a response, its deployment taken from the reply or else its request."""
    deployment = response.headers.get("x-ms-deployment-name")
    if deployment is None:
        try:
            deployment = deployment_of(response.request)
        except RuntimeError:  # a response built without a request
            deployment = None
    return RateLimits.from_headers(response.headers, deployment=deployment)


class RateLimitBook:
    """The last `RateLimits` seen per deployment by one client.

    Recording costs two header lookups per reply and nothing more unless the reply
    carries quota headers; parsing waits until someone asks. Plain dict assignment is
    atomic, so threads and tasks need no lock here.
    """

    def __init__(self) -> None:
        # Headers only (never the response: that would keep its body alive).
        self._last: dict[str | None, tuple[httpx2.Headers, float]] = {}

    def record(self, response: httpx2.Response) -> None:
        if not has_rate_limits(response):
            return
        deployment = response.headers.get("x-ms-deployment-name")
        if deployment is None:
            deployment = deployment_of(response.request)
        self._last[deployment] = (response.headers, time.monotonic())

    def get(self, deployment: str | None) -> RateLimits | None:
        seen = self._last.get(deployment)
        if seen is None:
            return None
        headers, observed_at = seen
        return RateLimits.from_headers(headers, deployment=deployment, observed_at=observed_at)

    def deployments(self) -> list[str | None]:
        return list(self._last)
