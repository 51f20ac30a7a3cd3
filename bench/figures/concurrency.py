"""Figure 4: 1,000 concurrent chat completions on one async client, completions per second.

Each round runs in a fresh event loop with a fresh client: one warm-up burst
of 100 (opens the connections a pool keeps alive), then the timed burst of `asyncio.gather` over
all requests. All three pools have the SDKs' default limits (1,000
connections, 100 kept alive), so the timed burst opens new connections for the
900 that were not kept: the same work for every contender.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..contenders import CHAT_PATH, MESSAGES, aoai_unavailable, raw_async, sdk
from ..context import Context
from ..model import Goal, Row
from ..payloads import DEPLOYMENT
from ..rounds import Round, interleaved, prepared

Call = Callable[[], Awaitable[None]]
ROUND_CAP_S = 60.0  # a burst that takes longer is a failure, reported as such


async def _burst(call: Call, n: int) -> float:
    start = time.perf_counter()
    await asyncio.gather(*(call() for _ in range(n)))
    return n / (time.perf_counter() - start)


def _round(make: Callable[[], tuple[Any, Call]], n: int) -> Round:
    async def both() -> float:
        client, call = make()
        try:
            # Warm-up: lazy imports done, the 100 connections a pool keeps alive opened.
            await asyncio.wait_for(_burst(call, min(n, 100)), ROUND_CAP_S)
            return await asyncio.wait_for(_burst(call, n), ROUND_CAP_S)
        finally:
            await client.close() if hasattr(client, "close") else await client.aclose()

    return lambda: asyncio.run(both())


def _sdk(name: str, url: str) -> tuple[Any, Call]:
    client = sdk(name, url, is_async=True)
    create = client.chat.completions.create

    async def call() -> None:
        reply = await create(model=DEPLOYMENT, messages=MESSAGES)
        assert reply.choices[0].message.content

    return client, call


def _httpx(url: str) -> tuple[Any, Call]:
    client = raw_async(url)
    body = {"messages": MESSAGES}

    async def call() -> None:
        reply = json.loads((await client.post(CHAT_PATH, json=body)).content)
        assert reply["choices"][0]["message"]["content"]

    return client, call


def run(ctx: Context) -> list[Row]:
    url, n = ctx.url, (50 if ctx.quick else 1000)
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: _round(lambda: _sdk("aoai", url), n)),
        "openai": prepared(lambda: _round(lambda: _sdk("openai", url), n)),
        "httpx": prepared(lambda: _round(lambda: _httpx(url), n)),
    }
    # The slowest figure (~10 s a round for a client on httpcore 1.x): more budget, fewer rounds.
    results = interleaved(contenders, rounds=min(ctx.rounds, 5), warmup=0, budget_s=ctx.budget_s * 1.5)
    row = Row(
        f"4. async, {n:,} concurrent chat completions",
        "calls/s",
        higher_is_better=True,
        goals=[Goal("httpx", 0.9)],
        note="one client, asyncio.gather; pools of 1,000 connections / 100 keep-alive (the SDK defaults)",
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return [row]
