"""Figure 3d: how much a process grows while it reads one long stream (100,000 chunks).

A client that keeps something per chunk (the chunks, their JSON, a growing buffer) grows
with the stream, and a long generation or a stream left open for hours then costs memory
in proportion; one that folds as it goes stays flat. Each sample is a fresh interpreter
(so no contender inherits another's heap): it warms the client up with a short stream,
collects garbage, notes its RSS, then reads the long stream the way a user's loop does
(`choices[0].delta.content`), noting RSS every 1,000 chunks; the figure is the highest
RSS seen minus the RSS before.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from ..contenders import CHAT_PATH, KEY, MESSAGES, aoai_unavailable
from ..context import Context
from ..model import Goal, Row
from ..payloads import API_VERSION, DEPLOYMENT
from ..rounds import Round, interleaved
from ..servers import ROOT

_PROBE = """
import gc, json, os
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
{setup}
def chunks(n):
{loop}
for _ in chunks(16):
    pass
gc.collect()
base = peak = rss()
seen = 0
for content in chunks({chunks}):
    seen += 1
    if seen % 1000 == 0:
        peak = max(peak, rss())
peak = max(peak, rss())
print(json.dumps({{"growth_mib": peak - base, "seen": seen}}))
"""

_SDK_SETUP = """import {name}
client = {name}.AzureOpenAI(azure_endpoint={url!r}, api_key={key!r}, api_version={version!r})"""
_SDK_LOOP = """    for chunk in client.chat.completions.create(
        model={deployment!r}, messages={messages!r}, stream=True, max_tokens=n
    ):
        if chunk.choices:
            yield chunk.choices[0].delta.content"""
_RAW_SETUP = """import httpx2
client = httpx2.Client(base_url={url!r}, headers={{"api-key": {key!r}}}, timeout=60.0)"""
_RAW_LOOP = """    body = {{"messages": {messages!r}, "stream": True, "max_tokens": n}}
    with client.stream("POST", {path!r}, json=body) as response:
        for event in httpx2.EventSource(response):
            if event.data == "[DONE]":
                break
            chunk = json.loads(event.data)
            if chunk["choices"]:
                yield chunk["choices"][0]["delta"].get("content")"""


def _script(name: str, url: str, chunks: int) -> str:
    fmt: dict[str, Any] = dict(name=name, url=url, key=KEY, version=API_VERSION, path=CHAT_PATH)
    fmt.update(deployment=DEPLOYMENT, messages=MESSAGES)
    setup, loop = (_RAW_SETUP, _RAW_LOOP) if name == "httpx" else (_SDK_SETUP, _SDK_LOOP)
    return _PROBE.format(setup=setup.format(**fmt), loop=loop.format(**fmt), chunks=chunks)


def _sample(script: str, chunks: int) -> Round:
    def one() -> float:
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
        if out.returncode:
            raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if result["seen"] < chunks - 1:  # the last chunk (finish_reason) has a choice too
            raise RuntimeError(f"read {result['seen']} of {chunks} chunks")
        growth: float = result["growth_mib"]
        return growth

    return one


def run(ctx: Context) -> list[Row]:
    chunks = 500 if ctx.quick else 100_000
    url = ctx.url
    contenders: dict[str, Round | str] = {
        name: _sample(_script(name, url, chunks), chunks) for name in ("aoai", "openai", "httpx")
    }
    if reason := aoai_unavailable():
        contenders["aoai"] = reason
    rounds = 1 if ctx.quick else min(ctx.rounds, 3)
    results = interleaved(contenders, rounds=rounds, warmup=0, budget_s=ctx.budget_s)
    row = Row(
        f"3d. RSS growth while reading a {chunks:,}-chunk stream",
        "MiB",
        goals=[Goal(None, 5.0)],
        note="fresh interpreter per sample; highest RSS seen (every 1,000 chunks) minus RSS after a "
        "warm-up stream; flat = does not grow with the stream's length",
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return [row]
