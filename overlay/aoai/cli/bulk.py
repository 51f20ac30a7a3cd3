"""`aoai bulk run`: run a JSONL of chat/embeddings requests to the end, paced to the quota, resumable.

The input is Azure's batch-file format (`custom_id`, `method`, `url`, `body` with the
deployment as `model`); results are appended to `--out` as each request finishes. Run
the same command again after a crash or Ctrl-C and it picks up where it stopped.
Exit status: 0 when every request succeeded, 1 when any failed or a line was bad,
130 when interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from aoai.cli._connection import Connection, connection_options
from aoai.cli._report import EXIT_FAILURE, EXIT_INTERRUPTED, fail, reported

#: A paced job still meets the odd 429 (another client on the same quota); give each request room.
BULK_MAX_RETRIES = 8


@click.group()
def bulk() -> None:
    """Run many requests from a JSONL file (Azure's batch-file format)."""


@bulk.command()
@click.argument("requests", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "results",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Results JSONL; appended to, and read first to skip what is already done.",
)
@click.option(
    "-c",
    "--concurrency",
    default=50,
    show_default=True,
    type=click.IntRange(min=1),
    help="Requests in flight at once.",
)
@click.option("--no-pacing", is_flag=True, help="Do not pace to the quota (only retries then handle 429s).")
@click.option("--no-progress", is_flag=True, help="No progress bar (the summary is still printed).")
@connection_options
def run(
    requests: Path,
    results: Path,
    concurrency: int,
    no_pacing: bool,
    no_progress: bool,
    connection: Connection,
) -> None:
    """Run every request of REQUESTS not yet in --out; print a summary.

    \b
    aoai bulk run requests.jsonl --out results.jsonl
    """
    from aoai.bulk import BulkSummary, ResultsFileError, run_bulk_sync

    if results.resolve() == requests.resolve():
        fail("--out must not be the requests file")
    summary = BulkSummary()
    with reported():
        try:
            run_bulk_sync(
                lambda: connection.async_client(pacing=not no_pacing, max_retries=BULK_MAX_RETRIES),
                requests,
                results,
                concurrency=concurrency,
                progress=not no_progress,
                summary=summary,
            )
        except KeyboardInterrupt:
            click.echo(f"aoai: {summary.describe()}", err=True)
            click.echo(
                f"aoai: interrupted; results so far are in {results}: rerun the same command to resume",
                err=True,
            )
            sys.exit(EXIT_INTERRUPTED)
        except (ResultsFileError, OSError) as exc:
            fail(str(exc))
    click.echo(f"aoai: {summary.describe()}", err=True)
    if summary.failed or summary.bad_lines:
        sys.exit(EXIT_FAILURE)
