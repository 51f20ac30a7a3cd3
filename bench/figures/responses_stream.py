"""Figure 3b: the Responses API's stream events per second over one long (10,000-delta) stream.

`responses.create(stream=True)` on the v1 API's route model (`POST {endpoint}/openai/v1/responses`,
the deployment in the body's `model`). Every contender does what a user's loop does with each
event: look at its type, and read `delta` from the text deltas. aoai decodes each event into the
document's class for its type (`ResponseTextDeltaEvent`, ...) and keeps the final one's response
for `get_final_response()`; the SDK is pointed at the same route the way Microsoft documents it
for v1 (`OpenAI(base_url=f"{endpoint}/openai/v1/")`). Raw httpx2 + its EventSource + `json.loads`
is the floor.
"""

from __future__ import annotations

import importlib
import json
import time
from typing import Any

from ..contenders import KEY, aoai_unavailable, raw_sync
from ..context import Context
from ..model import Goal, Row
from ..payloads import DEPLOYMENT
from ..rounds import Round, interleaved, prepared

V1 = "v1"
RESPONSES_PATH = "/openai/v1/responses"
DELTA = "response.output_text.delta"
#: The events around the deltas: created, in_progress, item and part added/done, text done, completed.
FRAMING_EVENTS = 8


def _aoai(url: str) -> Any:
    aoai = importlib.import_module("aoai")
    return aoai.AzureOpenAI(azure_endpoint=url, api_key=KEY, api_version=V1, timeout=60.0)


def _openai(url: str) -> Any:
    openai = importlib.import_module("openai")
    return openai.OpenAI(base_url=f"{url}/openai/v1/", api_key=KEY, timeout=60.0)


def _check(deltas: int, expected: int) -> None:
    if deltas != expected:
        raise RuntimeError(f"the stream carried {deltas} of {expected} text deltas")


def _sdk_round(client: Any, deltas: int, type_of: str) -> Round:
    create = client.responses.create

    def one() -> float:
        start = time.perf_counter()
        seen = events = 0
        for event in create(model=DEPLOYMENT, input="Say hello.", stream=True):
            events += 1
            kind = getattr(event, type_of)
            if getattr(kind, "value", kind) == DELTA:
                seen += 1
                _ = event.delta
        elapsed = time.perf_counter() - start
        _check(seen, deltas)
        return events / elapsed

    return one


def _httpx_round(url: str, deltas: int) -> Round:
    from httpx2 import EventSource

    client = raw_sync(url)
    body = {"model": DEPLOYMENT, "input": "Say hello.", "stream": True}

    def one() -> float:
        start = time.perf_counter()
        seen = events = 0
        with client.stream("POST", RESPONSES_PATH, json=body) as response:
            for sse in EventSource(response):
                event = json.loads(sse.data)
                events += 1
                if event["type"] == DELTA:
                    seen += 1
                    _ = event["delta"]
        elapsed = time.perf_counter() - start
        _check(seen, deltas)
        return events / elapsed

    return one


def run(ctx: Context) -> list[Row]:
    url, deltas = ctx.url, ctx.sizes.stream_chunks
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: _sdk_round(_aoai(url), deltas, "type_")),
        "openai": prepared(lambda: _sdk_round(_openai(url), deltas, "type")),
        "httpx": prepared(lambda: _httpx_round(url, deltas)),
    }
    results = interleaved(contenders, rounds=ctx.rounds, budget_s=ctx.budget_s)
    row = Row(
        f"3b. streaming, {deltas:,}-delta Responses stream",
        "events/s",
        higher_is_better=True,
        goals=[Goal("openai", 3.0)],
        note=f"{deltas + FRAMING_EVENTS:,} events a stream (v1 route model); httpx column is httpx2 + its "
        "EventSource + json.loads (the floor); time includes the request",
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return [row]
