"""Figure 2: non-streaming chat completion round trip, sync, keep-alive, small body.

Per call time over a fixed number of calls on one warm client. The raw-socket
row is the floor under all three: the canned server plus loopback, with no
HTTP client at all, so the reader can subtract it to see pure client overhead.
"""

from __future__ import annotations

import json
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from ..contenders import CHAT_PATH, KEY, MESSAGES, aoai_unavailable, raw_sync, sdk
from ..context import Context
from ..model import Goal, Row
from ..payloads import DEPLOYMENT
from ..rounds import Round, interleaved, prepared


def _timed(calls: int, call: Any, cap_s: float = 5.0) -> float:
    """Microseconds per call over `calls` calls, or over as many as fit in `cap_s` seconds.

    The cap keeps one pathological round (seen once on this shared machine: a
    contender at 30 ms a call) from eating the whole run's time budget.
    """
    start = time.perf_counter()
    deadline = start + cap_s
    done = 0
    while done < calls:
        for _ in range(50):
            call()
        done += 50
        if time.perf_counter() > deadline:
            break
    return (time.perf_counter() - start) / done * 1e6


def _sdk_round(name: str, url: str, calls: int) -> Round:
    client = sdk(name, url)
    create = client.chat.completions.create

    def call() -> None:
        reply = create(model=DEPLOYMENT, messages=MESSAGES)
        assert reply.choices[0].message.content

    return lambda: _timed(calls, call)


def _httpx_round(url: str, calls: int) -> Round:
    client = raw_sync(url)
    body = {"messages": MESSAGES}

    def call() -> None:
        reply = json.loads(client.post(CHAT_PATH, json=body).content)
        assert reply["choices"][0]["message"]["content"]

    return lambda: _timed(calls, call)


def _socket_round(url: str, calls: int) -> Round:
    """A blocking socket sending pre-built requests: the server + kernel floor."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port or 80))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    payload = json.dumps({"messages": MESSAGES}).encode()
    request = (
        f"POST {CHAT_PATH} HTTP/1.1\r\nhost: {parts.netloc}\r\napi-key: {KEY}\r\n"
        f"content-type: application/json\r\ncontent-length: {len(payload)}\r\n\r\n"
    ).encode() + payload
    reader = sock.makefile("rb")

    def call() -> None:
        sock.sendall(request)
        length = 0
        while (line := reader.readline()) not in (b"\r\n", b""):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        reader.read(length)

    return lambda: _timed(calls, call)


def run(ctx: Context) -> list[Row]:
    calls = 50 if ctx.quick else 1000  # a multiple of 50
    url = ctx.url
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: _sdk_round("aoai", url, calls)),
        "openai": prepared(lambda: _sdk_round("openai", url, calls)),
        "httpx": prepared(lambda: _httpx_round(url, calls)),
        "socket": prepared(lambda: _socket_round(url, calls)),
    }
    results = interleaved(contenders, rounds=ctx.rounds, budget_s=ctx.budget_s)
    row = Row(
        "2. chat round trip, sync keep-alive",
        "µs/call",
        goals=[Goal("httpx", 1.10)],
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    floor = results["socket"]
    if not isinstance(floor, str) and floor:
        floor.sort()
        row.note = (
            f"{calls} calls per round; floor (canned server + loopback, raw socket, no HTTP client): "
            f"{floor[len(floor) // 2]:.0f} µs/call"
        )
    return [row]
