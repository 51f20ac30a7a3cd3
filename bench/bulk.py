"""The bulk figure: a job of chat requests against a quota, `aoai bulk run` vs the official SDK.

`python -m bench.bulk` (or `make bench-bulk`): for each contender a fresh emulator in its own
process with one metered deployment (60,000 TPM / 600 RPM by default), the same requests:

- aoai: the real command, `aoai bulk run requests.jsonl --out results.jsonl` (paced,
  concurrency 50), in a subprocess; successes and failures read from its results file;
- openai: `AsyncAzureOpenAI` driven the way users write it: `asyncio.gather` over every
  request, a semaphore of 50, default retries (2, honouring `retry-after-ms`);
- openai-rerun: the same, then what a user does next to finish the job: run the failed
  requests again the same way, round after round, until none fails (at most 100 rounds).

429s are the emulator's own count of refused requests (every attempt). Goodput is
successful requests per minute of wall time. By construction the full run takes at least
(requests - burst) / RPM minutes per contender that finishes its job (about 7.5 min for
5,000 requests at 600 RPM), so it is not part of `make bench`; `--quick` runs a scaled
version (the same per-minute rates on a 6 s renewal period, 500 requests).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEPLOYMENT = "gpt-4o-mini"
API_VERSION = "2024-10-21"
API_KEY = "emulator-key"
WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "a",
    "lazy",
    "dog",
    "while",
    "seven",
    "wise",
    "owls",
]


def request_lines(count: int, seed: int = 17) -> list[dict[str, Any]]:
    """Chat requests of varied size; the emulator charges each about 100 tokens (prompt + max_tokens)."""
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 24)))
        body = {
            "model": DEPLOYMENT,
            "messages": [{"role": "user", "content": f"Summarise ticket {i}: {words}."}],
            "max_tokens": rng.randint(60, 100),
        }
        lines.append({"custom_id": f"task-{i}", "method": "POST", "url": "/chat/completions", "body": body})
    return lines


@contextmanager
def emulator(tpm: int, rpm: int, period: float) -> Iterator[str]:
    """A fresh emulator process with the quota on DEPLOYMENT; yields its base URL."""
    cmd = [
        sys.executable, "-m", "aoai_emulator", "--port", "0", "--api-key", API_KEY,
        "--quota", f"{DEPLOYMENT}={tpm}/{rpm}", "--quota-period", str(period),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        said: list[str] = []  # lines before the endpoint (e.g. versions it does not serve)
        for line in proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            if found is not None:
                break
            said.append(line)
        else:
            raise RuntimeError(f"emulator did not start: {''.join(said)!r} (exit {proc.poll()})")
        yield found.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def throttled(base_url: str) -> int:
    with urllib.request.urlopen(f"{base_url}/_emulator/quotas", timeout=10) as reply:
        return int(json.load(reply)[DEPLOYMENT]["throttled"])


def run_aoai(base_url: str, requests_file: Path, concurrency: int) -> dict[str, Any]:
    out = requests_file.with_name("results.jsonl")
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "AZURE_OPENAI_ENDPOINT": base_url,
        "AZURE_OPENAI_API_KEY": API_KEY,
        "OPENAI_API_VERSION": API_VERSION,
    }
    aoai = Path(sys.executable).with_name("aoai")
    cmd = [
        str(aoai),
        "bulk",
        "run",
        str(requests_file),
        "--out",
        str(out),
        "--no-progress",
        "-c",
        str(concurrency),
    ]
    started = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"aoai bulk run exited {done.returncode}: {done.stderr[-2000:]}")
    results = [json.loads(line) for line in out.read_text().splitlines()]
    ok = sum(1 for r in results if r["error"] is None)
    errors = Counter(r["error"]["type"] for r in results if r["error"] is not None)
    return {"succeeded": ok, "failed": len(results) - ok, "errors": dict(errors), "seconds": seconds}


async def _run_sdk(
    base_url: str, lines: list[dict[str, Any]], concurrency: int, rerun: bool
) -> dict[str, Any]:
    import openai

    client = openai.AsyncAzureOpenAI(azure_endpoint=base_url, api_key=API_KEY, api_version=API_VERSION)
    semaphore = asyncio.Semaphore(concurrency)

    async def one(body: dict[str, Any]) -> str:
        async with semaphore:
            try:
                await client.chat.completions.create(**body)
                return "ok"
            except openai.OpenAIError as exc:
                return type(exc).__name__

    started = time.monotonic()
    todo, rounds, first_errors = lines, 0, Counter[str]()
    while todo and rounds < (100 if rerun else 1):
        outcomes = await asyncio.gather(*(one(line["body"]) for line in todo))
        errors = Counter(o for o in outcomes if o != "ok")
        first_errors = first_errors or errors
        todo = [line for line, outcome in zip(todo, outcomes, strict=True) if outcome != "ok"]
        rounds += 1
    seconds = time.monotonic() - started
    await client.close()
    return {
        "succeeded": len(lines) - len(todo),
        "failed": len(todo),
        "errors": dict(first_errors if not rerun else Counter()),
        "rounds": rounds,
        "seconds": seconds,
    }


def measure(args: argparse.Namespace) -> list[dict[str, Any]]:
    lines = request_lines(args.requests)
    rows = []
    with tempfile.TemporaryDirectory(prefix="aoai-bench-bulk-") as tmp:
        requests_file = Path(tmp) / "requests.jsonl"
        requests_file.write_text("".join(json.dumps(line) + "\n" for line in lines))
        for name in args.contenders:
            with emulator(args.tpm, args.rpm, args.period) as url:
                print(f"running {name}: {args.requests} requests ...", file=sys.stderr, flush=True)
                if name == "aoai":
                    row = run_aoai(url, requests_file, args.concurrency)
                else:
                    row = asyncio.run(_run_sdk(url, lines, args.concurrency, rerun=name == "openai-rerun"))
                row["throttled"] = throttled(url)
            row["contender"] = name
            row["requests"] = args.requests
            row["goodput"] = row["succeeded"] / row["seconds"] * 60
            rows.append(row)
            print(describe(row), file=sys.stderr, flush=True)
    return rows


def describe(row: dict[str, Any]) -> str:
    share = row["throttled"] / row["requests"] * 100
    return (
        f"{row['contender']:>6}: {row['succeeded']}/{row['requests']} succeeded, {row['failed']} failed "
        f"{row['errors'] or ''}, {row['throttled']} 429s ({share:.1f} % of requests), "
        f"{row['seconds']:.1f} s wall, goodput {row['goodput']:.0f} requests/min"
        + (f", {row['rounds']} rounds" if "rounds" in row else "")
    )


def table(rows: list[dict[str, Any]], args: argparse.Namespace) -> str:
    head = (
        f"Bulk job: {args.requests} chat requests, one deployment metered at {args.tpm} tokens / "
        f"{args.rpm} requests per {args.period:g} s, concurrency {args.concurrency}\n\n"
        "| contender | succeeded | failed | 429s (share of requests) | wall time | goodput (successes/min) "
        "| rounds |\n|---|---|---|---|---|---|---|\n"
    )
    body = "".join(
        f"| {r['contender']} | {r['succeeded']} | {r['failed']} | {r['throttled']} "
        f"({r['throttled'] / r['requests'] * 100:.1f} %) | {r['seconds']:.1f} s | {r['goodput']:.0f} "
        f"| {r.get('rounds', 1)} |\n"
        for r in rows
    )
    return head + body


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bulk", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--tpm", type=int, default=60_000, help="tokens per renewal period")
    parser.add_argument("--rpm", type=int, default=600, help="requests per renewal period")
    parser.add_argument("--period", type=float, default=60.0, help="renewal period, seconds")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--contender", dest="contenders", action="append", choices=("aoai", "openai", "openai-rerun")
    )
    parser.add_argument("--quick", action="store_true", help="500 requests, same rates on a 6 s period")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    args.contenders = args.contenders or ["aoai", "openai", "openai-rerun"]
    if args.quick:
        args.requests, args.tpm, args.rpm, args.period = 500, args.tpm // 10, args.rpm // 10, args.period / 10
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows = measure(args)
    print(table(rows, args))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
