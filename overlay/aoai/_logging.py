"""The `aoai` logger and the redaction every log line goes through.

Credentials ride in headers, so headers are only ever logged through
`redact_headers`; URLs are logged as path only, because a query string is the
caller's (and may carry a SAS token or a key someone pasted there).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import httpx2

logger = logging.getLogger("aoai")

#: Lower-case header names whose values never appear in logs, reprs or errors.
SECRET_HEADERS = frozenset(
    {"api-key", "authorization", "proxy-authorization", "ocp-apim-subscription-key", "cookie", "set-cookie"}
)
REDACTED = "<redacted>"


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: (REDACTED if name.lower() in SECRET_HEADERS else value) for name, value in headers}


def redact_secrets(text: str, headers: httpx2.Headers) -> str:
    """`text` with the value of every secret header of the request replaced (library messages may quote one)."""
    for name, value in headers.items():
        if name.lower() in SECRET_HEADERS and value and value in text:
            text = text.replace(value, REDACTED)
            # Transport libraries quote bytes reprs; the value as such, stripped, is what matters.
        stripped = value.strip() if name.lower() in SECRET_HEADERS else ""
        if stripped and stripped in text:
            text = text.replace(stripped, REDACTED)
    return text


def log_attempt(
    request: httpx2.Request,
    outcome: object,
    attempt: int,
    attempts_allowed: int,
    wait: float | None,
) -> None:
    """One DEBUG line per attempt: what was sent, what came back, and what happens next."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    if isinstance(outcome, httpx2.Response):
        result = str(outcome.status_code)
    elif isinstance(getattr(outcome, "response", None), httpx2.Response):  # an UnreadableBody
        result = f"{outcome.response.status_code} with a body that does not decode"  # type: ignore[attr-defined]
    else:
        result = type(outcome).__name__
    then = f"retrying in {wait:.3f} s" if wait is not None else "done"
    logger.debug(
        "%s %s -> %s (attempt %d of %d); %s; request headers %s",
        request.method,
        request.url.path,
        result,
        attempt,
        attempts_allowed,
        then,
        redact_headers(request.headers.items()),
    )
