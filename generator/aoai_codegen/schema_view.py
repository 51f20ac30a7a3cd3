"""Reading schemas of a document the way the rules need: through `$ref`s and `allOf`s.

Only what the metadata rules ask (does a body declare a boolean `stream`, does a
response have `data` and `has_more`); not a validator, and never recursive
without a bound, because documents reference themselves.
"""

from __future__ import annotations

from typing import Any

COMPONENT = "#/components/schemas/"


def ref_key(schema: Any) -> str | None:
    """`{"$ref": "#/components/schemas/X"}` -> `X`."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref[len(COMPONENT) :] if isinstance(ref, str) and ref.startswith(COMPONENT) else None


def resolve(document: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """The schema a `$ref` chain ends at (`{}` for anything that is not a local schema)."""
    while isinstance(schema, dict) and "$ref" in schema and depth < 32:
        ref = schema["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return {}
        node: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node.get(part) if isinstance(node, dict) else None
        schema = node
        depth += 1
    return schema if isinstance(schema, dict) else {}


def properties(document: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, dict[str, Any]]:
    """Declared properties (name -> resolved schema), merged over `allOf` parts."""
    schema = resolve(document, schema)
    found: dict[str, dict[str, Any]] = {}
    if depth < 16:
        for part in schema.get("allOf") or ():
            found.update(properties(document, part, depth + 1))
    for name, value in (schema.get("properties") or {}).items():
        found[name] = resolve(document, value)
    return found


def is_type(schema: dict[str, Any], kind: str) -> bool:
    """`type: kind`, also in OpenAPI 3.1's list form (`type: [kind, "null"]`)."""
    declared = schema.get("type")
    return declared == kind or (isinstance(declared, list) and kind in declared)


def json_schema(container: Any) -> Any:
    """The schema of a request body's or response's JSON content (`application/json` or `...+json`)."""
    content = container.get("content") if isinstance(container, dict) else None
    for content_type, media in (content or {}).items():
        if "json" in str(content_type).lower() and isinstance(media, dict):
            return media.get("schema")
    return None
