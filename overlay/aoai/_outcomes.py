"""From what the last attempt ended with to what the caller gets: a response, or a typed exception.

Why a module of its own: httpx2 raises more than transport errors (a corrupt gzip body is a
`DecodingError`, a redirect loop `TooManyRedirects`), and its transport libraries sometimes let
their own exceptions through unmapped (h11 refusing to write a request body). Each of those
escaped to the caller untyped; here every one of them becomes an `aoai` exception, and no
message quotes a secret header that a library message happened to include.
"""

from __future__ import annotations

import httpx2

from aoai._logging import redact_secrets
from aoai.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    status_error_from_response,
)
from aoai.retries import NOT_RETRIED, Outcome, UnreadableBody

#: Top-level packages below httpx2 whose exceptions can reach us without httpx2 mapping them.
_TRANSPORT_PACKAGES = frozenset({"h11", "h2", "hpack", "httpcore", "httpcore2"})


def library_error(exc: Exception) -> httpx2.TransportError | None:
    """The httpx2 error standing for a transport library's own exception, or None if it is not one."""
    if type(exc).__module__.split(".")[0] not in _TRANSPORT_PACKAGES:
        return None
    name = type(exc).__name__
    cls: type[httpx2.TransportError] = httpx2.TransportError
    if "Local" in name:
        cls = httpx2.LocalProtocolError
    elif "Remote" in name or "Protocol" in name:
        cls = httpx2.RemoteProtocolError
    error = cls(f"{name}: {exc}")
    error.__cause__ = exc
    return error


def finish(outcome: Outcome, request: httpx2.Request) -> httpx2.Response:
    """Turn the last outcome into the caller's result: a response < 400, or a typed exception."""
    if isinstance(outcome, httpx2.Response):
        if outcome.status_code >= 400:
            raise status_error_from_response(outcome)
        return outcome
    if isinstance(outcome, UnreadableBody):
        reason = f"the body does not decode ({type(outcome.error).__name__}: {outcome.error})"
        if outcome.response.status_code >= 400:
            raise status_error_from_response(outcome.response, unreadable=reason) from outcome.error
        raise APIResponseValidationError(reason, response=outcome.response) from outcome.error
    if isinstance(outcome, httpx2.TimeoutException):
        raise APITimeoutError(f"Request timed out ({type(outcome).__name__}).", request=request) from outcome
    if isinstance(outcome, httpx2.DecodingError):  # a redirect hop's body, read by httpx2 itself
        raise APIResponseValidationError(
            f"a response body does not decode ({outcome})", response=None, request=request
        ) from outcome
    detail = redact_secrets(str(outcome), request.headers)
    note = "; not retried: sending it again fails the same way" if isinstance(outcome, NOT_RETRIED) else ""
    error = APIConnectionError(
        f"Connection error ({type(outcome).__name__}: {detail}{note}).", request=request
    )
    # A library's text may quote a header; if it held a secret, the original is not chained either.
    raise error from (outcome if detail == str(outcome) else None)
