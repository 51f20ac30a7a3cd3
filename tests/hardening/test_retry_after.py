"""Item 8: a `retry-after` beyond the cap fails fast with `RateLimitError.retry_after`; Azure's ms hints count.

Before: a 429 saying "come back in 11 days" (`retry-after: 999999`) or an HTTP date hours
ahead was treated as garbage and retried after ~0.4 s, hammering a quota that had said no.
Waits are observed by replacing the driver's `sleep` (sync) and from the DEBUG log (async).
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

import aoai
import aoai._http
import pytest

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import Reply, WireServer, json_reply

MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
JSON = ("content-type", "application/json")


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(aoai._http, "sleep", waited.append)
    return waited


def _call(server: WireServer, **kwargs: Any) -> Any:
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", max_retries=3, **kwargs
    ) as client:
        return client.chat.completions.create(model="d", messages=MESSAGES)


def _in_hours(hours: float) -> str:
    return email.utils.formatdate(time.time() + hours * 3600, usegmt=True)


@pytest.mark.parametrize(
    ("header", "value", "seconds"),
    [
        ("retry-after", "999999", 999999.0),
        ("retry-after", "in 3 hours", 3 * 3600.0),  # an HTTP date, made when the test runs
        ("retry-after-ms", "90000", 90.0),
        ("x-ms-retry-after-ms", "86400000", 86400.0),
    ],
)
def test_a_hint_beyond_the_cap_fails_fast_with_retry_after(
    server: WireServer, sleeps: list[float], header: str, value: str, seconds: float
) -> None:
    value = _in_hours(3) if value == "in 3 hours" else value
    server.script(Reply(429, [JSON, (header, value)], b'{"error": {"code": "429", "message": "quota"}}'))
    with pytest.raises(aoai.RateLimitError) as caught:
        _call(server)
    assert len(server.seen) == 1 and sleeps == []
    assert caught.value.retry_after == pytest.approx(seconds, abs=60)  # a date: seconds tick by
    assert "retry after" in str(caught.value)


def test_a_raised_cap_waits_as_told(server: WireServer, sleeps: list[float]) -> None:
    server.script(Reply(429, [JSON, ("retry-after", "999999")], b"{}"), json_reply(COMPLETION))
    assert _call(server, max_retry_after=10**7).id == "c"
    assert sleeps == [999999.0]


def test_with_options_raises_the_cap_for_the_sibling_only(server: WireServer, sleeps: list[float]) -> None:
    server.script(Reply(429, [JSON, ("retry-after", "120")], b"{}"), json_reply(COMPLETION))
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k") as client:
        patient = client.with_options(max_retry_after=300)
        assert patient.max_retry_after == 300 and client.max_retry_after == 60
        assert patient.chat.completions.create(model="d", messages=MESSAGES).id == "c"
    assert sleeps == [120.0]


def test_x_ms_retry_after_ms_is_honoured(server: WireServer, sleeps: list[float]) -> None:
    server.script(Reply(429, [JSON, ("x-ms-retry-after-ms", "1500")], b"{}"), json_reply(COMPLETION))
    assert _call(server).id == "c"
    assert sleeps == [1.5]


@pytest.mark.parametrize("value", ["-5", "nan", "inf", "soon"])
def test_a_nonsense_hint_falls_back_to_our_backoff(
    server: WireServer, sleeps: list[float], value: str
) -> None:
    server.script(Reply(429, [JSON, ("retry-after", value)], b"{}"), json_reply(COMPLETION))
    assert _call(server).id == "c"
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 0.004  # the (test-sized) backoff, not the hint


def test_a_503_beyond_the_cap_fails_fast_too(server: WireServer, sleeps: list[float]) -> None:
    server.script(Reply(503, [JSON, ("retry-after", "3600")], b"{}"))
    with pytest.raises(aoai.ServiceUnavailableError) as caught:
        _call(server)
    assert caught.value.retry_after == 3600.0 and len(server.seen) == 1


def test_max_retry_after_is_checked(server: WireServer) -> None:
    with pytest.raises(ValueError, match="max_retry_after"):
        aoai.AzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", max_retry_after=-1
        )
