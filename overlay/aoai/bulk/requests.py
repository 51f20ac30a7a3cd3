"""Reading a bulk job: the JSONL of Azure's (and OpenAI's) batch files, one request per line.

Each line is `{"custom_id": "...", "method": "POST", "url": "/chat/completions", "body": {...}}`,
the body's `model` naming the deployment: the same file Azure's Batch service runs server-side,
so a job can move between the two unchanged. A line that is not such a request is reported
with its line number and skipped; it never stops the others.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

#: The operations a bulk job runs, by the batch file's `url` (after an optional `/openai`, `/v1`).
ROUTES = ("/chat/completions", "/embeddings")
_PREFIXES = ("/openai", "/v1")


@attrs.frozen
class BulkRequest:
    line: int
    custom_id: str
    route: str  # one of ROUTES
    body: dict[str, Any]


@attrs.frozen
class BadLine:
    line: int
    reason: str

    def describe(self, path: str | Path) -> str:
        return f"{path}:{self.line}: skipped: {self.reason}"


def route_of(url: str) -> str | None:
    """`/chat/completions`, `/v1/chat/completions`, `/openai/v1/...` -> the route; None if not run here."""
    path = url.split("?", 1)[0].rstrip("/")
    for prefix in _PREFIXES:
        if path.startswith(prefix + "/"):
            path = path[len(prefix) :]
    return path if path in ROUTES else None


def parse_line(number: int, text: str) -> BulkRequest | BadLine:
    try:
        item = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return BadLine(number, f"not JSON ({exc})")
    if not isinstance(item, dict):
        return BadLine(number, f"expected a JSON object, got {type(item).__name__}")
    custom_id = item.get("custom_id")
    if not isinstance(custom_id, str) or not custom_id:
        return BadLine(number, "'custom_id' must be a non-empty string")
    method = item.get("method", "POST")
    if not isinstance(method, str) or method.upper() != "POST":
        return BadLine(number, f"'method' must be POST, got {method!r}")
    url = item.get("url")
    route = route_of(url) if isinstance(url, str) else None
    if route is None:
        return BadLine(number, f"'url' must be one of {', '.join(ROUTES)}, got {url!r}")
    body = item.get("body")
    if not isinstance(body, dict):
        return BadLine(number, f"'body' must be a JSON object, got {type(body).__name__}")
    if body.get("stream") is True:
        return BadLine(number, "'body.stream' is true: a bulk job collects whole replies, not streams")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        return BadLine(number, "'body.model' must name the deployment")
    return BulkRequest(number, custom_id, route, body)


def read_requests(path: str | Path) -> Iterator[BulkRequest | BadLine]:
    """Every line of the file, parsed; blank lines are ignored, a repeated `custom_id` is a bad line."""
    first_seen: dict[str, int] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            parsed = parse_line(number, text)
            if isinstance(parsed, BulkRequest):
                earlier = first_seen.setdefault(parsed.custom_id, number)
                if earlier != number:
                    parsed = BadLine(number, f"custom_id {parsed.custom_id!r} repeats line {earlier}")
            yield parsed
