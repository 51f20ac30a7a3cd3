"""`python -m bench`: run the figures, print one table with the run's conditions.

The header records what a reader needs to trust or distrust the numbers: date,
versions, the server, and how loaded the machine was before and after (the
machine may be shared; the medians and spreads are only as good as that).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import servers
from .context import Context
from .figures import DEFAULT, FIGURES, runner
from .model import Row
from .servers import Sizes
from .table import render

QUICK = Sizes(stream_chunks=200, embed_rows=16, embed_dims=1536)


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _aoai_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=servers.ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _pressure(resource: str, kind: str) -> str | None:
    """Linux PSI avg60 (% of the last minute something stalled on `resource`), if the kernel has it."""
    try:
        for line in Path(f"/proc/pressure/{resource}").read_text().splitlines():
            if line.startswith(kind):
                return line.split("avg60=")[1].split()[0]
    except (OSError, IndexError):
        pass
    return None


def _load() -> str:
    one, five, _ = os.getloadavg()
    text = f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"
    cpu, memory = _pressure("cpu", "some"), _pressure("memory", "full")
    if cpu is not None and memory is not None:
        text += f", stalled on CPU {cpu}% / on memory {memory}% of the last minute (PSI)"
    return text


def header(args: argparse.Namespace) -> str:
    return "\n".join(
        [
            f"# aoai benchmarks — {datetime.date.today().isoformat()}"
            + (
                " (--quick: tiny sizes, one round; checks the benchmarks run, numbers mean nothing)"
                if args.quick
                else ""
            ),
            "",
            f"- Python {platform.python_version()} on {platform.system()} {platform.machine()}, {_load()} at start",
            f"- aoai {_version('aoai')} (git {_aoai_revision()}), openai {_version('openai')}, "
            f"httpx2 {_version('httpx2')} / httpcore2 {_version('httpcore2')} (aoai, openai and the raw column all run on it)",
            f"- server: {servers.DESCRIPTION}",
            f"- up to {args.rounds} measured rounds per figure after a warm-up (n: fewest any contender got; "
            "import takes at least 12, async and generate at most 5, memory at most 3), contenders interleaved; "
            "cells are median ±half the interquartile range",
            "",
        ]
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description="aoai vs openai vs raw httpx")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 round: checks the benchmarks run")
    parser.add_argument("--rounds", type=int, default=None, help="measured rounds per figure (default 7)")
    parser.add_argument(
        "--only", action="append", choices=list(FIGURES), help="run only this figure (repeatable)"
    )
    parser.add_argument("--json", metavar="PATH", help="also write every raw sample to PATH")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = 1 if args.quick else 7
    args.rounds = max(1, args.rounds)
    return args


#: Figures that measure in child processes (fresh interpreters, the generator).
IN_CHILDREN = ("import", "memory", "generate")


def _figure(name: str, ctx: Context) -> list[Row]:
    t0 = time.monotonic()
    rows = runner(name)(ctx)
    print(f"  {name}: {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
    return rows


def run_figures(ctx: Context, names: list[str]) -> list[Row]:
    """The rows of `names`, in that order.

    A measured run takes one figure at a time. `--quick` only checks that every figure runs
    (its numbers mean nothing), so there the figures that measure in child processes run in
    a thread beside the in-process ones: CI's time, halved on two CPUs.
    """
    if not ctx.quick:
        return [row for name in names for row in _figure(name, ctx)]
    _ = ctx.url  # start the server now, before two threads could race to
    aside = [name for name in names if name in IN_CHILDREN]
    with ThreadPoolExecutor(max_workers=1) as pool:
        later = pool.submit(lambda: {name: _figure(name, ctx) for name in aside})
        done = {name: _figure(name, ctx) for name in names if name not in aside}
        done.update(later.result())
    return [row for name in names for row in done[name]]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.monotonic()
    head = header(args)
    print(head, flush=True)
    ctx = Context(
        quick=args.quick,
        rounds=args.rounds,
        sizes=QUICK if args.quick else Sizes(),
        budget_s=10.0 if args.quick else 45.0,  # keeps `make bench` well under 5 minutes
    )
    try:
        rows = run_figures(ctx, args.only or DEFAULT)
    finally:
        ctx.close()
    print()
    print(render(rows))
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"header": head, "rows": [row.as_json() for row in rows]}, out, indent=1)
    print(f"\n{_load()} at end; whole run {time.monotonic() - started:.0f} s")
    return 0
