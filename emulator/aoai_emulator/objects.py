"""In-memory objects for the preview's stateful APIs (assistants, threads, messages, runs, run steps,
vector stores and their files/batches), built to be valid under the document's schemas.

`build` starts from the smallest schema-valid instance, lays the real values over it, and reverts any
field the document would reject, so responses stay valid even where a request field's shape differs
from the response field's.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse

from aoai_emulator import errors
from aoai_emulator.documents import Document
from aoai_emulator.operations import operations, schema_at
from aoai_emulator.schemas import validator_for
from aoai_emulator.synth import local_resolver, minimal

if TYPE_CHECKING:
    from aoai_emulator.context import Call

# kind -> (the facade resource that answers one, id prefix). The schema of a kind is read from the
# document: the answer of `<resource>.retrieve` (of `<resource>.delete` for the deletion receipt),
# so the same handlers serve every api-version whatever its schemas are called.
KINDS: dict[str, tuple[str, str]] = {
    "assistant": ("assistants", "asst_"),
    "thread": ("threads", "thread_"),
    "message": ("threads.messages", "msg_"),
    "run": ("threads.runs", "run_"),
    "run_step": ("threads.runs.steps", "step_"),
    "vector_store": ("vector_stores", "vs_"),
    "vector_store_file": ("vector_stores.files", "file-"),
    "file_batch": ("vector_stores.file_batches", "vsfb_"),
}


def new_id(kind: str) -> str:
    return KINDS[kind][1] + uuid.uuid4().hex[:24]


def answer_of(doc: Document, facade_name: str) -> str:
    """JSON pointer of the 200 JSON answer of the operation `facade_name` names in `doc`."""
    operation_id = doc.operation_id(facade_name)
    op = next((o for o in operations(doc) if o.operation_id == operation_id), None)
    if op is None:
        raise LookupError(f"{doc.source} has no operation {facade_name!r}")
    return op.response_fragment()


def build_kind(doc: Document, kind: str, values: dict[str, Any], action: str = "retrieve") -> dict[str, Any]:
    """An object of `kind` as the document's `<resource>.<action>` answers it."""
    return build(doc, answer_of(doc, f"{KINDS[kind][0]}.{action}"), values)


def build(doc: Document, fragment: str, values: dict[str, Any]) -> dict[str, Any]:
    """A valid instance of the schema at `fragment` carrying as many of `values` as it accepts."""
    base = minimal(schema_at(doc, fragment), local_resolver(doc.spec))
    obj = {**base, **{k: v for k, v in values.items() if v is not None or k in base}}
    validator = validator_for(doc, fragment)
    for _ in range(len(obj) + 1):
        errors = list(validator.iter_errors(obj))
        if not errors:
            return obj
        for error in errors:
            key = error.absolute_path[0] if error.absolute_path else None
            if isinstance(key, str) and key in obj:
                if key in base:
                    obj[key] = base[key]
                else:
                    del obj[key]
    return base


class ObjectStore:
    """Objects by kind, each remembering its parent id (thread, run or vector store)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._objects: dict[str, OrderedDict[str, tuple[str | None, dict[str, Any]]]] = {}
        self._empty: OrderedDict[str, tuple[str | None, dict[str, Any]]] = OrderedDict()

    def put(self, kind: str, obj: dict[str, Any], parent: str | None = None) -> dict[str, Any]:
        with self._lock:
            self._objects.setdefault(kind, OrderedDict())[obj["id"]] = (parent, obj)
        return obj

    def get(self, kind: str, object_id: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._objects.get(kind, self._empty).get(object_id)
        return found[1] if found else None

    def delete(self, kind: str, object_id: str) -> bool:
        with self._lock:
            return self._objects.get(kind, self._empty).pop(object_id, None) is not None

    def children(self, kind: str, parent: str | None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                obj
                for owner, obj in self._objects.get(kind, self._empty).values()
                if parent is None or owner == parent
            ]

    def reset(self) -> None:
        with self._lock:
            self._objects.clear()


def page(
    items: list[dict[str, Any]], query: dict[str, str], *, default_limit: int = 20, max_limit: int = 100
) -> dict[str, Any]:
    """The list envelope with `limit`/`order`/`after`/`before` applied like the service
    (`items` oldest first; the default order is newest first)."""
    ordered = list(reversed(items)) if query.get("order", "desc") == "desc" else list(items)
    ids = [o["id"] for o in ordered]
    if query.get("after") in ids:
        ordered = ordered[ids.index(query["after"]) + 1 :]
    if query.get("before") in ids:
        ordered = ordered[: ids.index(query["before"])]
    limit = max(1, min(max_limit, int(query.get("limit") or default_limit)))
    data = ordered[:limit]
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else "",
        "last_id": data[-1]["id"] if data else "",
        "has_more": len(ordered) > limit,
    }


def now() -> int:
    return int(time.time())


def stored(call: Call, kind: str, object_id: str) -> dict[str, Any] | JSONResponse:
    """The stored object of `kind` with this id, or Azure's 404 naming the kind and the id."""
    found = call.state.objects.get(kind, object_id)
    return found if found is not None else errors.not_found_object(kind.replace("_", " "), object_id)
