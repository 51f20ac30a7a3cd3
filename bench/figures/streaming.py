"""Figure 3: streamed chat chunks per second over one long (10,000-chunk) stream.

Every contender does what a user's loop does with each chunk: read
`choices[0].delta.content` when there is a choice. That keeps a lazily parsing
client honest, and it is the work a real consumer pays for. Raw httpx +
httpx2's EventSource + `json.loads` is the floor.
"""

from __future__ import annotations

import json
import time

from ..contenders import CHAT_PATH, MESSAGES, aoai_unavailable, raw_sync, sdk
from ..context import Context
from ..model import Goal, Row
from ..payloads import DEPLOYMENT
from ..rounds import Round, interleaved, prepared


def _check(seen: int, expected: int) -> None:
    if seen < expected:
        raise RuntimeError(f"stream ended after {seen} of {expected} chunks")


def _sdk_round(name: str, url: str, chunks: int) -> Round:
    client = sdk(name, url)
    create = client.chat.completions.create

    def one() -> float:
        start = time.perf_counter()
        seen = 0
        for chunk in create(model=DEPLOYMENT, messages=MESSAGES, stream=True):
            if chunk.choices:
                seen += 1
                _ = chunk.choices[0].delta.content
        elapsed = time.perf_counter() - start
        _check(seen, chunks)
        return chunks / elapsed

    return one


def _httpx_round(url: str, chunks: int) -> Round:
    from httpx2 import EventSource

    client = raw_sync(url)
    body = {"messages": MESSAGES, "stream": True}

    def one() -> float:
        start = time.perf_counter()
        seen = 0
        with client.stream("POST", CHAT_PATH, json=body) as response:
            for event in EventSource(response):
                if event.data == "[DONE]":
                    break
                chunk = json.loads(event.data)
                if chunk["choices"]:
                    seen += 1
                    _ = chunk["choices"][0]["delta"].get("content")
        elapsed = time.perf_counter() - start
        _check(seen, chunks)
        return chunks / elapsed

    return one


def run(ctx: Context) -> list[Row]:
    url, chunks = ctx.url, ctx.sizes.stream_chunks
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: _sdk_round("aoai", url, chunks)),
        "openai": prepared(lambda: _sdk_round("openai", url, chunks)),
        "httpx": prepared(lambda: _httpx_round(url, chunks)),
    }
    results = interleaved(contenders, rounds=ctx.rounds, budget_s=ctx.budget_s)
    row = Row(
        f"3. streaming, {chunks:,}-chunk chat stream",
        "chunks/s",
        higher_is_better=True,
        goals=[Goal("openai", 6.0), Goal("httpx", 0.5)],
        note="httpx column is httpx2 + its EventSource + json.loads (the floor); time includes the request",
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return [row]
