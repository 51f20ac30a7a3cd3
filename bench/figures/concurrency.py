"""Figure 4: 1,000 concurrent chat completions on one async client, completions per second.

Each round runs in a fresh event loop with a fresh client: one warm-up burst of 100
(opens the connections a pool keeps alive), then the timed burst of `asyncio.gather`
over all requests. Every contender runs with its own defaults (the SDK's pool is
1,000 connections / 100 kept alive; aoai's is `aoai._http.DEFAULT_LIMITS`); the raw
column gets aoai's limits, so aoai/httpx is the cost of aoai's layer alone.

Two servers: 4 answers at once, so the client's CPU is all that counts (loopback);
4b answers each request 200 ms late, like a (fast) deployment, so what counts is how
many calls the client keeps in flight. `--only pools` (bench.figures.pools) runs the
same bursts over a grid of pool limits and answer delays: the numbers behind
`DEFAULT_LIMITS` (bench/README.md).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from ..contenders import CHAT_PATH, MESSAGES, aoai_limits, aoai_unavailable, raw_async, sdk
from ..context import Context
from ..model import Goal, Row
from ..payloads import DEPLOYMENT
from ..rounds import Round, interleaved, prepared

Call = Callable[[], Awaitable[None]]
Make = Callable[[], tuple[Any, Call]]
ROUND_CAP_S = 60.0  # a burst that takes longer is a failure, reported as such
LATE_MS = 200.0


async def _burst(call: Call, n: int) -> float:
    start = time.perf_counter()
    await asyncio.gather(*(call() for _ in range(n)))
    return n / (time.perf_counter() - start)


async def _close(client: Any) -> None:
    await client.close() if hasattr(client, "close") else await client.aclose()


def burst_round(make: Make, n: int) -> Round:
    async def both() -> float:
        client, call = make()
        try:
            # Warm-up: lazy imports done, the connections a pool keeps alive opened.
            await asyncio.wait_for(_burst(call, min(n, 100)), ROUND_CAP_S)
            return await asyncio.wait_for(_burst(call, n), ROUND_CAP_S)
        finally:
            await _close(client)

    return lambda: asyncio.run(both())


def sdk_client(name: str, url: str, **kwargs: Any) -> tuple[Any, Call]:
    client = sdk(name, url, is_async=True, **kwargs)
    create = client.chat.completions.create

    async def call() -> None:
        reply = await create(model=DEPLOYMENT, messages=MESSAGES)
        assert reply.choices[0].message.content

    return client, call


def raw_client(url: str, limits: Any = None) -> tuple[Any, Call]:
    client = raw_async(url, limits)
    body = {"messages": MESSAGES}

    async def call() -> None:
        reply = json.loads((await client.post(CHAT_PATH, json=body)).content)
        assert reply["choices"][0]["message"]["content"]

    return client, call


def _row(ctx: Context, n: int, delay_ms: float, figure: str, goal: Goal | None, note: str) -> Row:
    url = ctx.server(delay_ms)
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: burst_round(lambda: sdk_client("aoai", url), n)),
        "openai": prepared(lambda: burst_round(lambda: sdk_client("openai", url), n)),
        "httpx": prepared(lambda: burst_round(lambda: raw_client(url), n)),
    }
    # The slowest figure: more budget, fewer rounds.
    results = interleaved(contenders, rounds=min(ctx.rounds, 5), warmup=0, budget_s=ctx.budget_s)
    row = Row(figure, "calls/s", higher_is_better=True, goals=[goal] if goal else [], note=note)
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return row


def run(ctx: Context) -> list[Row]:
    n = 50 if ctx.quick else 1000
    late = 0.0 if ctx.quick else LATE_MS  # --quick only checks that the figure runs: no second server
    limits = aoai_limits()
    pool = f"{limits.max_connections:,} connections / {limits.max_keepalive_connections:,} kept alive"
    return [
        _row(
            ctx,
            n,
            0.0,
            f"4. async, {n:,} concurrent chat completions",
            Goal("openai", 1.2),
            f"one client, asyncio.gather, each SDK's default pool (httpx column: aoai's, {pool})",
        ),
        _row(
            ctx,
            n,
            late,
            f"4b. as 4, server answers {late:.0f} ms late",
            None,  # both SDKs run the same pool limits here: the row shows what a pool choice costs
            "a pool too small to hold the burst shows here (bench/README.md: the pool study)",
        ),
    ]
