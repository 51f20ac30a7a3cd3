"""Per-client and per-call request options, and the timeout defaults.

One frozen value type carries what a caller may override for a single call
(timeout, retries, extra headers/query/body), so the HTTP layer reads one
object instead of a growing list of keyword arguments. It travels to the
retrying `send` in `request.extensions[OPTIONS_KEY]`: that is the one channel
httpx preserves from `build_request` to `send`, also for generated operations
that never heard of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx2

#: Like the official SDK: long enough for slow generations, but a dead host fails fast.
DEFAULT_TIMEOUT = httpx2.Timeout(timeout=600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
#: A server hint to come back later than this (seconds) ends the call instead of waiting.
DEFAULT_MAX_RETRY_AFTER = 60.0
#: The key under which `RequestOptions` ride on `httpx2.Request.extensions`.
OPTIONS_KEY = "aoai_options"


class NotGiven:
    """Marks "not passed" where `None` is a meaningful value (`timeout=None` means no timeout)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

TimeoutTypes = float | httpx2.Timeout | None


def coerce_timeout(value: Any) -> httpx2.Timeout:
    """Accept what users write (seconds, `None`, an `httpx2.Timeout`) and say clearly what else is wrong."""
    if isinstance(value, httpx2.Timeout):
        return value
    if value is None:
        return httpx2.Timeout(None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError(f"timeout must be a positive number of seconds or None, got {value!r}")
        return httpx2.Timeout(float(value))
    raise TypeError(f"timeout must be seconds (float), httpx2.Timeout or None, got {type(value).__name__}")


def check_max_retries(value: Any) -> int:
    """`max_retries` is a count of *extra* attempts; 0 disables retrying."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"max_retries must be an integer >= 0, got {value!r}")
    return value


def check_max_retry_after(value: Any) -> float:
    """The longest `retry-after` hint a call waits for, in seconds; a longer one fails fast."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"max_retry_after must be a number of seconds >= 0, got {value!r}")
    return float(value)


def _optional_timeout(value: Any) -> httpx2.Timeout | NotGiven:
    return value if isinstance(value, NotGiven) else coerce_timeout(value)


def _optional_retries(value: Any) -> int | NotGiven:
    return value if isinstance(value, NotGiven) else check_max_retries(value)


def _mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return dict(value or {})


# A dataclass, not attrs: httpx2 has already loaded dataclasses, and `import aoai` stays free
# of attrs until the first call needs the generated models.
@dataclass(frozen=True, kw_only=True)
class RequestOptions:
    """What one call may override. Fields left `NOT_GIVEN` fall back to the client's settings.

    `extra_body` is merged into a JSON body (top-level keys); it exists so callers can
    send fields a pinned api-version does not describe yet without waiting for a release.
    """

    timeout: httpx2.Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, Any] = field(default_factory=dict)
    extra_query: Mapping[str, Any] = field(default_factory=dict)
    extra_body: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Checked, and the mappings copied, once: a frozen value must not share a caller's dict.
        set_field = object.__setattr__
        set_field(self, "timeout", _optional_timeout(self.timeout))
        set_field(self, "max_retries", _optional_retries(self.max_retries))
        for name in ("extra_headers", "extra_query", "extra_body"):
            set_field(self, name, _mapping(getattr(self, name)))


def merge_extra_body(kwargs: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """`extra_body` goes into a JSON object body, or as extra text fields of a multipart body."""
    body = kwargs.get("json")
    if isinstance(body, Mapping):
        kwargs["json"] = {**body, **extra}
    elif "files" in kwargs:
        fields = [(key, (None, str(value).encode(), "text/plain")) for key, value in extra.items()]
        kwargs["files"] = [*list(kwargs["files"] or []), *fields]
    elif body is None and not any(k in kwargs for k in ("content", "data")):
        kwargs["json"] = dict(extra)
    else:
        raise TypeError(
            "extra_body can only be merged into a JSON object or multipart body, "
            f"but this request's body is {type(body).__name__ if body is not None else 'raw content'}"
        )
