"""The pool study behind `aoai._http.DEFAULT_LIMITS` (`python -m bench --only pools`; not in the default run).

Figure 4's bursts (1,000 concurrent chat completions, one async client) over a grid of
pool limits and server answer delays, aoai and raw httpx2 each with the same limits. On
loopback with instant answers the client's CPU is the bottleneck, and httpcore2's pool
costs CPU in proportion to the connections it holds (it walks all of them, and probes
each idle one's socket, whenever a request arrives or a response closes): small pools
win. Once an answer takes time, a pool can only have as many calls in flight as it has
connections, so `max_connections=100` caps a 1,000-way job at 100 calls per answer
time: large pools win. Real deployments answer in 0.5-30 s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..contenders import aoai_unavailable
from ..context import Context
from ..model import Row
from ..rounds import Round, interleaved, prepared
from .concurrency import burst_round, raw_client, sdk_client

LIMITS = ((1000, 100), (1000, 1000), (500, 500), (200, 200), (100, 100))
DELAYS_MS = (0.0, 200.0, 1000.0)


def _limits(connections: int, keepalive: int) -> Any:
    import httpx2

    return httpx2.Limits(max_connections=connections, max_keepalive_connections=keepalive)


def _aoai(url: str, connections: int, keepalive: int) -> Any:
    import httpx2

    # The transport aoai builds by default, with other limits (a bench-only door into the client).
    transport = httpx2.AsyncHTTPTransport(limits=_limits(connections, keepalive))
    client, call = sdk_client("aoai", url, _transport=transport)

    class Owner:  # aoai does not close a transport it was given
        async def close(self) -> None:
            await client.close()
            await transport.aclose()

    return Owner(), call


def _raw(url: str, connections: int, keepalive: int) -> Any:
    return raw_client(url, _limits(connections, keepalive))


def _setup(make: Any, url: str, connections: int, keepalive: int, n: int) -> Callable[[], Round]:
    """Binds this grid cell's values now (a lambda in the loop would see the last cell's)."""
    return lambda: burst_round(lambda: make(url, connections, keepalive), n)


def run(ctx: Context) -> list[Row]:
    n = 50 if ctx.quick else 1000
    rows = []
    for delay in DELAYS_MS:
        url = ctx.server(delay)
        for connections, keepalive in LIMITS:
            contenders: dict[str, Round | str] = {
                "aoai": aoai_unavailable() or prepared(_setup(_aoai, url, connections, keepalive, n)),
                "httpx": prepared(_setup(_raw, url, connections, keepalive, n)),
            }
            results = interleaved(contenders, rounds=min(ctx.rounds, 3), warmup=0, budget_s=ctx.budget_s)
            row = Row(
                f"P. {n:,} concurrent, pool {connections:,}/{keepalive:,}, answers {delay:.0f} ms late",
                "calls/s",
                higher_is_better=True,
            )
            for name in ("aoai", "httpx"):
                row.add(name, results[name])
            rows.append(row)
    rows[0].note = (
        "pool = max connections / max kept alive; aoai with that pool (its own transport), "
        "httpx = httpx2.AsyncClient with the same limits; the ceiling a pool of C connections "
        "puts on calls in flight is C / answer time"
    )
    return rows
