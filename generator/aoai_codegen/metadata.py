"""`<package>/_facade.py`: what the hand-written facade may rely on in one generated api-version.

The overlay never assumes an operation, a model or a header exists: it reads this
module, which the generator writes from the patched document and from what
openapi-python-client actually generated. Plain constants only (str, bool, None,
tuples, dicts of them): importing it imports nothing, so it is cheap to read
before any model is loaded. Format:

```python
FORMAT_VERSION = 1                 # bumped when a key changes meaning
API_VERSION = "2024-10-21"         # as pinned
CHANNEL = "ga"                     # "ga" | "preview"
ROUTE_MODEL = "dated"              # "dated": {endpoint}/openai/deployments/{id}/...?api-version=...
                                   # "v1":    {endpoint}/openai/v1/..., deployment in the body
SERVER_PATH = "/openai"            # path of the document's first server URL ("" if none)
API_VERSION_PARAMETER = {          # how operations declare the api-version (None if none does)
    "name": "api-version", "in": "query",
    "required": True,              # required by every operation that declares it
    "default": None, "enum": (),   # the document's default and allowed values
    "declared_by": 6,              # operations declaring it (out of len(OPERATIONS))
}
COUNTS = {"operations": 6, "models": 97, "enums": 38}
OPERATIONS = {                     # by operationId, as in the document (after patches and rules)
    "ChatCompletions_Create": {
        "module": "api.chat.chat_completions_create",   # under the package
        "method": "POST",
        "path": "/deployments/{deployment-id}/chat/completions",   # relative to SERVER_PATH
        "route": "/chat/completions",                  # path without the deployment prefix
        "path_parameters": ("deployment-id",),
        "query_parameters": ("api-version",),
        "deployment": {"in": "path", "name": "deployment-id"},     # or {"in": "body", "name": "model"}, or None
        "headers": {},                                 # required headers -> fixed value (one enum value
                                                       # or default), None when the caller must choose
        "request": ({"kind": "json", "content_type": "application/json",
                     "model": "CreateChatCompletionRequest"},),   # every body the operation accepts;
                                                       # kind: json | multipart | form | binary; model may be None
        "response": {"status": "200", "content_type": "application/json",
                     "shape": "model",                 # model | union | list | bytes | text | none | other
                     "models": ("CreateChatCompletionResponse",)},   # None when no 2xx response is declared
        "stream": {                                    # None unless the request has a boolean `stream`
            "schema": "createChatCompletionStreamResponse",   # component key of one chunk, or None
            "model": "CreateChatCompletionStreamResponse",    # its class, or None (a union: see variants)
            "variants": (),                            # classes of a union chunk schema
            "events": {},                              # discriminator value -> class, when the chunk
                                                       # schema has a mapping (Responses stream events)
            "found_by": "json oneOf before patches",   # "text/event-stream" | "json oneOf before patches"
                                                       # | "success schema: same shape streamed" | None
        },
        "paging": None,                                # or {"after": "after", "limit": "limit", "before": None,
                                                       #     "data": "data", "has_more": "has_more",
                                                       #     "first_id": None, "last_id": "last_id"};
                                                       # a GET answering a `data` list without a cursor
                                                       # is one whole page: "after" (and the rest) None
    },
}
FACADE = {"chat.completions.create": "ChatCompletions_Create", ...}   # see facade_names for the rule
FACADE_AMBIGUOUS = {}              # facade name -> operationIds the rule could not tell apart
```

The stream-chunk rule: a `text/event-stream` schema declared on the success
response; else the member of the success response's JSON `oneOf`/`anyOf` in the
document *before patches* that is not the success model (a patch may have
narrowed that `oneOf` to the completion), preferring one whose `object` enum
ends in `chunk`; else the success model itself when its schema's description says
streamed and non-streamed objects share its shape (the legacy completions reply);
else None: the document describes no chunk, and the facade decodes chunks into
plain data.
"""

from __future__ import annotations

import pprint
import re
from typing import Any

from .facade_names import Endpoint, facade_map, lists_data
from .routes import deployment_parameter, operations, route, route_model, server_path
from .schema_view import is_type, json_schema, properties, ref_key, resolve

FORMAT_VERSION = 1
BODY_KINDS = {"json": "json", "files": "multipart", "data": "form", "content": "binary"}


def _parameters(document: dict[str, Any], path_item: dict[str, Any], operation: dict[str, Any]) -> list[dict]:
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for level in (path_item, operation):
        for raw in level.get("parameters") or ():
            param = resolve(document, raw)
            if param.get("name") and param.get("in"):
                merged[(param["in"], param["name"])] = param
    return list(merged.values())


def _fixed_value(param: dict[str, Any], document: dict[str, Any]) -> Any:
    schema = resolve(document, param.get("schema") or {})
    enum: list[Any] = schema.get("enum") or []
    if len(enum) == 1:
        return enum[0]
    return schema.get("default")


def _api_version_parameter(document: dict[str, Any], found: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not found:
        return None
    first = found[0]
    written = first.get("schema") or {}
    schema = resolve(document, written)
    return {
        "name": first["name"],
        "in": first["in"],
        "required": all(bool(p.get("required")) for p in found),
        # The v1 documents write `{"$ref": ..., "default": "v1"}`: a default beside the reference,
        # which OpenAPI 3.0 tools ignore but which is the document's only statement of it.
        "default": written.get("default", schema.get("default")),
        "enum": tuple(schema.get("enum") or ()),
        "declared_by": len(found),
    }


def _class_of(prop: Any) -> str | None:
    info = getattr(prop, "class_info", None)
    return str(info.name) if info is not None else None


def _request(endpoint: Any) -> tuple[dict[str, Any], ...]:
    return tuple(
        {
            "kind": BODY_KINDS.get(str(body.body_type.value), str(body.body_type.value)),
            "content_type": body.content_type.get_untrusted_value(),
            "model": _class_of(body.prop),
        }
        for body in endpoint.bodies
    )


def _shape(prop: Any) -> tuple[str, tuple[str, ...]]:
    kind = type(prop).__name__
    if kind in ("ModelProperty", "EnumProperty"):
        return "model", (str(prop.class_info.name),)
    if kind == "UnionProperty":
        return "union", tuple(n for n in (_class_of(p) for p in prop.inner_properties) if n)
    if kind == "ListProperty":
        inner = _class_of(prop.inner_property)
        return "list", (inner,) if inner else ()
    return {"FileProperty": "bytes", "NoneProperty": "none", "StringProperty": "text"}.get(kind, "other"), ()


def _response(endpoint: Any, operation: dict[str, Any]) -> dict[str, Any] | None:
    for response in endpoint.responses.patterns:
        status = response.status_code
        if status.range is not None and status.range[0] >= 200 and status.range[1] <= 299:
            declared = (operation.get("responses") or {}).get(status.pattern) or {}
            content = list((declared.get("content") or {}) if isinstance(declared, dict) else ())
            shape, models = _shape(response.prop)
            return {
                "status": status.pattern,
                "content_type": content[0] if content else None,
                "shape": shape,
                "models": models,
            }
    return None


def _chunk_from_union(schema: dict[str, Any], success: str | None, document: dict[str, Any]) -> str | None:
    members = [ref_key(m) for m in (schema.get("oneOf") or schema.get("anyOf") or ())]
    candidates = [m for m in members if m and m != success]

    def says_chunk(key: str) -> bool:
        kind = properties(document, {"$ref": f"#/components/schemas/{key}"}).get("object", {})
        return any(str(v).endswith("chunk") for v in kind.get("enum") or ())

    chunked = [c for c in candidates if says_chunk(c)]
    if len(chunked) == 1:
        return chunked[0]
    return candidates[0] if len(candidates) == 1 else None


#: How the (legacy) completion reply says its chunks are replies too: "both the streamed and
#: non-streamed response objects share the same shape (unlike the chat endpoint)".
_SAME_SHAPE = re.compile(r"\bstreamed and non-streamed\b.*\bsame shape\b", re.I | re.S)


def _streams_as_itself(document: dict[str, Any], schema: Any) -> bool:
    """Whether the success schema's own description says each streamed chunk has its shape: the
    only place the document says what a completions stream carries."""
    key = ref_key(schema)
    declared = document["components"]["schemas"].get(key) if key else None
    return isinstance(declared, dict) and bool(_SAME_SHAPE.search(str(declared.get("description") or "")))


def _stream(
    document: dict[str, Any],
    original_operation: dict[str, Any] | None,
    operation: dict[str, Any],
    classes: dict[str, str | None],
    variants: dict[str, tuple[str, ...]],
) -> dict[str, Any] | None:
    body = json_schema(operation.get("requestBody") or {})
    flag = properties(document, body).get("stream")
    if flag is None or not is_type(flag, "boolean"):
        return None
    responses = operation.get("responses") or {}
    success: dict[str, Any] = next((responses[s] for s in sorted(responses) if str(s).startswith("2")), {})
    key, found_by = None, None
    events = ((success.get("content") or {}).get("text/event-stream") or {}).get("schema")
    if ref_key(events):
        key, found_by = ref_key(events), "text/event-stream"
    elif original_operation is not None:
        before = (original_operation.get("responses") or {}).get("200") or {}
        union = json_schema(before)
        if isinstance(union, dict) and ("oneOf" in union or "anyOf" in union):
            key = _chunk_from_union(union, ref_key(json_schema(success)), document)
            found_by = "json oneOf before patches" if key else None
    if key is None and _streams_as_itself(document, json_schema(success)):
        key, found_by = ref_key(json_schema(success)), "success schema: same shape streamed"
    if key is not None and key not in classes:
        key, found_by = None, None  # a patch removed it
    return {
        "schema": key,
        "model": classes.get(key) if key else None,
        "variants": variants.get(key, ()) if key else (),
        "events": _events(document, key, classes) if key else {},
        "found_by": found_by,
    }


def _events(document: dict[str, Any], key: str, classes: dict[str, str | None]) -> dict[str, str]:
    """The chunk schema's discriminator mapping as `{type value: class}` (the Responses API's
    stream events), so an event decodes into its own class rather than the base's."""
    discriminator = (document["components"]["schemas"].get(key) or {}).get("discriminator") or {}
    found = {}
    for value, target in (discriminator.get("mapping") or {}).items():
        name = classes.get(ref_key({"$ref": target}) or "")
        if name:
            found[str(value)] = name
    return found


def _paging(
    document: dict[str, Any], method: str, query: list[str], operation: dict[str, Any]
) -> dict[str, Any] | None:
    declared = properties(document, json_schema((operation.get("responses") or {}).get("200") or {}))
    if "after" not in query or "limit" not in query:
        if method != "get" or not lists_data(document, operation):
            return None
        # A list without a cursor (models.list): one whole page, iterated like the others.
        keys = ("after", "limit", "before", "has_more", "first_id", "last_id")
        return {**dict.fromkeys(keys), "data": "data"}
    if "has_more" not in declared or not is_type(declared.get("data", {}), "array"):
        return None
    return {
        "after": "after",
        "limit": "limit",
        "before": "before" if "before" in query else None,
        "data": "data",
        "has_more": "has_more",
        "first_id": "first_id" if "first_id" in declared else None,
        "last_id": "last_id" if "last_id" in declared else None,
    }


def _deployment(document: dict[str, Any], path: str, operation: dict[str, Any]) -> dict[str, str] | None:
    name = deployment_parameter(path)
    if name is not None:
        return {"in": "path", "name": name}
    if "model" in properties(document, json_schema(operation.get("requestBody") or {})):
        return {"in": "body", "name": "model"}
    return None


def _generated_endpoints(openapi: Any, field_prefix: str) -> dict[tuple[str, str], tuple[Any, str]]:
    """(method, path as the generator rewrites it: `{deployment_id}`) -> (its endpoint, module path)."""
    from openapi_python_client.strings import PythonIdentifier

    found = {}
    for tag, collection in openapi.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            module = f"api.{tag}.{PythonIdentifier(endpoint.name, field_prefix)}"
            found[(endpoint.method.lower(), endpoint.path.get_untrusted_value())] = (endpoint, module)
    return found


def _generator_path(path: str, field_prefix: str) -> str:
    from openapi_python_client.strings import PythonIdentifier

    return re.sub(r"\{([^}]+)\}", lambda m: "{" + str(PythonIdentifier(m.group(1), field_prefix)) + "}", path)


def build(
    *,
    api_version: str,
    channel: str,
    document: dict[str, Any],
    original: dict[str, Any],
    openapi: Any,
    classes: dict[str, str | None],
    variants: dict[str, tuple[str, ...]],
    field_prefix: str,
) -> dict[str, Any]:
    """The metadata as data (`render` writes it as the module)."""
    generated = _generated_endpoints(openapi, field_prefix)
    before = {(p, m): op for p, m, op in operations(original)}
    ops: dict[str, Any] = {}
    api_version_params: list[dict[str, Any]] = []
    endpoints = []
    for path, method, operation in operations(document):
        endpoint, module = generated[(method, _generator_path(path, field_prefix))]
        params = _parameters(document, document["paths"][path], operation)
        query = [p["name"] for p in params if p["in"] == "query"]
        api_version_params += [p for p in params if p["name"] == "api-version"]
        op_id = str(operation["operationId"])
        ops[op_id] = {
            "module": module,
            "method": method.upper(),
            "path": path,
            "route": route(path),
            "path_parameters": tuple(p["name"] for p in params if p["in"] == "path"),
            "query_parameters": tuple(query),
            "deployment": _deployment(document, path, operation),
            "headers": {
                p["name"]: _fixed_value(p, document)
                for p in params
                if p["in"] == "header" and p.get("required")
            },
            "request": _request(endpoint),
            "response": _response(endpoint, operation),
            "stream": _stream(document, before.get((path, method)), operation, classes, variants),
            "paging": _paging(document, method, query, operation),
        }
        endpoints.append(Endpoint(op_id, method, path, lists_data(document, operation)))
    facade, ambiguous = facade_map(endpoints)
    return {
        "FORMAT_VERSION": FORMAT_VERSION,
        "API_VERSION": api_version,
        "CHANNEL": channel,
        "ROUTE_MODEL": route_model(document),
        "SERVER_PATH": server_path(document),
        "API_VERSION_PARAMETER": _api_version_parameter(document, api_version_params),
        "COUNTS": {"operations": len(ops), "models": len(openapi.models), "enums": len(openapi.enums)},
        "OPERATIONS": ops,
        "FACADE": facade,
        "FACADE_AMBIGUOUS": ambiguous,
    }


def render(metadata: dict[str, Any]) -> str:
    """The module text: one assignment per key, values as Python literals (`ruff format` tidies them)."""
    lines = [
        '"""What the aoai facade may rely on in this api-version (written by aoai_codegen.metadata, '
        'which documents the format). Plain data: importing this imports nothing."""',
        "",
    ]
    for name, value in metadata.items():
        lines.append(f"{name} = {pprint.pformat(value, width=110, sort_dicts=False)}")
    return "\n".join(lines) + "\n"
