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
import tempfile
from pathlib import Path
from typing import Any

from ..contenders import KEY, MESSAGES, aoai_unavailable
from ..context import Context
from ..model import Goal, Row
from ..payloads import API_VERSION, DEPLOYMENT
from ..rounds import Round, interleaved
from ..servers import ROOT
from ..venvs import python

# Without the user venvs (bench.venvs), the user rows are simulated in the dev venv:
# httpx2's __init__ imports its CLI (click + rich + pygments) whenever all three are
# installed, and this dev venv has rich and pygments (dev tools pull them in); a user's
# `pip install aoai` does not. Mapping a module to None in sys.modules makes its import
# raise ImportError, exactly as if it were not installed.
SIMULATED_USER = "import sys; sys.modules.update(rich=None, pygments=None)"

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


def _sample(script: str, kept: list[dict[str, float | None]], exe: Path | None, cwd: Path) -> Round:
    """One child per call; its numbers go to `kept`, the construct time to the runner."""

    def one() -> float:
        out = subprocess.run(
            [str(exe or sys.executable), "-c", script],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if out.returncode:
            raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed")
        values: dict[str, float | None] = json.loads(out.stdout.strip().splitlines()[-1])
        kept.append(values)
        return values["construct_ms"] or 0.0

    return one


def _rows(ctx: Context, rows: list[Row], prelude: str, exes: dict[str, Path | None]) -> None:
    rounds, warmup = (1, 0) if ctx.quick else (max(ctx.rounds, 12), 1)
    kept: dict[str, list[dict[str, float | None]]] = {name: [] for name in ("aoai", "openai", "httpx")}
    with tempfile.TemporaryDirectory(prefix="aoai-bench-import-") as tmp:
        # A user venv's child runs outside the checkout, so nothing of it is on sys.path.
        contenders: dict[str, Round | str] = {
            name: _sample(
                _script(name, ctx.url, prelude), kept[name], exes.get(name), ROOT if not exes else Path(tmp)
            )
            for name in kept
        }
        if reason := aoai_unavailable():
            contenders["aoai"] = reason
        results = interleaved(contenders, rounds=rounds, warmup=warmup, budget_s=ctx.budget_s / 2)
    for name, samples in kept.items():
        outcome = results[name]
        for row, key in zip(rows, KEYS, strict=True):
            if isinstance(outcome, str):
                row.add(name, outcome)
                continue
            values = [v for s in samples[warmup:] if (v := s[key]) is not None]
            row.add(name, values if values else "the first call failed")


def _user_venvs() -> dict[str, Path | None]:
    """Each contender's user-install interpreter, or {} when `make bench-venvs` has not built them."""
    aoai, openai = python("user-aoai"), python("user-openai")
    if aoai is None or openai is None:
        return {}
    return {"aoai": aoai, "openai": openai, "httpx": aoai}  # raw httpx2: as aoai's install has it


def run(ctx: Context) -> list[Row]:
    rows = [
        Row("1a. import + construct client, dev venv", "ms"),
        Row("1b. RSS after import + construct, dev venv", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1c. RSS added by import + construct, dev venv", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1d. import + construct + first chat call, dev venv", "ms"),
    ]
    user = [
        Row("1e. as 1a, user install", "ms", goals=[Goal("openai", 0.2)]),
        Row("1f. as 1b, user install", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1g. as 1c, user install", "MiB", goals=[Goal("openai", 0.5)]),
        Row("1h. as 1d, user install", "ms"),
    ]
    _rows(ctx, rows, "", {})
    venvs = _user_venvs()
    if ctx.quick:  # CI's time: the same code as the dev rows, with another interpreter
        for row in user:
            for name in ("aoai", "openai", "httpx"):
                row.add(name, "--quick measures the dev venv only")
        return rows + user
    _rows(ctx, user, "" if venvs else SIMULATED_USER, venvs)
    user[0].note = (
        "fresh venvs with no extras (`python -m bench.venvs`): aoai from a wheel of this checkout, "
        "`openai` at the dev venv's version; httpx column: httpx2 in aoai's venv"
        if venvs
        else "SIMULATED (no `make bench-venvs` yet): dev venv with rich and pygments hidden, which "
        "make `import httpx2` load its CLI; `pip install aoai` does not install them"
    )
    rows += user
    rows[0].note = "fresh interpreter per sample; httpx column: `import httpx2` + `httpx2.Client()`"
    rows[1].note = "whole-process RSS, the bare interpreter's included"
    rows[2].note = "1b minus the RSS of the same interpreter just before the import"
    return rows
