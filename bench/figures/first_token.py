"""Figure 3c: time to first token, through the client: call made -> first content delta in hand.

What a chat UI's user waits for on top of the model. Each sample is one short streamed
chat completion (16 chunks, asked for with `max_tokens`) on a warm client: the clock
starts before `create(..., stream=True)` and stops when the loop first sees a chunk
whose delta has content; the rest of the stream is then read (off the clock), so the
connection goes back to the pool as it would in an app. The canned server sends the
stream at once, so what is timed is the client: building and sending the request,
reading the head, parsing the first events (Azure's filter-only event comes first) and
building the models. A round is the median of many samples.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

from ..contenders import CHAT_PATH, MESSAGES, aoai_unavailable, raw_sync, sdk
from ..context import Context
from ..model import Goal, Row
from ..payloads import DEPLOYMENT
from ..rounds import Round, interleaved, prepared

CHUNKS = 16
Sample = Callable[[], float]  # µs to the first token of one stream


def _median_of(sample: Sample, count: int) -> Round:
    return lambda: statistics.median(sample() for _ in range(count))


def _sdk(name: str, url: str) -> Sample:
    create = sdk(name, url).chat.completions.create

    def sample() -> float:
        start = time.perf_counter()
        first = None
        for chunk in create(model=DEPLOYMENT, messages=MESSAGES, stream=True, max_tokens=CHUNKS):
            if first is None and chunk.choices and chunk.choices[0].delta.content:
                first = time.perf_counter()
        if first is None:
            raise RuntimeError("no chunk had content")
        return (first - start) * 1e6

    return sample


def _httpx(url: str) -> Sample:
    from httpx2 import EventSource

    client = raw_sync(url)
    body = {"messages": MESSAGES, "stream": True, "max_tokens": CHUNKS}

    def sample() -> float:
        start = time.perf_counter()
        first = None
        with client.stream("POST", CHAT_PATH, json=body) as response:
            for event in EventSource(response):
                if event.data == "[DONE]":
                    break
                chunk = json.loads(event.data)
                if first is None and chunk["choices"] and chunk["choices"][0]["delta"].get("content"):
                    first = time.perf_counter()
        if first is None:
            raise RuntimeError("no chunk had content")
        return (first - start) * 1e6

    return sample


def run(ctx: Context) -> list[Row]:
    url, count = ctx.url, (5 if ctx.quick else 200)
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: _median_of(_sdk("aoai", url), count)),
        "openai": prepared(lambda: _median_of(_sdk("openai", url), count)),
        "httpx": prepared(lambda: _median_of(_httpx(url), count)),
    }
    results = interleaved(contenders, rounds=ctx.rounds, budget_s=ctx.budget_s / 2)
    row = Row(
        "3c. time to first token, streamed chat",
        "µs",
        goals=[Goal("openai", 0.6)],
        note=f"warm client; call made -> first chunk with delta.content; median of {count} "
        f"{CHUNKS}-chunk streams per round; httpx column: httpx2 + EventSource + json.loads",
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return [row]
