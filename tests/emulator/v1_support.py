"""Helpers for the tests of the v1 API's routes: a client on `/openai/v1`, SSE reading, and
validation of a body or a stream event against the served document."""

from __future__ import annotations

import json
from typing import Any

import httpx2
from aoai_emulator.documents import Document, load_documents
from aoai_emulator.operations import operations, schema_at
from aoai_emulator.schemas import pointer, validator_for
from aoai_emulator.testing import EmulatorHandle

DOCS = load_documents()
V1 = DOCS["v1"]
PREVIEW = DOCS["preview"]


def v1_client(emulator: EmulatorHandle, **headers: str) -> httpx2.Client:
    return httpx2.Client(
        base_url=emulator.base_url + V1.server_path, headers={"api-key": emulator.api_key, **headers}
    )


def sse(body: str) -> list[tuple[str | None, Any]]:
    """(event name or None, parsed data) of every event of a `text/event-stream` body."""
    found = []
    for block in body.split("\n\n"):
        name, data = None, []
        for line in block.splitlines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
        if data:
            joined = "\n".join(data)
            found.append((name, joined if joined == "[DONE]" else json.loads(joined)))
    return found


def problems(doc: Document, fragment: str, value: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in validator_for(doc, fragment).iter_errors(value)
    ]


def answer(doc: Document, facade_name: str, status: str = "200", content: str = "application/json") -> str:
    """JSON pointer of what the document says `facade_name` answers (`default` for errors)."""
    operation_id = doc.operation_id(facade_name)
    op = next(o for o in operations(doc) if o.operation_id == operation_id)
    return op.response_fragment(content, status)


def event_problems(doc: Document, event: dict[str, Any]) -> list[str]:
    """Check a Responses stream event against the schema the document's discriminator names for its type."""
    base = schema_at(doc, answer(doc, "responses.create", content="text/event-stream"))
    mapping = base["discriminator"]["mapping"]
    if event["type"] not in mapping:
        return [f"event type {event['type']!r} is not in the document's stream events"]
    name = mapping[event["type"]].rsplit("/", 1)[1]
    return problems(doc, pointer("components", "schemas", name), event)
