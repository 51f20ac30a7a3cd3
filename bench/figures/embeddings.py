"""Figure 5: one embeddings call returning 2,048 x 1,536 vectors, float JSON and base64.

What is timed is the whole call up to vectors a user can index (lists of
floats): for base64 that includes decoding the float32 bytes. openai's base64
rows are both SDKs' default call (no `encoding_format`: they ask for base64 and
decode it themselves; openai with numpy if installed, else `array`). Should a
client hand back a base64 string anyway, the bench decodes it the way openai
does, on that client's clock.
"""

from __future__ import annotations

import array
import base64
import json
import time
from typing import Any

from ..contenders import aoai_unavailable, raw_sync, sdk
from ..context import Context
from ..model import Goal, Row
from ..payloads import API_VERSION, EMBED_DEPLOYMENT
from ..rounds import Round, interleaved, prepared

PATH = f"/openai/deployments/{EMBED_DEPLOYMENT}/embeddings?api-version={API_VERSION}"


def _floats(value: Any) -> list[float]:
    if isinstance(value, str):
        return array.array("f", base64.b64decode(value)).tolist()
    return list(value) if not isinstance(value, list) else value


def _ms(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def _sdk_round(name: str, url: str, texts: list[str], b64: bool, dims: int) -> Round:
    client = sdk(name, url)
    create = client.embeddings.create
    # Both SDKs decode base64 only when the caller did not ask for a format.
    kwargs = {} if b64 else {"encoding_format": "float"}

    def call() -> None:
        reply = create(model=EMBED_DEPLOYMENT, input=texts, **kwargs)
        vectors = [_floats(item.embedding) for item in reply.data]
        assert len(vectors) == len(texts) and len(vectors[-1]) == dims

    return lambda: _ms(call)


def _httpx_round(url: str, texts: list[str], b64: bool, dims: int) -> Round:
    client = raw_sync(url)
    body = {"input": texts, "encoding_format": "base64" if b64 else "float"}

    def call() -> None:
        reply = json.loads(client.post(PATH, json=body).content)
        vectors = [_floats(item["embedding"]) for item in reply["data"]]
        assert len(vectors) == len(texts) and len(vectors[-1]) == dims

    return lambda: _ms(call)


def _row(ctx: Context, b64: bool) -> Row:
    url, rows, dims = ctx.url, ctx.sizes.embed_rows, ctx.sizes.embed_dims
    texts = [f"document number {i}" for i in range(rows)]
    contenders: dict[str, Round | str] = {
        "aoai": aoai_unavailable() or prepared(lambda: _sdk_round("aoai", url, texts, b64, dims)),
        "openai": prepared(lambda: _sdk_round("openai", url, texts, b64, dims)),
        "httpx": prepared(lambda: _httpx_round(url, texts, b64, dims)),
    }
    results = interleaved(contenders, rounds=ctx.rounds, budget_s=ctx.budget_s / 2)
    row = Row(
        f"5{'b' if b64 else 'a'}. embeddings {rows:,}x{dims:,}, {'base64' if b64 else 'float'}",
        "ms/call",
        goals=[Goal("openai", 0.6 if b64 else 1.0)],
    )
    for name in ("aoai", "openai", "httpx"):
        row.add(name, results[name])
    return row


def run(ctx: Context) -> list[Row]:
    rows = [_row(ctx, b64=False), _row(ctx, b64=True)]
    rows[1].note = "time to lists of floats; base64 decoded with array.array (numpy is not installed)"
    return rows
