"""`RateLimits`: Azure's quota headers parsed tolerantly, on raw responses, errors and the client."""

from __future__ import annotations

import json
from pathlib import Path

import aoai
import httpx2
import pytest
from aoai.ratelimits import RateLimitBook, RateLimits, deployment_of, rate_limits_of
from quota_support import API_VERSION, CHAT, chat_body

CAPTURES = Path(__file__).resolve().parents[3] / "shared" / "azure-captures"


def recorded_headers() -> dict[str, str]:
    """The headers of a real Azure reply (read at test time, never copied into the repo)."""
    path = CAPTURES / "openllmetry_azure_2024-02-01_gpt41mini_obfuscation_stream.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: the recorded Azure captures live in ../shared/azure-captures")
    return json.loads(path.read_text())["headers"]


def test_recorded_azure_headers_parse_to_the_documented_units() -> None:
    limits = RateLimits.from_headers(httpx2.Headers(recorded_headers()))
    assert limits.deployment == "openllmetry-testing"
    assert limits.region == "East US 2"
    assert (limits.limit_requests, limits.remaining_requests) == (120, 119)
    assert (limits.limit_tokens, limits.remaining_tokens) == (120000, 119986)
    assert (limits.renewal_period_requests, limits.renewal_period_tokens) == (60.0, 60.0)
    # Milliseconds: one request of 120 per 60 s refills in 0.5 s; 14 tokens of 120,000 in 7 ms.
    assert limits.reset_requests == pytest.approx(0.5)
    assert limits.reset_tokens == pytest.approx(0.007)
    assert limits.retry_after is None
    assert limits.known is True


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("500", 0.5),
        ("0", 0.0),
        ("1s", 1.0),
        ("6m0s", 360.0),
        ("20ms", 0.02),
        ("1m2.5s", 62.5),
        ("1h", 3600.0),
    ],
)
def test_reset_spellings(value: str, seconds: float) -> None:
    limits = RateLimits.from_headers(httpx2.Headers({"x-ratelimit-reset-tokens": value}))
    assert limits.reset_tokens == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["-1", "soon", "", "1x", "nan-ish", "1s2", "-5ms", "inf", "nan", "1e999"])
def test_garbled_or_unknown_values_are_none_never_an_error(value: str) -> None:
    headers = httpx2.Headers(
        {
            "x-ratelimit-remaining-tokens": value,
            "x-ratelimit-limit-requests": value,
            "x-ratelimit-reset-requests": value,
            "x-ratelimit-renewalperiod-tokens": value,
            "retry-after": value,
        }
    )
    limits = RateLimits.from_headers(headers)
    assert (limits.remaining_tokens, limits.limit_requests, limits.reset_requests) == (None, None, None)
    assert limits.renewal_period_tokens is None
    assert limits.retry_after is None


def test_retry_hint_prefers_milliseconds() -> None:
    headers = httpx2.Headers({"retry-after": "2", "retry-after-ms": "1500"})
    assert RateLimits.from_headers(headers).retry_after == 1.5


def test_deployment_from_the_path_or_else_the_body_model() -> None:
    dated = httpx2.Request("POST", "https://r.openai.azure.com/openai/deployments/my%20dep/chat/completions")
    assert deployment_of(dated) == "my dep"
    body_routed = httpx2.Request(
        "POST", "https://r.openai.azure.com/openai/v1/chat/completions", json={"model": "m1"}
    )
    assert deployment_of(body_routed) == "m1"
    neither = httpx2.Request("POST", "https://r.openai.azure.com/openai/v1/files", content=b"\x00raw")
    assert deployment_of(neither) is None
    not_json = httpx2.Request("POST", "https://r/openai/v1/x", json=["model"])
    assert deployment_of(not_json) is None


def test_book_keeps_the_last_reply_per_deployment_and_ignores_replies_without_quota() -> None:
    book = RateLimitBook()
    request = httpx2.Request("POST", "https://r/openai/deployments/a/chat/completions")
    book.record(httpx2.Response(200, headers={"x-ratelimit-remaining-requests": "5"}, request=request))
    book.record(httpx2.Response(200, headers={"x-ratelimit-remaining-requests": "4"}, request=request))
    book.record(httpx2.Response(200, headers={"x-other": "1"}, request=request))
    named = httpx2.Response(
        200, headers={"x-ratelimit-remaining-tokens": "9", "x-ms-deployment-name": "b"}, request=request
    )
    book.record(named)
    assert book.get("a") is not None and book.get("a").remaining_requests == 4  # type: ignore[union-attr]
    assert book.get("b").remaining_tokens == 9  # type: ignore[union-attr]
    assert book.get("c") is None
    assert sorted(d or "" for d in book.deployments()) == ["a", "b"]


def test_raw_response_error_and_client_carry_the_limits(metered) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(tokens=500, requests=3, period=60.0)
    client = aoai.AzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=API_VERSION, max_retries=0
    )
    with client:
        assert client.rate_limits(CHAT) is None
        raw = client.chat.completions.with_raw_response.create(**chat_body("hello there", max_tokens=10))
        limits = raw.rate_limits
        assert (limits.deployment, limits.region) == (CHAT, "emulator")
        assert (limits.limit_requests, limits.remaining_requests, limits.limit_tokens) == (3, 2, 500)
        charged = emulator.quota_stats()[CHAT]["tokens_charged"]
        assert limits.remaining_tokens == 500 - charged
        assert client.rate_limits(CHAT) == limits
        client.chat.completions.create(**chat_body())
        client.chat.completions.create(**chat_body())
        with pytest.raises(aoai.RateLimitError) as caught:
            client.chat.completions.create(**chat_body())
    error = caught.value
    assert error.rate_limits.remaining_requests == 0
    assert error.rate_limits.retry_after is not None and 0 < error.rate_limits.retry_after <= 60
    assert "exceeded call rate limit" in error.message
    assert client.rate_limits(CHAT).remaining_requests == 0  # type: ignore[union-attr]
    assert rate_limits_of(error.response).deployment == CHAT
