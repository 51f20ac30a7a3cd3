"""Properties of the error mapper and the retry schedule over arbitrary responses.

The oracle is the table in DESIGN.md ("Behaviour the overlay owes its users"), written
out here independently of `aoai.errors._BY_STATUS`: if either drifts, a test fails.
"""

from __future__ import annotations

import email.utils
import json
import math
import time

import aoai
import httpx2
import pytest
from aoai.errors import status_error_from_response
from aoai.retries import Backoff, is_retryable
from hypothesis import given
from hypothesis import strategies as st

from tests.reliability.examples import budget, count_example

DOCUMENTED = {
    400: aoai.BadRequestError,
    401: aoai.AuthenticationError,
    403: aoai.PermissionDeniedError,
    404: aoai.NotFoundError,
    409: aoai.ConflictError,
    422: aoai.UnprocessableEntityError,
    429: aoai.RateLimitError,
    500: aoai.InternalServerError,
    503: aoai.ServiceUnavailableError,
    504: aoai.GatewayTimeoutError,
}
REQUEST_ID_NAMES = ("apim-request-id", "x-request-id", "x-ms-request-id")

header_value = st.binary(max_size=40).map(
    lambda b: b.replace(b"\r", b"").replace(b"\n", b"").replace(b"\0", b"")
)
header_name = st.one_of(
    st.sampled_from(
        [*REQUEST_ID_NAMES, "retry-after", "retry-after-ms", "x-should-retry", "content-type", "x-other"]
    ),
    st.from_regex(r"\A[a-z][a-z0-9-]{0,15}\Z"),
).map(str.encode)
#: utf-16 without a BOM is left to its own regression test below (it crashes the mapper today).
content_type = st.sampled_from(
    [b"application/json", b"text/plain; charset=latin-1", b"text/plain; charset=bogus", b"text/html", b""]
)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
error_body = st.fixed_dictionaries(
    {},
    optional={
        "code": st.one_of(st.sampled_from(["content_filter", "429", "DeploymentNotFound"]), json_value),
        "message": json_value,
        "param": json_value,
        "type": json_value,
        "innererror": json_value,
    },
)
body = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda e: json.dumps({"error": e}).encode(), error_body),
    st.builds(lambda e: json.dumps(e).encode(), error_body),  # API Management's flat shape
    json_value.map(lambda v: json.dumps(v).encode()),
)


def _response(status: int, headers: list[tuple[bytes, bytes]], content: bytes) -> httpx2.Response:
    request = httpx2.Request("POST", "http://127.0.0.1/openai/deployments/d/chat/completions")
    return httpx2.Response(status, headers=headers, content=content, request=request)


def expected_class(status: int, content: bytes) -> type[aoai.APIStatusError]:
    cls = DOCUMENTED.get(status) or (aoai.InternalServerError if status >= 500 else aoai.APIStatusError)
    if cls is aoai.BadRequestError:
        try:
            parsed = json.loads(content)
        except (ValueError, RecursionError):
            parsed = None
        error = parsed.get("error", parsed) if isinstance(parsed, dict) else None
        error = error if isinstance(error, dict) else parsed if isinstance(parsed, dict) else {}
        if isinstance(error, dict) and error.get("code") == "content_filter":
            return aoai.ContentFilterError
    return cls


@budget(15_000)
@given(
    status=st.integers(400, 599),
    headers=st.lists(st.tuples(header_name, header_value), max_size=6),
    ctype=content_type,
    content=body,
)
def test_any_error_response_maps_to_its_documented_class(
    status: int, headers: list[tuple[bytes, bytes]], ctype: bytes, content: bytes
) -> None:
    count_example()
    response = _response(status, [*headers, (b"content-type", ctype)], content)
    response.read()
    error = status_error_from_response(response)
    assert type(error) is expected_class(status, content)
    assert error.status_code == status and error.response is response
    assert isinstance(error.message, str) and error.message
    assert str(error).startswith(f"HTTP {status}") and repr(error)
    ids = [response.headers.get(n) for n in REQUEST_ID_NAMES]
    assert error.request_id == next((v for v in ids if v), None)


def expected_retry(status: int, headers: httpx2.Headers) -> bool:
    """DESIGN.md: 408, 429 and >= 500 are retried; an explicit `x-should-retry: true|false` wins."""
    if status < 400:
        return False
    hint = headers.get("x-should-retry", "").strip().lower()
    if hint in ("true", "false"):
        return hint == "true"
    return status in (408, 429) or status >= 500


def expected_hint(headers: httpx2.Headers) -> float | None:
    """The server's wait in seconds: Azure's millisecond headers first, then `retry-after` (seconds or a date)."""
    for name in ("retry-after-ms", "x-ms-retry-after-ms"):
        try:
            seconds = float(headers.get(name) or "x") / 1000
        except ValueError:
            continue
        if math.isfinite(seconds):
            return seconds
    value = headers.get("retry-after") or ""
    try:
        seconds = float(value)
        return seconds if math.isfinite(seconds) else None
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


retry_header_value = st.one_of(
    header_value,
    st.sampled_from([b"true", b"false", b" TRUE ", b"0", b"1500", b"-3", b"nan", b"inf", b"1e3", b"61"]),
    st.just(email.utils.formatdate(usegmt=True).encode()),
)


should_retry = st.sampled_from([b"true", b"false", b" True", b"FALSE ", b"maybe", b""])
hint_name = st.sampled_from([b"retry-after", b"retry-after-ms", b"x-ms-retry-after-ms"])


@budget(15_000)
@given(
    status=st.one_of(st.sampled_from([200, 400, 404, 408, 429, 500, 503]), st.integers(100, 599)),
    headers=st.lists(st.tuples(header_name, retry_header_value), max_size=4),
    hints=st.lists(st.tuples(hint_name, retry_header_value), max_size=2),
    override=st.none() | should_retry,
)
def test_retry_decision_and_delay_follow_the_design_for_any_headers(
    status: int,
    headers: list[tuple[bytes, bytes]],
    hints: list[tuple[bytes, bytes]],
    override: bytes | None,
) -> None:
    count_example()
    extra = [(b"x-should-retry", override)] if override is not None else []
    response = _response(status, [*headers, *hints, *extra], b"")
    backoff = Backoff(initial_delay=0.5, max_delay=8.0, max_retry_after=60.0)
    assert is_retryable(response) is expected_retry(status, response.headers)
    hint = expected_hint(response.headers)
    for taken in (0, 1, 5, 60):
        delay = backoff.delay(taken, response)
        if hint is not None and 0 <= hint <= 60.0:
            assert delay == pytest.approx(hint, abs=2.0)  # a date hint counts down while we compute
        else:
            base = min(0.5 * 2.0**taken, 8.0)
            assert 0.75 * base <= delay <= base


@pytest.mark.parametrize("opener", [b"[", b'{"error":'])
def test_regression_deeply_nested_error_body_maps_to_a_typed_error(opener: bytes) -> None:
    """A 500 whose body nests 100,000 deep must still become InternalServerError, not RecursionError."""
    response = _response(500, [], opener * 100_000)
    response.read()
    assert type(status_error_from_response(response)) is aoai.InternalServerError


def test_regression_undecodable_charset_maps_to_a_typed_error() -> None:
    """A 503 declaring charset=utf-16 with a BOM-less body must still become ServiceUnavailableError."""
    response = _response(503, [(b"content-type", b"text/plain; charset=utf-16")], b"\x00\x00oops")
    response.read()
    assert type(status_error_from_response(response)) is aoai.ServiceUnavailableError


def test_oracle_table_matches_design() -> None:
    """The oracle above is not vacuous: a few fixed facts the property relies on."""
    assert expected_class(418, b"") is aoai.APIStatusError
    assert expected_class(502, b"") is aoai.InternalServerError
    assert expected_class(400, b'{"error": {"code": "content_filter"}}') is aoai.ContentFilterError
    assert expected_class(400, b'{"code": "content_filter"}') is aoai.ContentFilterError
