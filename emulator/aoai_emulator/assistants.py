"""Handlers for the preview's stateful operations, on top of `objects.ObjectStore`.

Runs complete immediately: creating one appends an assistant message (the same deterministic
reply chat would give) and a `message_creation` run step to the thread.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import JSONResponse, Response

from aoai_emulator import errors, text
from aoai_emulator.context import Call
from aoai_emulator.objects import build_kind, new_id, now, page, stored

Handler = Callable[[Call], Awaitable[Response]]
PARENT_PARAM = {"message": "thread_id", "run": "thread_id", "run_step": "run_id"}
PARENT_PARAM.update(vector_store_file="vector_store_id", file_batch="vector_store_id")
ID_PARAM = {
    "assistant": "assistant_id",
    "thread": "thread_id",
    "message": "message_id",
    "run": "run_id",
    "run_step": "step_id",
    "vector_store": "vector_store_id",
    "vector_store_file": "file_id",
    "file_batch": "batch_id",
}


def _make(call: Call, kind: str, values: dict[str, Any], parent: str | None = None) -> dict[str, Any]:
    obj = build_kind(call.doc, kind, {"id": new_id(kind), "created_at": now(), **values})
    return call.state.objects.put(kind, obj, parent)


def _message_content(content: Any) -> list[dict[str, Any]]:
    value = text.flatten_content(content)
    return [{"type": "text", "text": {"value": value, "annotations": []}}]


def _message(call: Call, thread_id: str, role: str, content: Any, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "thread_id": thread_id,
        "role": role,
        "content": _message_content(content),
        "status": "completed",
    }
    values.update(completed_at=now(), attachments=[], metadata={}, **extra)
    return _make(call, "message", values, thread_id)


def _thread(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    thread = _make(call, "thread", {"metadata": body.get("metadata") or {}, "tool_resources": None})
    for message in body.get("messages") or []:
        _message(call, thread["id"], message.get("role", "user"), message.get("content"))
    return thread


def _run(call: Call, thread_id: str, body: dict[str, Any]) -> dict[str, Any] | Response:
    assistant = call.state.objects.get("assistant", body.get("assistant_id", ""))
    if assistant is None:
        return errors.not_found_object("assistant", body.get("assistant_id", ""))
    for message in body.get("additional_messages") or []:
        _message(call, thread_id, message.get("role", "user"), message.get("content"))
    history = call.state.objects.children("message", thread_id)
    prompt = " ".join(
        m["content"][0]["text"]["value"] for m in history if m["role"] == "user" and m["content"]
    )
    answer = text.reply(prompt)
    stamp = now()
    usage = {"prompt_tokens": text.count_tokens(prompt), "completion_tokens": len(text.pieces(answer))}
    usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
    run_values = {
        "thread_id": thread_id,
        "assistant_id": assistant["id"],
        "status": "completed",
        "started_at": stamp,
        "completed_at": stamp,
        "expires_at": stamp + 600,
        "model": body.get("model") or assistant.get("model"),
        "instructions": body.get("instructions") or assistant.get("instructions") or "",
        "tools": body.get("tools") or assistant.get("tools") or [],
        "metadata": body.get("metadata") or {},
        "usage": usage,
        "tool_choice": "auto",
        "response_format": "auto",
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "parallel_tool_calls": True,
    }
    run = _make(call, "run", run_values, thread_id)
    reply = _message(call, thread_id, "assistant", answer, assistant_id=assistant["id"], run_id=run["id"])
    step = {
        "type": "message_creation",
        "step_details": {"type": "message_creation", "message_creation": {"message_id": reply["id"]}},
        "thread_id": thread_id,
        "run_id": run["id"],
        "assistant_id": assistant["id"],
        "status": "completed",
        "completed_at": stamp,
        "metadata": {},
        "usage": usage,
    }
    _make(call, "run_step", step, run["id"])
    return run


def _get(call: Call, kind: str) -> dict[str, Any] | Response:
    return stored(call, kind, call.params[ID_PARAM[kind]])


def _parent_missing(call: Call, kind: str) -> Response | None:
    owner_kind = {"thread_id": "thread", "run_id": "run", "vector_store_id": "vector_store"}
    param = PARENT_PARAM.get(kind)
    if param and call.state.objects.get(owner_kind[param], call.params[param]) is None:
        return errors.not_found_object(owner_kind[param].replace("_", " "), call.params[param])
    return None


def _reply(result: dict[str, Any] | Response) -> Response:
    return result if isinstance(result, Response) else JSONResponse(result)


def crud(kind: str, action: str) -> Handler:
    """A handler for one generic action (`create`, `list`, `get`, `modify`, `delete`) on `kind`."""

    async def handle(call: Call) -> Response:
        missing = _parent_missing(call, kind)
        if missing is not None:
            return missing
        parent = call.params.get(PARENT_PARAM.get(kind, ""))
        if action == "list":
            return JSONResponse(page(call.state.objects.children(kind, parent), call.query))
        if action == "create":
            return JSONResponse(_make(call, kind, dict(call.body), parent))
        found = _get(call, kind)
        if isinstance(found, Response) or action == "get":
            return _reply(found)
        if action == "delete":
            call.state.objects.delete(kind, found["id"])
            receipt = build_kind(call.doc, kind, {"id": found["id"], "deleted": True}, "delete")
            return JSONResponse(receipt)
        updated = build_kind(call.doc, kind, {**found, **call.body})
        return JSONResponse(call.state.objects.put(kind, updated, parent))

    return handle


async def create_thread(call: Call) -> Response:
    return JSONResponse(_thread(call, call.body))


async def create_message(call: Call) -> Response:
    missing = _parent_missing(call, "message")
    if missing is not None:
        return missing
    body = call.body
    extra = {"attachments": body.get("attachments") or [], "metadata": body.get("metadata") or {}}
    message = _message(call, call.params["thread_id"], body.get("role", "user"), body.get("content"))
    message.update({k: v for k, v in extra.items() if v})
    return JSONResponse(message)


async def create_run(call: Call) -> Response:
    missing = _parent_missing(call, "run")
    return missing if missing is not None else _reply(_run(call, call.params["thread_id"], call.body))


async def create_thread_and_run(call: Call) -> Response:
    thread = _thread(call, call.body.get("thread") or {})
    return _reply(_run(call, thread["id"], call.body))


def _set_run(status: str) -> Handler:
    async def handle(call: Call) -> Response:
        found = _get(call, "run")
        if isinstance(found, Response):
            return found
        if status == "cancelled":
            found.update(status="cancelled", cancelled_at=now())
        return JSONResponse(found)

    return handle


def _file_values(call: Call, file_id: str, batch: str | None = None) -> dict[str, Any]:
    values = _file_values_for(call.params["vector_store_id"], file_id)
    values["batch_id"] = batch
    return values


async def create_vector_store_file(call: Call) -> Response:
    missing = _parent_missing(call, "vector_store_file")
    if missing is not None:
        return missing
    values = _file_values(call, call.body["file_id"])
    return JSONResponse(_make(call, "vector_store_file", values, call.params["vector_store_id"]))


def _counts(completed: int, cancelled: int = 0) -> dict[str, int]:
    total = completed + cancelled
    return {"in_progress": 0, "completed": completed, "failed": 0, "cancelled": cancelled, "total": total}


async def create_file_batch(call: Call) -> Response:
    missing = _parent_missing(call, "file_batch")
    if missing is not None:
        return missing
    store_id = call.params["vector_store_id"]
    file_ids = call.body.get("file_ids") or []
    batch_values = {"vector_store_id": store_id, "status": "completed", "file_counts": _counts(len(file_ids))}
    batch = _make(call, "file_batch", batch_values, store_id)
    for file_id in file_ids:
        _make(call, "vector_store_file", _file_values(call, file_id, batch["id"]), store_id)
    return JSONResponse(batch)


async def cancel_file_batch(call: Call) -> Response:
    found = _get(call, "file_batch")
    if not isinstance(found, Response):
        found.update(status="cancelled")
    return _reply(found)


async def list_batch_files(call: Call) -> Response:
    found = _get(call, "file_batch")
    if isinstance(found, Response):
        return found
    files = [f for f in call.state.objects.children("vector_store_file", call.params["vector_store_id"])]
    mine = [{k: v for k, v in f.items()} for f in files if f.get("batch_id", found["id"]) == found["id"]]
    return JSONResponse(page(mine, call.query))


async def create_vector_store(call: Call) -> Response:
    body = dict(call.body)
    file_ids = body.pop("file_ids", None) or []
    values = {**body, "status": "completed", "usage_bytes": 0, "file_counts": _counts(len(file_ids))}
    values.update(name=body.get("name") or "", last_active_at=now(), metadata=body.get("metadata") or {})
    store = _make(call, "vector_store", values)
    for file_id in file_ids:
        _make(call, "vector_store_file", _file_values_for(store["id"], file_id), store["id"])
    return JSONResponse(store)


def _file_values_for(store_id: str, file_id: str) -> dict[str, Any]:
    return {
        "id": file_id,
        "vector_store_id": store_id,
        "status": "completed",
        "usage_bytes": 0,
        "last_error": None,
    }


#: By facade name, so the v1 API's vector stores use the same handlers as the dated ones.
HANDLERS: dict[str, Handler] = {
    "assistants.list": crud("assistant", "list"),
    "assistants.create": crud("assistant", "create"),
    "assistants.retrieve": crud("assistant", "get"),
    "assistants.update": crud("assistant", "modify"),
    "assistants.delete": crud("assistant", "delete"),
    "threads.create": create_thread,
    "threads.retrieve": crud("thread", "get"),
    "threads.update": crud("thread", "modify"),
    "threads.delete": crud("thread", "delete"),
    "threads.messages.list": crud("message", "list"),
    "threads.messages.create": create_message,
    "threads.messages.retrieve": crud("message", "get"),
    "threads.messages.update": crud("message", "modify"),
    "threads.create_thread_and_run": create_thread_and_run,
    "threads.runs.list": crud("run", "list"),
    "threads.runs.create": create_run,
    "threads.runs.retrieve": crud("run", "get"),
    "threads.runs.update": crud("run", "modify"),
    "threads.runs.submit_tool_outputs": _set_run("completed"),
    "threads.runs.cancel": _set_run("cancelled"),
    "threads.runs.steps.list": crud("run_step", "list"),
    "threads.runs.steps.retrieve": crud("run_step", "get"),
    "vector_stores.list": crud("vector_store", "list"),
    "vector_stores.create": create_vector_store,
    "vector_stores.retrieve": crud("vector_store", "get"),
    "vector_stores.update": crud("vector_store", "modify"),
    "vector_stores.delete": crud("vector_store", "delete"),
    "vector_stores.files.list": crud("vector_store_file", "list"),
    "vector_stores.files.create": create_vector_store_file,
    "vector_stores.files.retrieve": crud("vector_store_file", "get"),
    "vector_stores.files.delete": crud("vector_store_file", "delete"),
    "vector_stores.files.update": crud("vector_store_file", "modify"),
    "vector_stores.file_batches.create": create_file_batch,
    "vector_stores.file_batches.retrieve": crud("file_batch", "get"),
    "vector_stores.file_batches.cancel": cancel_file_batch,
    "vector_stores.file_batches.files.list": list_batch_files,
}
