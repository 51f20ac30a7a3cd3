"""Pacing over real HTTP against a metered emulator, threads (sync) and tasks (async).

The scenario for the coordinated pause: the paced client has heard the quota (plenty
left), then another, unpaced client spends it behind its back, then a burst of paced
calls goes out on the stale picture. Every one of them gets a 429; the pacer must make
that one pause, after which all of them succeed without another 429. The emulator
counts every attempt (per `x-aoai-test-id`) and every 429 it sent.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aoai
import pytest
from aoai.pacing import Pacer
from quota_support import API_VERSION, CHAT, chat_body

BURST = 6
TOKENS = 1000  # per 10 s: 100 tokens/s, so a spent bucket takes ~0.5 s to fit one call again


def client(emulator: Any, cls: type = aoai.AzureOpenAI, **kwargs: Any) -> Any:
    return cls(azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=API_VERSION, **kwargs)


def spend_behind_its_back(emulator: Any, remaining: int) -> None:
    """An unpaced client takes exactly what is left of the token bucket (one request)."""
    with client(emulator, max_retries=0) as other:
        prompt_cost = 7  # the emulator's count for one short user message (see quotas.request_tokens)
        other.chat.completions.create(**chat_body("hi", max_tokens=remaining - prompt_cost))


def burst_ids(test_id: str) -> list[str]:
    return [f"{test_id}-{i}" for i in range(BURST)]


def check_one_pause(
    emulator: Any, pacer: Pacer, before: dict[str, int], ids: list[str], results: list[str]
) -> None:
    after = emulator.quota_stats()[CHAT]
    assert results == ["ok"] * BURST
    throttled = after["throttled"] - before["throttled"]
    assert throttled == BURST  # the stale burst: every call refused once ...
    assert pacer.stats.throttled == BURST
    assert pacer.stats.pauses == 1  # ... and one pause for all of them
    assert [emulator.stats(i)["attempts"] for i in ids] == [2] * BURST  # no call was refused twice
    assert after["admitted"] - before["admitted"] == BURST


def test_threads_share_one_pause_per_429_burst(metered, test_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(tokens=TOKENS, period=10.0)
    pacer = Pacer()
    with client(emulator, pacing=pacer) as paced:
        first = paced.chat.completions.with_raw_response.create(**chat_body())
        spend_behind_its_back(emulator, first.rate_limits.remaining_tokens)
        before = emulator.quota_stats()[CHAT]
        ids = burst_ids(test_id)
        start = threading.Barrier(BURST)

        def call(test_header: str) -> str:
            start.wait()
            paced.chat.completions.create(**chat_body(), extra_headers={"x-aoai-test-id": test_header})
            return "ok"

        with ThreadPoolExecutor(BURST) as pool:
            results = list(pool.map(call, ids))
    check_one_pause(emulator, pacer, before, ids, results)


@pytest.mark.anyio
async def test_tasks_share_one_pause_per_429_burst(metered, test_id: str) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(tokens=TOKENS, period=10.0)
    async with client(emulator, aoai.AsyncAzureOpenAI, pacing=True) as paced:
        first = await paced.chat.completions.with_raw_response.create(**chat_body())
        await asyncio.to_thread(spend_behind_its_back, emulator, first.rate_limits.remaining_tokens)
        before = emulator.quota_stats()[CHAT]
        ids = burst_ids(test_id)

        async def call(test_header: str) -> str:
            await paced.chat.completions.create(**chat_body(), extra_headers={"x-aoai-test-id": test_header})
            return "ok"

        results = list(await asyncio.gather(*(call(i) for i in ids)))
        check_one_pause(emulator, paced.pacer, before, ids, results)


def test_sync_and_async_clients_can_share_one_pacer(metered) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(requests=4, period=1.0)
    pacer = Pacer()

    async def async_calls() -> None:
        async with client(emulator, aoai.AsyncAzureOpenAI, pacing=pacer) as paced:
            await asyncio.gather(*(paced.chat.completions.create(**chat_body()) for _ in range(6)))

    with client(emulator, pacing=pacer) as paced:
        worker = threading.Thread(target=lambda: asyncio.run(async_calls()))
        worker.start()
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: paced.chat.completions.create(**chat_body()), range(6)))
        worker.join()
    stats = emulator.quota_stats()[CHAT]
    assert stats["admitted"] == 12
    assert stats["throttled"] == 0  # 4 at once, then 4 per second: the pacer never sent early
    assert pacer.stats.sent == 12
    assert pacer.stats.delayed >= 7  # at most the probe's 4-1 ... the rest waited their turn


def test_unpaced_is_unchanged_429s_go_to_the_retry_policy(metered) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(requests=2, period=60.0)
    with client(emulator, max_retries=0) as plain:
        assert plain.pacer is None
        plain.chat.completions.create(**chat_body())
        plain.chat.completions.create(**chat_body())
        with pytest.raises(aoai.RateLimitError):
            plain.chat.completions.create(**chat_body())
    assert emulator.quota_stats()[CHAT] == {"admitted": 2, "throttled": 1, "tokens_charged": 94}


def test_pacing_argument_is_checked_and_shared_by_siblings() -> None:
    with pytest.raises(TypeError, match=r"pacing must be True, False or an aoai\.pacing\.Pacer, got str"):
        aoai.AzureOpenAI(
            azure_endpoint="https://r.openai.azure.com", api_key="k", api_version=API_VERSION, pacing="yes"
        )
    with pytest.raises(ValueError, match="max_pause"):
        Pacer(max_pause=-1)
    base = aoai.AzureOpenAI(
        azure_endpoint="https://r.openai.azure.com", api_key="k", api_version=API_VERSION, pacing=True
    )
    assert base.pacer is not None
    assert base.with_options(max_retries=5).pacer is base.pacer
    assert base.with_options(pacing=False).pacer is None


@pytest.mark.anyio
async def test_a_call_cancelled_while_it_waits_leaves_the_queue(metered) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(requests=1, period=60.0)
    async with client(emulator, aoai.AsyncAzureOpenAI, pacing=True) as paced:
        await paced.chat.completions.create(**chat_body())
        host = emulator.base_url.removeprefix("http://")
        waiting = asyncio.create_task(paced.chat.completions.create(**chat_body()))
        for _ in range(200):
            if paced.pacer.waiting(host, CHAT) == 1:
                break
            await asyncio.sleep(0.01)
        assert paced.pacer.waiting(host, CHAT) == 1  # held back: the quota is spent for a minute
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        assert paced.pacer.waiting(host, CHAT) == 0
    assert emulator.quota_stats()[CHAT] == {"admitted": 1, "throttled": 0, "tokens_charged": 47}
