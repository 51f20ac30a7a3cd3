"""The results file of a bulk job: one line per finished request, appended as soon as it finishes.

The lines follow Azure's batch output (`custom_id`, `response: {status_code, request_id,
body}`, `error`), so tools written for the service read them too. The file is the job's
only state: a rerun reads the `custom_id`s already there and skips them, so a job killed
at any point resumes where it stopped and every request appears exactly once. Each line
is written and flushed whole; a kill can only cut the very last line short, and that
partial line is dropped on resume (its request runs again).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from aoai.errors import APIStatusError, AzureOpenAIError


class ResultsFileError(ValueError):
    """The results file has a line that is not a result: refusing to append to it."""


def result_line(custom_id: str, status: int, request_id: str | None, body: Any) -> dict[str, Any]:
    return {
        "custom_id": custom_id,
        "response": {"status_code": status, "request_id": request_id, "body": body},
        "error": None,
    }


def error_line(custom_id: str, error: AzureOpenAIError) -> dict[str, Any]:
    """A failed request: the typed error, plus the service's reply when there was one."""
    described: dict[str, Any] = {
        "type": type(error).__name__,
        "message": getattr(error, "message", str(error)),
    }
    response = None
    if isinstance(error, APIStatusError):
        described["code"] = error.code
        response = {"status_code": error.status_code, "request_id": error.request_id, "body": error.body}
    return {"custom_id": custom_id, "response": response, "error": described}


def _completed_ids(path: Path) -> tuple[set[str], int]:
    """The custom_ids already in the file, and the length of its whole lines (what to keep)."""
    done: set[str] = set()
    keep = 0
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                break  # cut short by a kill: dropped, its request runs again
            keep += len(raw)
            if not raw.strip():
                continue
            try:
                item = json.loads(raw)
                custom_id = item["custom_id"]
            except (ValueError, RecursionError, KeyError, TypeError):
                raise ResultsFileError(
                    f"{path}:{number} is not a result line (expected a JSON object with 'custom_id'); "
                    "refusing to append to a file this job did not write"
                ) from None
            if not isinstance(custom_id, str):
                raise ResultsFileError(
                    f"{path}:{number}: 'custom_id' is {type(custom_id).__name__}, not a string"
                )
            done.add(custom_id)
    return done, keep


class ResultLog:
    """Append-only results file; `done` holds the custom_ids it already has."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.done: set[str] = set()
        if self.path.exists():
            self.done, keep = _completed_ids(self.path)
            if keep != self.path.stat().st_size:
                os.truncate(self.path, keep)
        self._file: IO[str] | None = open(self.path, "a", encoding="utf-8")  # noqa: SIM115  # closed by close()

    def write(self, line: dict[str, Any]) -> None:
        if self._file is None:
            raise ValueError(f"results file {self.path} is closed")
        # ASCII escapes: a lone surrogate in a reply cannot make the write fail half-way.
        self._file.write(json.dumps(line, separators=(",", ":")) + "\n")
        self._file.flush()
        self.done.add(line["custom_id"])

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> ResultLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
