"""Quotas: Azure's per-deployment TPM/RPM metering, its 429 and the x-ratelimit-* headers, over HTTP."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

import httpx2
import pytest
from aoai_emulator.__main__ import parse_args
from aoai_emulator.config import EmulatorConfig
from aoai_emulator.quotas import Quota, Quotas, parse_quota, request_tokens
from aoai_emulator.testing import EmulatorHandle, running_emulator

GA = "2024-10-21"
CHAT = "gpt-4o-mini"


def chat(client: httpx2.Client, deployment: str = CHAT, **body: object) -> httpx2.Response:
    payload = {"messages": [{"role": "user", "content": "hello there"}], "max_tokens": 20, **body}
    return client.post(
        f"/openai/deployments/{deployment}/chat/completions", params={"api-version": GA}, json=payload
    )


@contextlib.contextmanager
def metered(quota: Quota) -> Iterator[tuple[EmulatorHandle, httpx2.Client]]:
    with (
        running_emulator(quotas={CHAT: quota}) as em,
        httpx2.Client(base_url=em.base_url, headers={"api-key": em.api_key}) as client,
    ):
        yield em, client


def test_every_metered_reply_carries_the_quota_and_a_spent_one_answers_azures_429() -> None:
    with metered(Quota(tokens=1000, requests=2, period=60.0)) as (em, client):
        first = chat(client)
        cost = request_tokens(
            "chat.completions.create",
            {"messages": [{"role": "user", "content": "hello there"}], "max_tokens": 20},
        )
        assert cost == first.json()["usage"]["prompt_tokens"] + 20  # prompt + max_tokens, as Azure counts
        assert first.headers["x-ratelimit-limit-requests"] == "2"
        assert first.headers["x-ratelimit-remaining-requests"] == "1"
        assert first.headers["x-ratelimit-limit-tokens"] == "1000"
        assert first.headers["x-ratelimit-remaining-tokens"] == str(1000 - cost)
        assert first.headers["x-ratelimit-renewalperiod-requests"] == "60"
        assert (
            29_000 <= int(first.headers["x-ratelimit-reset-requests"]) <= 30_000
        )  # ms to refill one of 2/min
        assert first.headers["x-ms-deployment-name"] == CHAT
        assert first.headers["x-ms-region"] == "emulator"
        filtered = chat(client, messages=[{"role": "user", "content": "forbidden"}])
        assert filtered.status_code == 400 and filtered.headers["x-ratelimit-remaining-requests"] == "0"
        refused = chat(client)
        assert refused.status_code == 429
        error = refused.json()["error"]
        assert error["code"] == "429"
        assert error["message"].startswith(
            f"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version {GA} "
            "have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after "
        )
        assert 29 <= int(refused.headers["retry-after"]) <= 30
        assert 29_000 <= int(refused.headers["retry-after-ms"]) <= 30_000
        assert refused.headers["x-ratelimit-remaining-requests"] == "0"
        other = chat(client, "gpt-4o")  # not metered: no quota headers
        assert other.status_code == 200 and "x-ratelimit-remaining-requests" not in other.headers
        assert other.headers["x-ms-deployment-name"] == "gpt-4o"
        assert client.get("/_emulator/quotas").json() == {
            CHAT: {
                "admitted": 2,
                "throttled": 1,
                "tokens_charged": cost + cost - 1,
            }  # "forbidden": one word
        }
    assert em.quota_stats()[CHAT]["throttled"] == 1


def test_tokens_run_out_before_requests_and_say_so() -> None:
    with metered(Quota(tokens=100, period=60.0)) as (_em, client):
        assert chat(client, max_tokens=80).status_code == 200
        refused = chat(client, max_tokens=80)
        assert refused.status_code == 429
        assert "exceeded token rate limit" in refused.json()["error"]["message"]
        assert "x-ratelimit-remaining-requests" not in refused.headers  # requests not metered


def test_refused_requests_take_nothing_and_the_bucket_refills() -> None:
    now = [0.0]
    quotas = Quotas({CHAT: Quota(tokens=100, requests=10, period=10.0)}, clock=lambda: now[0])
    assert quotas.admit(CHAT, 60).admitted  # type: ignore[union-attr]
    refused = quotas.admit(CHAT, 60)
    assert refused is not None and not refused.admitted and refused.exceeded == "token"
    assert refused.retry_after == pytest.approx(2.0)  # 20 tokens short at 10 tokens/s
    assert refused.headers["x-ratelimit-remaining-tokens"] == "40"  # the refusal took nothing
    now[0] = 2.0
    assert quotas.admit(CHAT, 60).admitted  # type: ignore[union-attr]
    assert quotas.admit("unmetered", 10**6) is None
    oversize = Quotas({CHAT: Quota(tokens=100)}, clock=lambda: 0.0)
    assert oversize.admit(CHAT, 500).admitted  # type: ignore[union-attr]  # a full bucket admits it ...
    assert oversize.admit(CHAT, 1).admitted is False  # type: ignore[union-attr]  # ... and is empty after


def test_request_tokens_count_prompt_plus_max_tokens_times_n() -> None:
    messages = [{"role": "user", "content": "one two three"}]
    assert request_tokens("chat.completions.create", {"messages": messages}) == 3 + 3 + 3
    assert (
        request_tokens("chat.completions.create", {"messages": messages, "max_tokens": 10, "n": 2}) == 9 + 20
    )
    assert request_tokens("embeddings.create", {"input": ["a b", [1, 2, 3]]}) == 2 + 3
    assert request_tokens("completions.create", {"prompt": "x y", "max_tokens": 5}) == 2 + 5
    assert request_tokens("images.generate", {"prompt": "cat"}) == 0
    reply = {
        "instructions": "Be brief",
        "input": [{"role": "user", "content": "a b c"}],
        "max_output_tokens": 16,
    }
    assert request_tokens("responses.create", reply) == 2 + 3 + 16


def test_quota_settings_are_checked_with_clear_errors() -> None:
    assert parse_quota("gpt-4o=60000/600") == ("gpt-4o", Quota(tokens=60000, requests=600))
    assert parse_quota("gpt-4o=/600") == ("gpt-4o", Quota(requests=600))
    with pytest.raises(ValueError, match=r"quota 'gpt-4o' is not DEPLOYMENT=TPM/RPM"):
        parse_quota("gpt-4o")
    with pytest.raises(ValueError, match="quota tokens must be a positive integer"):
        parse_quota("gpt-4o=0/600")
    with pytest.raises(ValueError, match="quota period must be > 0 seconds"):
        Quota(tokens=1, period=0)
    with pytest.raises(ValueError, match="quota for unknown deployment 'nope'"):
        EmulatorConfig.create(quotas={"nope": Quota(tokens=1)})
    config = EmulatorConfig.create(tpm=60000, rpm=600, quotas={"gpt-4o": Quota(tokens=5)})
    assert config.quotas[CHAT] == Quota(tokens=60000, requests=600)
    assert config.quotas["gpt-4o"] == Quota(tokens=5)
    args = parse_args(["--tpm", "60000", "--rpm", "600", "--quota", "gpt-4o=1/2", "--quota-period", "6"])
    assert (args.tpm, args.rpm, args.quota, args.quota_period) == (60000, 600, ["gpt-4o=1/2"], 6.0)


def test_command_line_quota_is_reported_at_start_and_a_bad_one_exits_2() -> None:
    bad = subprocess.run(
        [sys.executable, "-m", "aoai_emulator", "--port", "0", "--quota", "gpt-4o=x/1"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "aoai-emulator: quota 'gpt-4o=x/1'" in bad.stderr
