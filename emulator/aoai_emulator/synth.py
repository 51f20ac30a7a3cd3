"""Build the smallest value that satisfies a schema.

Used for things the emulator has to invent but whose shape the caller (or the document) defines:
tool-call arguments from a function's `parameters`, `json_schema` response formats, and the
fields of assistants/threads/runs objects that the emulator has no better value for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Resolver = Callable[[dict[str, Any]], Any]


def local_resolver(root: Any) -> Resolver:
    """Resolve `#/...` references against `root` (a JSON Schema or an OpenAPI document)."""

    def resolve(schema: dict[str, Any]) -> Any:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            if part:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    return resolve


def minimal(schema: Any, resolve: Resolver, *, text: str = "emulated", depth: int = 0) -> Any:
    """A value valid under `schema`: required members only, first enum value/branch, nulls if allowed."""
    if depth > 24 or not isinstance(schema, dict):
        return None
    if "$ref" in schema:
        return minimal(resolve(schema), resolve, text=text, depth=depth + 1)
    if "const" in schema:
        return schema["const"]
    if schema.get("nullable") is True:
        return None
    if "enum" in schema:
        return next((v for v in schema["enum"] if v is not None), None)
    if "allOf" in schema:
        merged: Any = None
        for part in schema["allOf"]:
            value = minimal(part, resolve, text=text, depth=depth + 1)
            merged = {**merged, **value} if isinstance(merged, dict) and isinstance(value, dict) else value
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if own.get("properties") and isinstance(merged, dict):
            merged.update(minimal({**own, "type": "object"}, resolve, text=text, depth=depth + 1))
        return merged
    for key in ("oneOf", "anyOf"):
        if key in schema:
            branches = [b for b in schema[key] if b.get("type") != "null"] or schema[key]
            return minimal(branches[0], resolve, text=text, depth=depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = "null" if "null" in kind else kind[0]
    if kind == "object" or (kind is None and "properties" in schema):
        props = schema.get("properties", {})
        return {
            name: minimal(props.get(name, {}), resolve, text=text, depth=depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        count = int(schema.get("minItems", 0))
        return [minimal(schema.get("items", {}), resolve, text=text, depth=depth + 1) for _ in range(count)]
    if kind == "string":
        value = text
        if len(value) < int(schema.get("minLength", 0)):
            value = value.ljust(int(schema["minLength"]), "x")
        if "maxLength" in schema:
            value = value[: int(schema["maxLength"])]
        return value
    if kind in ("integer", "number"):
        low = schema.get("minimum", 0)
        return int(low) if kind == "integer" else float(low)
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    return text
