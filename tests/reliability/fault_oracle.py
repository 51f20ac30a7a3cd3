"""What a chat call must end with when its attempts meet the emulator's faults: the soak's and the
fault property's shared oracle.

Why one table: the soak (10,000 requests under a random plan) and the property test (one fault
kind per request, chosen by hypothesis) must judge outcomes by the same rules, written from the
issue and the design, not read back from the client.
"""

from __future__ import annotations

#: Faults after which a request ends with a result, not an error (the reply is still whole).
BENIGN = frozenset({"no-content-type", "no-done"})
#: Faults the client does not retry, by design: the service answered 200 and did the work
#: (spoiled body), or the request would fail the same way again (redirect loop).
NOT_RETRIED = frozenset({"gzip", "redirect", "bad-json", "empty"})

_BY_STATUS = {
    "408": "APIStatusError",
    "429": "RateLimitError",
    "500": "InternalServerError",
    "502": "InternalServerError",
    "503": "ServiceUnavailableError",
    "504": "GatewayTimeoutError",
}


def expected_errors(kind: str, stream: bool) -> set[str]:
    """The exception class names a request may end with when its last attempt got `kind`."""
    if kind in _BY_STATUS:
        return {_BY_STATUS[kind]}
    if kind == "reset":
        return {"APIConnectionError"}
    if kind == "cut":
        return {"IncompleteStreamError"} if stream else {"APIConnectionError"}
    if kind == "stall":
        return {"APITimeoutError"}
    if kind == "redirect":
        return {"APIConnectionError"}
    if kind == "empty" and stream:
        return {"IncompleteStreamError"}
    if kind in ("gzip", "bad-json", "empty"):
        return {"APIResponseValidationError"}
    return set()  # BENIGN: no error is due


def retried(kind: str, stream: bool) -> bool:
    """Whether a request whose attempt got `kind` tries again (when it has retries left)."""
    if kind in BENIGN or kind in NOT_RETRIED:
        return False
    return not (stream and kind == "cut")  # a 200 stream cut mid-way is not retried either
