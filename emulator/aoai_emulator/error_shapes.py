"""Make an error body valid under the document's own error schema (the v1 routes, see `routing`).

The builders in `errors` write the shapes recorded from the dated routes (`"type":
"invalid_request_error"`, `"param": null`). The v1 documents declare `param` a string and `type`
the single value `"error"`; with no recording of what the v1 routes really send, the document
decides: a member whose value its schema rejects takes the schema's only allowed value when it
has exactly one, and is dropped otherwise. Members the schema does not declare stay.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from starlette.responses import JSONResponse

from aoai_emulator.documents import Document
from aoai_emulator.schemas import resolve


@functools.lru_cache(maxsize=8)
def _error_members(doc: Document) -> dict[str, Any]:
    """The declared members of `error` in the error response most operations of `doc` share."""
    counts: dict[str, int] = {}
    schemas: dict[str, Any] = {}
    for item in doc.spec.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            declared = op.get("responses", {}).get("default", {})
            schema = declared.get("content", {}).get("application/json", {}).get("schema")
            if schema is not None:
                key = json.dumps(schema, sort_keys=True)
                counts[key] = counts.get(key, 0) + 1
                schemas[key] = schema
    if not counts:
        return {}
    envelope = resolve(doc, schemas[max(counts, key=counts.__getitem__)])
    error = resolve(doc, envelope.get("properties", {}).get("error", {}))
    return {name: resolve(doc, sub) for name, sub in error.get("properties", {}).items()}


def _admits(schema: Any, value: Any) -> bool:
    if not isinstance(schema, dict):
        return True
    if value is None:
        return bool(schema.get("nullable")) or None in schema.get("enum", ())
    if "enum" in schema and value not in schema["enum"]:
        return False
    kind = schema.get("type")
    checks: dict[str, type | tuple[type, ...]] = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "object": dict,
    }
    return kind not in checks or isinstance(value, checks[kind])


def conform_error(body: dict[str, Any], doc: Document) -> dict[str, Any]:
    error = body.get("error")
    if not isinstance(error, dict):
        return body
    members = _error_members(doc)
    fixed: dict[str, Any] = {}
    for name, value in error.items():
        schema = members.get(name)
        if _admits(schema, value):
            fixed[name] = value
        elif isinstance(schema, dict) and len(schema.get("enum", ())) == 1:
            fixed[name] = schema["enum"][0]
    return {**body, "error": fixed}


def conform(reply: Any, doc: Document) -> Any:
    """`reply` with its JSON error body conformed to `doc`; anything else unchanged."""
    if not isinstance(reply, JSONResponse) or reply.status_code < 400:
        return reply
    try:
        body = json.loads(bytes(reply.body))
    except ValueError:
        return reply
    if not isinstance(body, dict):
        return reply
    headers = {k: v for k, v in reply.headers.items() if k.lower() not in ("content-length", "content-type")}
    return JSONResponse(conform_error(body, doc), status_code=reply.status_code, headers=headers)
