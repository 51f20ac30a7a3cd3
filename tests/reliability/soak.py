"""Fault soak: thousands of chat requests against the emulator under a seeded 26 % fault plan.

Run it as `python -m tests.reliability.soak [--full]` (`make soak` runs `--full`: 10,000
requests); `test_soak.py` runs the small profile in CI and asserts the same goals.

Why the emulator's counters: the client cannot be trusted to report its own attempts, so
each logical request carries its own `x-aoai-test-id` and the emulator counts what really
arrived, and which fault it injected into each attempt. That is what lets the report say
"sent more often than allowed", and catch a success whose last attempt was in fact faulted.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import aoai
import httpx2

from tests.reliability import soak_run
from tests.reliability._support import (
    API_VERSION,
    busy_connections,
    fast_backoff,
    open_fds,
    settle,
    thread_names,
)
from tests.reliability.fault_oracle import BENIGN, expected_errors, retried

#: 26 % of attempts are faulted, over every kind issues 10 and 18 name: the service's errors and
#: broken connections (20 %), and replies spoiled the way gateways spoil them (6 %: a corrupt gzip
#: body, a redirect loop, no content type, no [DONE], invalid JSON, an empty body). Drawn per
#: attempt by the emulator.
FAULT_RATES = {
    "429": 0.04,
    "500": 0.02,
    "502": 0.02,
    "503": 0.03,
    "504": 0.02,
    "reset": 0.03,
    "cut": 0.02,
    "stall": 0.02,
    "gzip": 0.01,
    "redirect": 0.01,
    "no-content-type": 0.01,
    "no-done": 0.01,
    "bad-json": 0.01,
    "empty": 0.01,
}


@dataclass(frozen=True)
class Profile:
    name: str
    requests: int
    threads: int = 16
    tasks: int = 32
    seed: int = 20261125
    # The client's read timeout; stalls last longer, so each one is a read timeout. Not shorter:
    # on a loaded machine (the emulator shares this process) a 0.5 s bound timed out replies that
    # were merely late, and a late 429 is not a stall.
    read_timeout: float = 2.0
    stall_seconds: float = 5.0
    deadline: float = 600.0  # per phase; a request without an outcome by then is lost


SMALL = Profile("small", requests=300, threads=8, tasks=16, deadline=120.0)
FULL = Profile("full", requests=10_000, deadline=1200.0)


@dataclass
class Report:
    profile: str
    requests: int = 0
    successes: int = 0
    typed: collections.Counter[str] = field(default_factory=collections.Counter)
    untyped: collections.Counter[str] = field(default_factory=collections.Counter)
    untyped_examples: list[str] = field(default_factory=list)
    lost: int = 0
    attempts_histogram: collections.Counter[int] = field(default_factory=collections.Counter)
    total_attempts: int = 0
    over_sent: list[str] = field(default_factory=list)
    never_arrived: list[str] = field(default_factory=list)
    faults_injected: collections.Counter[str] = field(default_factory=collections.Counter)
    silent_successes: list[str] = field(default_factory=list)  # ok, yet the last attempt was faulted
    wrong_class: list[str] = field(default_factory=list)  # typed, but not the class the fault implies
    under_retried: list[str] = field(default_factory=list)  # gave up on a retryable fault too early
    busy_connections_after: int = 0
    fds_before: int = 0
    fds_after: int = 0
    threads_before: list[str] = field(default_factory=list)
    threads_after: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    def problems(self) -> list[str]:
        """The goals, as a list of what failed (empty means all met)."""
        checks = {
            "untyped exceptions": sum(self.untyped.values()),
            "lost requests": self.lost,
            "requests sent more often than max_retries + 1": len(self.over_sent),
            "requests the emulator never saw": len(self.never_arrived),
            "successes whose last attempt was faulted": len(self.silent_successes),
            "failures with the wrong exception class": len(self.wrong_class),
            "failures that stopped retrying early": len(self.under_retried),
            "connections still checked out": self.busy_connections_after,
            "leaked file descriptors": max(0, self.fds_after - self.fds_before),
            "leaked threads": len(set(self.threads_after) - set(self.threads_before)),
        }
        return [f"{name}: {count}" for name, count in checks.items() if count]


def classify(report: Report, outcome: soak_run.Outcome, stats: dict[str, Any]) -> None:
    """Fold one request's outcome and the emulator's record of it into the report."""
    spec = outcome.spec
    attempts = int(stats["attempts"])
    report.attempts_histogram[attempts] += 1
    report.total_attempts += attempts
    faults = [r.get("fault") for r in stats["requests"]]
    report.faults_injected.update(f for f in faults if f)
    last_fault = faults[-1] if faults else None
    if attempts == 0:
        report.never_arrived.append(spec.test_id)
    if attempts > spec.max_retries + 1:
        report.over_sent.append(f"{spec.test_id}: {attempts} > {spec.max_retries + 1}")
    if outcome.result == "ok":
        report.successes += 1
        if last_fault and last_fault not in BENIGN:
            report.silent_successes.append(f"{spec.test_id}: {last_fault}")
        return
    if not outcome.typed:
        report.untyped[outcome.result] += 1
        if len(report.untyped_examples) < 10:
            report.untyped_examples.append(f"{spec.test_id}: {outcome.detail}")
        return
    report.typed[outcome.result] += 1
    expected = expected_errors(last_fault, spec.stream) if last_fault else set()
    if last_fault and outcome.result not in expected:
        report.wrong_class.append(f"{spec.test_id}: {last_fault} -> {outcome.result}")
    if last_fault and retried(last_fault, spec.stream) and attempts < spec.max_retries + 1:
        report.under_retried.append(f"{spec.test_id}: {attempts} of {spec.max_retries + 1} ({last_fault})")


def run(profile: Profile, *, requests: int | None = None, seed: int | None = None) -> Report:
    """Start an emulator with the fault plan, run both phases at once, and build the report."""
    from aoai_emulator.testing import running_emulator

    count = requests if requests is not None else profile.requests
    seed = profile.seed if seed is None else seed
    report = Report(profile=profile.name, requests=count)
    plan = {"seed": seed, "rates": FAULT_RATES, "params": {"retry-after-ms": "3"}}
    specs = soak_run.make_specs(count, seed, uuid.uuid4().hex[:8])
    with running_emulator(fault_plan=plan, stall_seconds=profile.stall_seconds) as emu, fast_backoff():
        timeout = httpx2.Timeout(10.0, read=profile.read_timeout)
        settings: dict[str, Any] = {"azure_endpoint": emu.base_url, "api_key": emu.api_key}
        settings["api_version"] = API_VERSION
        settings["timeout"] = timeout
        report.fds_before, report.threads_before = open_fds(), thread_names()
        started = time.perf_counter()
        sync_specs = [s for s in specs if s.flavour == "sync"]
        async_specs = [s for s in specs if s.flavour == "async"]
        sync_client = aoai.AzureOpenAI(**settings)
        sync_result: list[soak_run.Outcome] = []
        worker = threading.Thread(
            target=lambda: sync_result.extend(
                soak_run.run_sync(sync_client, sync_specs, profile.threads, profile.deadline)
            ),
            name="soak-sync-phase",
        )
        worker.start()
        async_result, async_busy = soak_run.run_async(
            lambda: aoai.AsyncAzureOpenAI(**settings), async_specs, profile.tasks, profile.deadline
        )
        worker.join(profile.deadline + 60)
        report.wall_seconds = time.perf_counter() - started
        report.busy_connections_after = busy_connections(sync_client) + async_busy
        sync_client.close()
        outcomes = sync_result + async_result
        report.lost = count - len(outcomes)
        for outcome in outcomes:
            classify(report, outcome, emu.stats(outcome.spec.test_id))
        report.fds_after = settle(open_fds, report.fds_before)
        baseline = set(report.threads_before)
        settle(lambda: len(set(thread_names()) - baseline), 0)
        report.threads_after = thread_names()
    return report


def render(report: Report) -> str:
    rate = report.requests / report.wall_seconds if report.wall_seconds else 0.0
    lines = [
        f"aoai fault soak ({report.profile} profile)",
        f"  requests               {report.requests}",
        f"  successes              {report.successes}",
        f"  typed exceptions       {sum(report.typed.values())}  {dict(sorted(report.typed.items()))}",
        f"  untyped exceptions     {sum(report.untyped.values())}  {dict(report.untyped)}",
        f"  lost requests          {report.lost}",
        f"  attempts (emulator)    {report.total_attempts} total; per request {dict(sorted(report.attempts_histogram.items()))}",
        f"  faults injected        {sum(report.faults_injected.values())}  {dict(sorted(report.faults_injected.items()))}",
        f"  over max_retries + 1   {len(report.over_sent)}",
        f"  silent successes       {len(report.silent_successes)}",
        f"  wrong exception class  {len(report.wrong_class)}",
        f"  stopped retrying early {len(report.under_retried)}",
        f"  connections busy after {report.busy_connections_after}",
        f"  file descriptors       {report.fds_before} before, {report.fds_after} after",
        f"  threads                {len(report.threads_before)} before, {len(report.threads_after)} after",
        f"  wall time              {report.wall_seconds:.1f} s ({rate:.0f} requests/s)",
    ]
    for example in report.untyped_examples + report.over_sent[:5] + report.silent_successes[:5]:
        lines.append(f"    ! {example}")
    for example in report.wrong_class[:5] + report.under_retried[:5]:
        lines.append(f"    ! {example}")
    problems = report.problems()
    lines.append(
        "  goals                  " + ("all met" if not problems else "FAILED: " + "; ".join(problems))
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="10,000 requests (default: the small CI profile)")
    parser.add_argument("--requests", type=int, help="override the profile's request count")
    parser.add_argument("--seed", type=int, help="override the fault plan's seed")
    parser.add_argument("--json", action="store_true", help="print the report as JSON too")
    args = parser.parse_args(argv)
    # A stream without [DONE] is logged as a WARNING by design; here it is one of the faults.
    logging.getLogger("aoai").setLevel(logging.ERROR)
    report = run(FULL if args.full else SMALL, requests=args.requests, seed=args.seed)
    print(render(report))
    if args.json:
        print(json.dumps(report.__dict__, default=list, indent=2))
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
