"""Figure 1: `import` + client construction, time and RSS, one fresh interpreter per sample.

Timed inside the child from just before the import to just after the client
exists, so interpreter start-up (the same for everyone) stays out; RSS is read
from /proc right after. A third row adds the first chat call, so cost that a
lazy import merely moves to the first request is not hidden. One child gives
all the numbers, so the rows come from the same samples. Memory is shown both
whole-process and as what the import added, since the interpreter's own ~10 MiB
belongs to no contender.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from ..contenders import KEY, MESSAGES, aoai_unavailable
from ..context import Context
from ..model import Goal, Row
from ..payloads import API_VERSION, DEPLOYMENT
from ..rounds import Round, interleaved
from ..servers import ROOT

# httpx's __init__ imports its CLI (click + rich + pygments) whenever all three are
# installed. This dev venv has rich and pygments (typer and schemathesis pull them in);
# a user's `pip install aoai` does not. Mapping a module to None in sys.modules makes
# its import raise ImportError, exactly as if it were not installed.
USER_INSTALL = "import sys; sys.modules.update(rich=None, pygments=None)"

_PROBE = """
{prelude}
import json, os, time
def rss():
    pages = int(open("/proc/self/statm").read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
base = rss()
t0 = time.perf_counter()
{setup}
t1 = time.perf_counter()
after = rss()
try:
{first_call}
    first = (time.perf_counter() - t0) * 1e3
except Exception:
    first = None
print(json.dumps({{"construct_ms": (t1 - t0) * 1e3, "rss_mib": after, "added_mib": after - base,
                  "first_call_ms": first}}))
"""

_SDK = """import {name}
client = {name}.AzureOpenAI(azure_endpoint={url!r}, api_key={key!r}, api_version={version!r})"""
_SDK_CALL = "    client.chat.completions.create(model={deployment!r}, messages={messages!r})"
_RAW = """import httpx2, json
client = httpx2.Client(base_url={url!r}, headers={{"api-key": {key!r}}})"""
_RAW_CALL = (
    "    json.loads(client.post('/openai/deployments/{deployment}/chat/completions"
    "?api-version={version}', json={{'messages': {messages!r}}}).content)"
)
KEYS = ("construct_ms", "rss_mib", "added_mib", "first_call_ms")


def _script(name: str, url: str, prelude: str = "") -> str:
    fmt: dict[str, Any] = dict(name=name, url=url, key=KEY, version=API_VERSION)
    fmt.update(deployment=DEPLOYMENT, messages=MESSAGES)
    setup, first = (_RAW, _RAW_CALL) if name == "httpx" else (_SDK, _SDK_CALL)
    return _PROBE.format(prelude=prelude, setup=setup.format(**fmt), first_call=first.format(**fmt))


def _sample(script: str, kept: list[dict[str, float | None]]) -> Round:
    """One child per call; its three numbers go to `kept`, the construct time to the runner."""

    def one() -> float:
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
        )
        if out.returncode:
            raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
        values: dict[str, float | None] = json.loads(out.stdout.strip().splitlines()[-1])
        kept.append(values)
        return values["construct_ms"] or 0.0

    return one


def _rows(ctx: Context, rows: list[Row], prelude: str) -> None:
    rounds = max(ctx.rounds, 2 if ctx.quick else 12)
    kept: dict[str, list[dict[str, float | None]]] = {name: [] for name in ("aoai", "openai", "httpx")}
    contenders: dict[str, Round | str] = {
        name: _sample(_script(name, ctx.url, prelude), kept[name]) for name in kept
    }
    if reason := aoai_unavailable():
        contenders["aoai"] = reason
    results = interleaved(contenders, rounds=rounds, warmup=1, budget_s=ctx.budget_s / 2)
    for name, samples in kept.items():
        outcome = results[name]
        for row, key in zip(rows, KEYS, strict=True):
            if isinstance(outcome, str):
                row.add(name, outcome)
                continue
            values = [v for s in samples[1:] if (v := s[key]) is not None]  # [0] was the warm-up
            row.add(name, values if values else "the first call failed")


def run(ctx: Context) -> list[Row]:
    rows = [
        Row("1a. import + construct client", "ms", goals=[Goal("openai", 0.33)]),
        Row("1b. RSS after import + construct", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1c. RSS added by import + construct", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1d. import + construct + first chat call", "ms"),
    ]
    user = [
        Row("1e. as 1a, user install (no rich/pygments)", "ms", goals=[Goal("openai", 0.33)]),
        Row("1f. as 1b, user install (no rich/pygments)", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1g. as 1c, user install (no rich/pygments)", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1h. as 1d, user install (no rich/pygments)", "ms"),
    ]
    _rows(ctx, rows, "")
    _rows(ctx, user, USER_INSTALL)
    user[0].note = (
        "rich and pygments hidden: in this dev venv they make `import httpx` load its CLI "
        "(click + rich + pygments, ~4 MiB, ~35 ms); `pip install aoai` does not install them"
    )
    rows += user
    rows[0].note = "fresh interpreter per sample; httpx column: `import httpx2` + `httpx2.Client()`"
    rows[1].note = "whole-process RSS, the bare interpreter's included"
    rows[2].note = "1b minus the RSS of the same interpreter just before the import"
    return rows
