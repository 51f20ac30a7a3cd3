"""Per-deployment quotas, metered the way Azure's replies show it: tokens and requests per minute.

Model (read from recorded Azure headers: `x-ratelimit-limit-requests: 120`,
`...-limit-tokens: 120000`, `...-renewalperiod-*: 60`, and after one request of 14 prompt
tokens `...-remaining-requests: 119`, `...-remaining-tokens: 119986`,
`...-reset-requests: 500`, `...-reset-tokens: 7`): each deployment has two buckets that hold
up to their limit and refill continuously over the renewal period; `reset-*` is the time in
milliseconds until a bucket is full again (one request of 120 per 60 s refills in 500 ms,
14 tokens of 120,000 in 7 ms). A request is admitted when the request bucket holds one
request and the token bucket holds its cost (a cost larger than the whole bucket is
admitted when the bucket is full, or it could never run, and empties it); a refused
request takes nothing. Its token cost is counted as Azure documents it, on arrival: the prompt
(estimated with the emulator's own token count, the one `usage.prompt_tokens` reports)
plus `max_tokens` (or `max_completion_tokens`) times `n`; without either only the
prompt, as the recorded headers show.

A refused request gets Azure's 429: its body and message, `retry-after` (whole seconds)
and `retry-after-ms`, and the `x-ratelimit-*` headers, which every reply from a metered
deployment carries.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aoai_emulator import text
from aoai_emulator.response_input import prompt_text

DEFAULT_PERIOD = 60.0


@dataclass(frozen=True)
class Quota:
    """Limits of one deployment per `period` seconds; None leaves that dimension unmetered."""

    tokens: int | None = None
    requests: int | None = None
    period: float = DEFAULT_PERIOD

    def __post_init__(self) -> None:
        for name in ("tokens", "requests"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
                raise ValueError(f"quota {name} must be a positive integer or None, got {value!r}")
        if not self.period > 0:
            raise ValueError(f"quota period must be > 0 seconds, got {self.period!r}")


def parse_quota(spec: str) -> tuple[str, Quota]:
    """`DEPLOYMENT=TPM/RPM` (either side may be empty: `gpt-4o=60000/`) -> (name, Quota)."""
    name, sep, limits = spec.partition("=")
    tpm, slash, rpm = limits.partition("/")
    if not sep or not name.strip() or not slash:
        raise ValueError(f"quota {spec!r} is not DEPLOYMENT=TPM/RPM (e.g. gpt-4o-mini=60000/600)")
    try:
        return name.strip(), Quota(
            tokens=int(tpm) if tpm.strip() else None, requests=int(rpm) if rpm.strip() else None
        )
    except ValueError as exc:
        raise ValueError(f"quota {spec!r}: {exc}") from None


class _Bucket:
    def __init__(self, capacity: int, period: float, now: float) -> None:
        self.capacity = capacity
        self.period = period
        self.rate = capacity / period
        self.level = float(capacity)
        self.stamp = now

    def refill(self, now: float) -> None:
        self.level = min(float(self.capacity), self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def shortfall_seconds(self, amount: int) -> float:
        need = min(amount, self.capacity)
        return max(0.0, (need - self.level) / self.rate)

    def headers(self, kind: str) -> dict[str, str]:
        remaining = max(0, math.floor(self.level))
        reset_ms = math.ceil((self.capacity - self.level) / self.rate * 1000)
        period = int(self.period) if float(self.period).is_integer() else self.period
        return {
            f"x-ratelimit-limit-{kind}": str(self.capacity),
            f"x-ratelimit-remaining-{kind}": str(remaining),
            f"x-ratelimit-reset-{kind}": str(max(0, reset_ms)),
            f"x-ratelimit-renewalperiod-{kind}": str(period),
        }


@dataclass(frozen=True)
class Admission:
    admitted: bool
    headers: dict[str, str]
    retry_after: float = 0.0
    exceeded: str = ""  # "token" or "call": which limit refused it (Azure's wording)


class _Meter:
    def __init__(self, quota: Quota, now: float) -> None:
        self.requests = _Bucket(quota.requests, quota.period, now) if quota.requests else None
        self.tokens = _Bucket(quota.tokens, quota.period, now) if quota.tokens else None
        self.admitted = 0
        self.throttled = 0
        self.tokens_charged = 0

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.requests is not None:
            out.update(self.requests.headers("requests"))
        if self.tokens is not None:
            out.update(self.tokens.headers("tokens"))
        return out


class Quotas:
    """The meters of every deployment with a quota; thread-safe (the server meters, tests read)."""

    def __init__(self, quotas: Mapping[str, Quota] | None = None, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        now = clock()
        self._meters = {name: _Meter(quota, now) for name, quota in (quotas or {}).items()}

    def __bool__(self) -> bool:
        return bool(self._meters)

    def admit(self, deployment: str, tokens: int) -> Admission | None:
        """Meter one request; None when the deployment has no quota."""
        meter = self._meters.get(deployment)
        if meter is None:
            return None
        with self._lock:
            now = self._clock()
            buckets = [
                (b, n, kind)
                for b, n, kind in ((meter.requests, 1, "call"), (meter.tokens, tokens, "token"))
                if b
            ]
            for bucket, _amount, _kind in buckets:
                bucket.refill(now)
            waits = [(bucket.shortfall_seconds(amount), kind) for bucket, amount, kind in buckets]
            wait, kind = max(waits, default=(0.0, ""))
            if wait > 0:
                meter.throttled += 1
                return Admission(False, meter.headers(), wait, kind)
            for bucket, amount, _kind in buckets:
                bucket.level -= min(amount, bucket.capacity)
            meter.admitted += 1
            meter.tokens_charged += tokens
            return Admission(True, meter.headers())

    def stats(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {
                name: {"admitted": m.admitted, "throttled": m.throttled, "tokens_charged": m.tokens_charged}
                for name, m in self._meters.items()
            }


def _count_input(value: Any) -> int:
    """Tokens of an embeddings `input` / completions `prompt`: strings counted, token ids one each."""
    if isinstance(value, str):
        return max(1, text.count_tokens(value))
    if isinstance(value, list):
        return sum(1 if isinstance(v, int) else _count_input(v) for v in value)
    return 0


def request_tokens(name: str, body: Mapping[str, Any]) -> int:
    """What Azure charges on arrival: prompt tokens plus the most the reply may use.

    `name` is the operation's facade name (`chat.completions.create`), the same in every api-version."""
    if name == "chat.completions.create":
        messages = body.get("messages") or []
        prompt = text.count_tokens(text.chat_prompt(messages)) + 3 * len(messages) + 3
    elif name in ("completions.create", "embeddings.create"):
        prompt = _count_input(body.get("prompt", body.get("input")))
    elif name == "responses.create":
        prompt = text.count_tokens(prompt_text(body))
    else:
        prompt = 0
    most = body.get("max_completion_tokens") or body.get("max_tokens") or body.get("max_output_tokens") or 0
    choices = body.get("n") or 1
    if not isinstance(most, int) or not isinstance(choices, int):
        return prompt
    return prompt + most * max(1, choices)


def throttled_body(operation_id: str, api_version: str, exceeded: str, seconds: int) -> dict[str, Any]:
    """Azure's 429 body (code "429", the message that names the operation and when to retry)."""
    return {
        "error": {
            "code": "429",
            "message": (
                f"Requests to the {operation_id} Operation under Azure OpenAI API version {api_version} "
                f"have exceeded {exceeded} rate limit of your current OpenAI S0 pricing tier. Please retry "
                f"after {seconds} second{'s' if seconds != 1 else ''}. Please go here: "
                "https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."
            ),
        }
    }


def retry_headers(seconds: float) -> dict[str, str]:
    return {
        "retry-after": str(max(1, math.ceil(seconds))),
        "retry-after-ms": str(max(1, math.ceil(seconds * 1000))),
    }
