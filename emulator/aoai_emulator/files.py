"""The files API in memory: multipart upload, cursor-paged list, retrieve, delete, content.

Objects are built against the document's own answer schemas (`objects.build`). The list honours
`purpose`, `order` (newest first by default), `after` and `limit` as OpenAI's files API does, and
answers `has_more`, `first_id`, `last_id`, even where a document declares only `purpose`: the
official SDK pages with them. Without a `limit` every file comes back in one page (OpenAI's
default and maximum page is 10,000 files), unless the document declares other limits.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse, Response

from aoai_emulator.context import Call
from aoai_emulator.objects import answer_of, build, now, page, stored
from aoai_emulator.schemas import resolve

FILE, CONTENT = "file", "file_content"
#: OpenAI's files list: a page holds up to 10,000 files, and that is also its default.
PAGE_LIMITS = (10_000, 10_000)
#: Azure: "By default, files with purpose=batch expire after 30 days".
BATCH_EXPIRY_SECONDS = 30 * 24 * 3600


def _declared_limits(call: Call) -> tuple[int, int]:
    """(default, maximum) page size: the operation's `limit` parameter where it declares one."""
    item = call.doc.spec["paths"][call.operation.path]
    op = item[call.operation.method.lower()]
    for raw in [*item.get("parameters", []), *op.get("parameters", [])]:
        param = resolve(call.doc, raw)
        if param.get("in") == "query" and param.get("name") == "limit":
            schema = resolve(call.doc, param.get("schema") or {})
            return int(schema.get("default", PAGE_LIMITS[0])), int(schema.get("maximum", PAGE_LIMITS[1]))
    return PAGE_LIMITS


async def create(call: Call) -> Response:
    filename, data = call.files["file"]
    created = now()
    purpose = call.body["purpose"]
    expiry = call.body.get("expires_after") or {}
    seconds = expiry.get("seconds") or (BATCH_EXPIRY_SECONDS if purpose == "batch" else None)
    values: dict[str, Any] = {
        "id": f"file-{uuid.uuid4().hex}",
        "object": "file",
        "bytes": len(data),
        "created_at": created,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
        "expires_at": created + int(seconds) if seconds else None,
    }
    record = build(call.doc, answer_of(call.doc, "files.retrieve"), values)
    call.state.objects.put(FILE, record)
    call.state.objects.put(CONTENT, {"id": record["id"], "data": data})
    return JSONResponse(record)


def _found(call: Call) -> dict[str, Any] | Response:
    return stored(call, FILE, call.params["file_id"])


async def retrieve(call: Call) -> Response:
    found = _found(call)
    return found if isinstance(found, Response) else JSONResponse(found)


async def listing(call: Call) -> Response:
    files = call.state.objects.children(FILE, None)
    purpose = call.query.get("purpose")
    if purpose:
        files = [f for f in files if f.get("purpose") == purpose]
    default, maximum = _declared_limits(call)
    return JSONResponse(page(files, call.query, default_limit=default, max_limit=maximum))


async def delete(call: Call) -> Response:
    found = _found(call)
    if isinstance(found, Response):
        return found
    for kind in (FILE, CONTENT):
        call.state.objects.delete(kind, found["id"])
    receipt = {"id": found["id"], "object": "file", "deleted": True}
    return JSONResponse(build(call.doc, answer_of(call.doc, "files.delete"), receipt))


async def content(call: Call) -> Response:
    found = _found(call)
    if isinstance(found, Response):
        return found
    stored = call.state.objects.get(CONTENT, found["id"]) or {"data": b""}
    return Response(stored["data"], media_type="application/octet-stream")


HANDLERS = {
    "files.create": create,
    "files.list": listing,
    "files.retrieve": retrieve,
    "files.delete": delete,
    "files.content": content,
}
