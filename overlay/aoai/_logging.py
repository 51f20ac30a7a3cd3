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


def log_attempt(
    request: httpx2.Request,
    outcome: httpx2.Response | BaseException,
    attempt: int,
    attempts_allowed: int,
    wait: float | None,
) -> None:
    """One DEBUG line per attempt: what was sent, what came back, and what happens next."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    result = str(outcome.status_code) if isinstance(outcome, httpx2.Response) else type(outcome).__name__
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
