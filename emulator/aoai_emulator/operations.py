"""The operation table of one document: which (method, path) is which operation, and its schemas.

Routing is derived from the document's `paths`, so an api-version that adds an operation is routed
without code changes (it answers 501 until a handler exists).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from aoai_emulator.documents import Document
from aoai_emulator.schemas import pointer, resolve

_PARAM = re.compile(r"\{([^}]+)\}")


@dataclass(frozen=True)
class Operation:
    """One operation of one document, with JSON pointers to its request/response schemas."""

    operation_id: str
    method: str
    path: str
    pattern: re.Pattern[str]
    request_types: tuple[str, ...]
    response_types: tuple[str, ...]

    def request_fragment(self, content_type: str) -> str:
        return pointer(
            "paths", self.path, self.method.lower(), "requestBody", "content", content_type, "schema"
        )

    def response_fragment(self, content_type: str = "application/json", status: str = "200") -> str:
        return pointer(
            "paths", self.path, self.method.lower(), "responses", status, "content", content_type, "schema"
        )


def _compile(path: str) -> re.Pattern[str]:
    parts = _PARAM.split(path)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part.replace('-', '_')}>[^/]+)"
        for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


@functools.lru_cache(maxsize=8)
def operations(doc: Document) -> tuple[Operation, ...]:
    """All operations of `doc`, literal paths first so `/threads/runs` beats `/threads/{thread_id}`."""
    found = []
    for path, item in doc.spec["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete", "head"):
                continue
            body = resolve(doc, op.get("requestBody", {}))
            responses = op.get("responses", {}).get("200", {}).get("content", {})
            found.append(
                Operation(
                    operation_id=op.get("operationId", f"{method} {path}"),
                    method=method.upper(),
                    path=path,
                    pattern=_compile(path),
                    request_types=tuple(body.get("content", {})),
                    response_types=tuple(responses),
                )
            )
    return tuple(sorted(found, key=lambda o: (o.path.count("{"), o.path)))


def match(doc: Document, method: str, path: str) -> tuple[Operation | None, dict[str, str]]:
    """The operation answering (method, path) and its path parameters (`deployment_id` etc.)."""
    for op in operations(doc):
        found = op.pattern.match(path)
        if found and op.method == method:
            return op, found.groupdict()
    return None, {}


def schema_at(doc: Document, fragment: str) -> Any:
    """The raw OpenAPI schema at a JSON pointer fragment (refs followed)."""
    node: Any = doc.spec
    for part in fragment.lstrip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return resolve(doc, node)
