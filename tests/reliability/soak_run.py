"""The soak's two load generators: sync requests on a thread pool, async requests as tasks.

Why both: the sync and async clients share the retry policy but not the code that drives
it (`SyncHTTPClient` / `AsyncHTTPClient`, `Stream` / `AsyncStream`), so each needs its own
load. Every logical request is classified exactly once, as a result, a typed `aoai`
exception or an untyped one; a request that never reports by the deadline is *lost*.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
from dataclasses import dataclass
from typing import Any

import aoai

from tests.reliability._support import DEPLOYMENT, MESSAGES, TEST_ID_HEADER


@dataclass(frozen=True)
class Spec:
    """One logical request: its id (the emulator counts attempts by it) and how it is made."""

    index: int
    test_id: str
    flavour: str  # "sync" | "async"
    stream: bool
    max_retries: int


@dataclass(frozen=True)
class Outcome:
    spec: Spec
    result: str  # "ok", or the exception's class name
    typed: bool = True
    detail: str = ""


def make_specs(count: int, seed: int, run: str) -> list[Spec]:
    """Half sync, half async; streaming and the per-call `max_retries` (0-3) drawn from `seed`."""
    rng = random.Random(seed)
    return [
        Spec(
            index=i,
            test_id=f"soak-{run}-{i}",
            flavour="sync" if i % 2 == 0 else "async",
            stream=rng.random() < 0.5,
            max_retries=rng.choice((0, 1, 2, 3)),
        )
        for i in range(count)
    ]


def _call_kwargs(spec: Spec) -> dict[str, Any]:
    return {
        "model": DEPLOYMENT,
        "messages": MESSAGES,
        "max_retries": spec.max_retries,
        "extra_headers": {TEST_ID_HEADER: spec.test_id},
    }


def _failed(spec: Spec, exc: BaseException) -> Outcome:
    if isinstance(exc, aoai.AzureOpenAIError):
        return Outcome(spec, type(exc).__name__)
    return Outcome(spec, type(exc).__name__, typed=False, detail=repr(exc)[:300])


def _check_completion(completion: Any) -> None:
    if not completion.choices:
        raise AssertionError(f"a completion without choices: {completion!r:.200}")


def one_sync(client: aoai.AzureOpenAI, spec: Spec) -> Outcome:
    try:
        if spec.stream:
            with client.chat.completions.create(stream=True, **_call_kwargs(spec)) as stream:
                _check_completion(stream.get_final_completion())
        else:
            _check_completion(client.chat.completions.create(**_call_kwargs(spec)))
    except Exception as exc:
        return _failed(spec, exc)
    return Outcome(spec, "ok")


async def one_async(client: aoai.AsyncAzureOpenAI, spec: Spec) -> Outcome:
    try:
        if spec.stream:
            stream = await client.chat.completions.create(stream=True, **_call_kwargs(spec))
            async with stream:
                _check_completion(await stream.get_final_completion())
        else:
            _check_completion(await client.chat.completions.create(**_call_kwargs(spec)))
    except Exception as exc:
        return _failed(spec, exc)
    return Outcome(spec, "ok")


def run_sync(client: aoai.AzureOpenAI, specs: list[Spec], threads: int, deadline: float) -> list[Outcome]:
    """Run on `threads` worker threads; what has not finished after `deadline` seconds is lost."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="soak-sync")
    futures = [pool.submit(one_sync, client, spec) for spec in specs]
    done, pending = concurrent.futures.wait(futures, timeout=deadline)
    for future in pending:
        future.cancel()
    # A thread stuck in a hung request would block shutdown(wait=True): only wait when all finished.
    pool.shutdown(wait=not pending, cancel_futures=True)
    return [f.result() for f in futures if f in done]


async def _run_async(
    client: aoai.AsyncAzureOpenAI, specs: list[Spec], tasks: int, deadline: float
) -> list[Outcome]:
    gate = asyncio.Semaphore(tasks)

    async def gated(spec: Spec) -> Outcome:
        async with gate:
            return await one_async(client, spec)

    running = [asyncio.create_task(gated(spec)) for spec in specs]
    done, pending = await asyncio.wait(running, timeout=deadline)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [t.result() for t in running if t in done]


def run_async(
    client_factory: Any, specs: list[Spec], tasks: int, deadline: float
) -> tuple[list[Outcome], int]:
    """Run on a fresh event loop (closed after, so its executor threads go too).

    Returns the outcomes and the connections still checked out of the client's pool when the
    last task finished (before the client is closed), which must be 0.
    """
    from tests.reliability._support import busy_connections

    async def main() -> tuple[list[Outcome], int]:
        client = client_factory()
        try:
            outcomes = await _run_async(client, specs, tasks, deadline)
            return outcomes, busy_connections(client)
        finally:
            await client.aclose()

    return asyncio.run(main())
