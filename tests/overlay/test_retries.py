"""Retries over real HTTP: which failures are retried, how often (counted by the emulator), how long we wait."""

from __future__ import annotations

import email.utils
import time

import aoai
import httpx2
import pytest
from aoai.retries import Backoff, is_retryable, retry_after_seconds
from core_support import Api, fault, waits_logged

RETRYABLE = {
    "408": aoai.APIStatusError,
    "429": aoai.RateLimitError,
    "500": aoai.InternalServerError,
    "502": aoai.InternalServerError,
    "503": aoai.ServiceUnavailableError,
    "504": aoai.GatewayTimeoutError,
}


@pytest.mark.parametrize("status", sorted(RETRYABLE))
@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_retryable_status_retried_exactly_max_retries_times(
    api: Api, test_id: str, status: str, max_retries: int
) -> None:
    client = api.client(max_retries=max_retries)
    with pytest.raises(RETRYABLE[status]) as caught:
        api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, f"{status}; times=99")))
    assert caught.value.status_code == int(status)
    assert api.emulator.stats(test_id)["attempts"] == max_retries + 1


@pytest.mark.parametrize("status", ["500", "429"])
def test_success_after_transient_failures(api: Api, test_id: str, status: str) -> None:
    client = api.client(max_retries=2)
    response = api.send(
        client, options=aoai.RequestOptions(extra_headers=fault(test_id, f"{status}; times=2"))
    )
    assert response.status_code == 200
    assert response.json()["choices"]
    assert api.emulator.stats(test_id)["attempts"] == 3


def test_should_retry_false_is_honoured(api: Api, test_id: str) -> None:
    client = api.client(max_retries=3)
    with pytest.raises(aoai.ServiceUnavailableError):
        api.send(
            client,
            options=aoai.RequestOptions(extra_headers=fault(test_id, "503; times=5; should-retry=false")),
        )
    assert api.emulator.stats(test_id)["attempts"] == 1


@pytest.mark.parametrize(
    ("prompt", "deployment", "error"),
    [
        ("forbidden words", "gpt-4o-mini", aoai.ContentFilterError),
        ("hello", "no-such-deployment", aoai.NotFoundError),
    ],
)
def test_non_retryable_status_not_retried(
    api: Api, test_id: str, prompt: str, deployment: str, error: type[Exception]
) -> None:
    from core_support import chat_kwargs

    client = api.client(max_retries=3, default_headers={"x-aoai-test-id": test_id})
    with pytest.raises(error):
        api.send(client, chat_kwargs(prompt, deployment))
    assert api.emulator.stats(test_id)["attempts"] == 1


def test_retry_after_ms_is_the_wait(api: Api, test_id: str, debug_log: pytest.LogCaptureFixture) -> None:
    client = api.client(max_retries=2)
    api.send(
        client, options=aoai.RequestOptions(extra_headers=fault(test_id, "429; retry-after-ms=37; times=2"))
    )
    assert waits_logged(debug_log) == [0.037, 0.037]


def test_sync_driver_sleeps_what_the_policy_says(
    api: Api, test_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if api.is_async:
        pytest.skip("the async driver's waits are observed through the log (test above)")
    slept: list[float] = []
    monkeypatch.setattr("aoai._http.sleep", slept.append)
    client = api.client(max_retries=1)
    api.send(
        client, options=aoai.RequestOptions(extra_headers=fault(test_id, "503; retry-after-ms=1234; times=1"))
    )
    assert slept == [1.234]


@pytest.mark.parametrize("kind", ["reset", "cut"])
def test_connection_failures_retried_then_raised(api: Api, test_id: str, kind: str) -> None:
    client = api.client(max_retries=2)
    with pytest.raises(aoai.APIConnectionError) as caught:
        api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, f"{kind}; times=9")))
    assert not isinstance(caught.value, aoai.APITimeoutError)
    assert api.emulator.stats(test_id)["attempts"] == 3


def test_connection_reset_then_success(api: Api, test_id: str) -> None:
    client = api.client(max_retries=1)
    response = api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "reset; times=1")))
    assert response.status_code == 200
    assert api.emulator.stats(test_id)["attempts"] == 2


def test_refused_connection_is_api_connection_error(api: Api) -> None:
    client = api.client(azure_endpoint="http://127.0.0.1:9", max_retries=1)
    with pytest.raises(aoai.APIConnectionError, match="Connection error"):
        api.send(client)


# -- the policy itself (sans-IO, no server needed) ---------------------------------------


def _response(status: int, **headers: str) -> httpx2.Response:
    return httpx2.Response(status, headers=headers)


def test_retry_after_forms() -> None:
    assert retry_after_seconds(httpx2.Headers({"retry-after-ms": "250"})) == 0.25
    assert retry_after_seconds(httpx2.Headers({"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    assert retry_after_seconds(httpx2.Headers({"retry-after": "3"})) == 3.0
    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    hinted = retry_after_seconds(httpx2.Headers({"retry-after": date}))
    assert hinted is not None and 0 < hinted <= 30
    assert retry_after_seconds(httpx2.Headers({"retry-after": "soon"})) is None
    assert retry_after_seconds(httpx2.Headers()) is None


def test_backoff_is_exponential_capped_and_jittered() -> None:
    policy = Backoff(initial_delay=0.5, max_delay=8.0, max_retry_after=60.0)
    for retries_taken, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (5, 8.0), (10, 8.0)]:
        delay = policy.delay(retries_taken, None)
        assert 0.75 * ceiling <= delay <= ceiling
    # A sane server hint wins; an absurd one is ignored in favour of our own schedule.
    assert policy.delay(0, _response(429, **{"retry-after": "2"})) == 2.0
    assert policy.delay(0, _response(429, **{"retry-after": "3600"})) <= 0.5


def test_what_is_retryable() -> None:
    assert is_retryable(httpx2.ConnectError("boom"))
    assert is_retryable(httpx2.ReadTimeout("slow"))
    for status in (408, 429, 500, 502, 503, 504, 599):
        assert is_retryable(_response(status))
    for status in (200, 400, 401, 403, 404, 409, 422):
        assert not is_retryable(_response(status))
    assert is_retryable(_response(400, **{"x-should-retry": "true"}))
    assert not is_retryable(_response(500, **{"x-should-retry": "false"}))
