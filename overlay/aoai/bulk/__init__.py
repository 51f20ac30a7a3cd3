"""Bulk jobs: a JSONL of chat or embeddings requests (Azure's batch-file format) run to the end.

`aoai bulk run requests.jsonl --out results.jsonl` is `run_bulk` with a paced
`AsyncAzureOpenAI`: bounded concurrency, each result appended the moment it finishes,
resumable (a rerun skips the `custom_id`s already in the results file), bad lines
reported by number and skipped. Imported on demand only (it loads tqdm).
"""

from __future__ import annotations

from aoai.bulk.requests import ROUTES, BadLine, BulkRequest, read_requests
from aoai.bulk.results import ResultLog, ResultsFileError
from aoai.bulk.runner import DEFAULT_CONCURRENCY, BulkSummary, run_bulk, run_bulk_sync

__all__ = [
    "DEFAULT_CONCURRENCY",
    "ROUTES",
    "BadLine",
    "BulkRequest",
    "BulkSummary",
    "ResultLog",
    "ResultsFileError",
    "read_requests",
    "run_bulk",
    "run_bulk_sync",
]
