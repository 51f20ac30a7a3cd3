"""Generic rules every document goes through after its patches: what used to be per-version lists.

Patches fix one document's defects; these rules fix how openapi-python-client
names things, for any document, so the same schema key or route gets the same
Python name in every api-version (which is what lets the surface diff join two
versions by name):

- **Class names come from component keys.** A component's `title` would name its
  class instead, and titles clash (`staticChunkingStrategy` and
  `staticChunkingStrategyRequestParam` are both "Static Chunking Strategy") or
  change between versions, so component titles are dropped (inline titles stay:
  the generator prefixes them with their owner's class name, which keeps them
  unique). A namespaced key (`OpenAI.CreateEmbeddingResponse`) loses its
  namespace (`CreateEmbeddingResponse`, module `create_embedding_response`) unless
  another key already has that name, in which case the namespace stays as a
  prefix (`OpenAICreateEmbeddingResponse`); un-namespaced keys are never renamed.
- **Module folders come from routes.** Each operation's tag is the first literal
  segment of its route (`/deployments/{id}/chat/completions` and `/chat/completions`
  -> `chat`), replacing upstream tags, which are missing (dated GA), inconsistent
  (`Assistant`/`Assistants`, `Vector stores`/`Vector Stores`) or differ in spelling
  between versions.
- **Every operation has an operationId.** A missing one becomes
  `<method>_<route segments>` (`post_responses`, `get_responses_response_id`), the
  name the generator would have invented, written into the document so the
  package's `openapi.json`, its metadata and its modules agree.
- **Binary media types are bytes.** Responses declared as `image/*`, `audio/*` or
  `video/*` are read as `application/octet-stream` (the generator drops them
  otherwise).

`apply_rules` edits the document (the shipped `openapi.json` shows the result);
`generator_config` returns the openapi-python-client settings the rules need.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .routes import identifier, is_parameter, operations, route, segments

BINARY_PREFIXES = ("image/", "audio/", "video/")


def drop_component_titles(document: dict[str, Any]) -> None:
    for schema in (document.get("components") or {}).get("schemas", {}).values():
        if isinstance(schema, dict):
            schema.pop("title", None)


def extend_single_allof(document: dict[str, Any]) -> None:
    """`allOf: [{$ref: Base}]` beside the schema's own `properties` means "Base plus these"; the
    generator reads a single-reference allOf as an alias of Base and drops the rest, so the own
    properties (and `required`) move into a second allOf part. A property Base declares too keeps
    Base's declaration: the subtype's narrower one (`type: enum [one value]` against Base's open
    `anyOf [enum, string]`, the TypeSpec discriminator shape) cannot be merged by the generator."""
    from .schema_view import properties

    for schema in (document.get("components") or {}).get("schemas", {}).values():
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not (
            isinstance(parts, list) and len(parts) == 1 and "$ref" in parts[0] and schema.get("properties")
        ):
            continue
        inherited = properties(document, parts[0])
        own = {n: v for n, v in schema.pop("properties").items() if n not in inherited}
        extension: dict[str, Any] = {"type": "object", "properties": own}
        if "required" in schema:
            extension["required"] = schema.pop("required")
        parts.append(extension)


def fill_operation_ids(document: dict[str, Any]) -> None:
    for path, method, operation in operations(document):
        if not operation.get("operationId"):
            parts = [s.strip("{}") for s in segments(path)]
            operation["operationId"] = identifier("_".join([method, *parts]))


def tag_by_route(document: dict[str, Any]) -> None:
    for path, _method, operation in operations(document):
        first = next((s for s in segments(route(path)) if not is_parameter(s)), "default")
        operation["tags"] = [identifier(first)]


def apply_rules(document: dict[str, Any]) -> dict[str, Any]:
    """Apply every document rule in place (the document is the pipeline's private copy); return it."""
    drop_component_titles(document)
    extend_single_allof(document)
    fill_operation_ids(document)
    tag_by_route(document)
    return document


def class_names(document: dict[str, Any]) -> dict[str, str]:
    """Component key -> the class name the rules give it, for the keys whose name differs from the
    generator's own (`OpenAI.CreateEmbeddingResponse` -> `CreateEmbeddingResponse`)."""
    from openapi_python_client.strings import ClassName

    keys = list((document.get("components") or {}).get("schemas", {}))
    taken = {str(ClassName(key, "")) for key in keys if "." not in key}
    renamed = {}
    for key in keys:
        if "." in key:
            bare = str(ClassName(key.rsplit(".", 1)[-1], ""))
            if bare not in taken:
                renamed[key] = bare
                taken.add(bare)
    return renamed


def class_namer(document: dict[str, Any]) -> Callable[[str], str]:
    """Component key -> the class name the generator gives it under these rules."""
    from openapi_python_client.strings import ClassName

    renamed = class_names(document)
    return lambda key: renamed.get(key) or str(ClassName(key, ""))


def binary_content_types(document: dict[str, Any]) -> list[str]:
    found = set()
    for _path, _method, operation in operations(document):
        for response in (operation.get("responses") or {}).values():
            for content_type in (response.get("content") or {}) if isinstance(response, dict) else ():
                if str(content_type).lower().startswith(BINARY_PREFIXES):
                    found.add(str(content_type))
    return sorted(found)


def generator_config(document: dict[str, Any]) -> dict[str, Any]:
    """`ConfigFile` settings: class overrides for renamed keys, content-type overrides for binary media."""
    from openapi_python_client.config import ClassOverride
    from openapi_python_client.strings import ClassName, PythonIdentifier

    overrides = {
        str(ClassName(key, "")): ClassOverride.model_validate(
            {"class_name": name, "module_name": str(PythonIdentifier(name, ""))}
        )
        for key, name in class_names(document).items()
    }
    return {
        "class_overrides": overrides,
        "content_type_overrides": {ct: "application/octet-stream" for ct in binary_content_types(document)},
    }
