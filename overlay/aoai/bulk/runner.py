"""Running a bulk job: bounded concurrency over one async client, each result written as it lands.

Pacing is the client's (`AsyncAzureOpenAI(..., pacing=True)`, what `aoai bulk run` builds):
the runner only keeps `concurrency` requests going and never sends faster than that
itself, so the quota, not the runner, sets the pace. Requests go through the facade
(`chat.completions` / `embeddings`), so the deployment in each body's `model` is routed
the way the client's api-version routes it, and the result is the service's reply body as
sent (`with_raw_response`, no model decoding). A request whose body the facade refuses (an
unknown field, a bad deployment name) is reported like a bad line and not written, so
the fixed line runs on the next run; a request the service refuses is a result like any.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx2

from aoai.bulk.progress import Progress
from aoai.bulk.requests import BadLine, BulkRequest, read_requests
from aoai.bulk.results import ResultLog, error_line, result_line
from aoai.errors import AzureOpenAIError

DEFAULT_CONCURRENCY = 50


@attrs.define
class BulkSummary:
    """What a run did. `throttled` counts every 429 reply (retried ones too)."""

    total: int = 0  #: valid requests in the file
    skipped: int = 0  #: already in the results file from an earlier run
    succeeded: int = 0
    failed: int = 0
    bad_lines: int = 0
    throttled: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def finished(self) -> int:
        return self.succeeded + self.failed

    @property
    def goodput(self) -> float:
        """Successful requests per minute of this run."""
        return self.succeeded / self.seconds * 60 if self.seconds > 0 else 0.0

    def describe(self) -> str:
        head = "interrupted" if self.interrupted else "done"
        skipped = f", {self.skipped} already done" if self.skipped else ""
        return (
            f"{head}: {self.succeeded} succeeded, {self.failed} failed, {self.bad_lines} bad lines"
            f"{skipped}; {self.throttled} 429s; {self.seconds:.1f} s ({self.goodput:.0f} requests/min)"
        )


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def _send(client: Any, request: BulkRequest) -> Any:
    body = dict(request.body)
    if request.route == "/chat/completions":
        return await client.chat.completions.with_raw_response.create(**body)
    # The facade asks for base64 when no format is given; a job's results hold what the service sends.
    body.setdefault("encoding_format", "float")
    return await client.embeddings.with_raw_response.create(**body)


def _reply_body(response: httpx2.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


class _Job:
    def __init__(
        self, client: Any, log: ResultLog, summary: BulkSummary, progress: Progress, path: Path
    ) -> None:
        self.client = client
        self.log = log
        self.summary = summary
        self.progress = progress
        self.path = path

    async def work(self, queue: Iterator[BulkRequest]) -> None:
        for request in queue:  # one iterator shared by the workers: each request is taken once
            await self.run_one(request)

    async def run_one(self, request: BulkRequest) -> None:
        try:
            raw = await _send(self.client, request)
        except AzureOpenAIError as exc:
            line = error_line(request.custom_id, exc)
            self.summary.failed += 1
        except (TypeError, ValueError, NotImplementedError) as exc:
            # The facade refused the body before sending: the line is wrong, not the service.
            self.summary.bad_lines += 1
            self.progress.note(BadLine(request.line, f"{type(exc).__name__}: {exc}").describe(self.path))
            self.progress.advance(self.summary)
            return
        else:
            line = result_line(
                request.custom_id, raw.status_code, raw.request_id, _reply_body(raw.http_response)
            )
            self.summary.succeeded += 1
        self.log.write(line)
        self.progress.advance(self.summary)

    async def count_throttled(self, response: httpx2.Response) -> None:
        if response.status_code == 429:
            self.summary.throttled += 1


async def run_bulk(
    client: Any,
    requests_path: str | Path,
    results_path: str | Path,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: bool = False,
    report: Callable[[str], None] = _stderr,
    summary: BulkSummary | None = None,
) -> BulkSummary:
    """Run every request of `requests_path` not yet in `results_path` with an `AsyncAzureOpenAI`.

    Bad lines go to `report` (stderr by default) with their line number. Cancelling (Ctrl-C)
    stops the run; whatever finished is already in the results file, and `summary` (pass
    your own to read it after an interruption) says `interrupted`. Rerun with the same
    files to finish the job.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be an integer >= 1, got {concurrency!r}")
    path = Path(requests_path)
    summary = summary if summary is not None else BulkSummary()
    requests: list[BulkRequest] = []
    for item in read_requests(path):
        if isinstance(item, BadLine):
            summary.bad_lines += 1
            report(item.describe(path))
        else:
            requests.append(item)
    summary.total = len(requests)
    with ResultLog(results_path) as log:
        pending = [r for r in requests if r.custom_id not in log.done]
        summary.skipped = summary.total - len(pending)
        bar = Progress(len(pending), enabled=progress, report=report)
        job = _Job(client, log, summary, bar, path)
        hooks = client.http_client.event_hooks["response"]
        hooks.append(job.count_throttled)
        queue = iter(pending)
        started = time.monotonic()
        try:
            async with anyio.create_task_group() as group:
                for _ in range(min(concurrency, len(pending))):
                    group.start_soon(job.work, queue)
        except BaseException:
            summary.interrupted = True
            raise
        finally:
            summary.seconds = time.monotonic() - started
            hooks.remove(job.count_throttled)
            bar.close()
    return summary


def run_bulk_sync(
    client_factory: Callable[[], Any], requests_path: str | Path, results_path: str | Path, **options: Any
) -> BulkSummary:
    """`run_bulk` from synchronous code: the async client is built (and closed) inside the run's loop."""

    async def main() -> BulkSummary:
        client = client_factory()
        try:
            return await run_bulk(client, requests_path, results_path, **options)
        finally:
            await client.aclose()

    return anyio.run(main)


__all__ = ["DEFAULT_CONCURRENCY", "BulkSummary", "run_bulk", "run_bulk_sync"]
