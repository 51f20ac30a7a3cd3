"""The API half of a surface: join the package's Python items to its own openapi.json.

The package ships the exact (patched) document it was generated from, so each
operation is found by method and path, each component schema by the class name
the pipeline gives its key (`rules.class_name`), and inline
schemas by following the fields that use them. Whatever does not agree (an
operation missing on one side, a required flag or enum value that differs) is
recorded in `Surface.problems` instead of being guessed away: an empty list is
the proof that the two halves describe the same API.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs
from openapi_python_client.strings import PythonIdentifier

from .rules import class_namer
from .surface import Enum, Model, Operation, Schema, Surface

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def pointer(*parts: str) -> str:
    """A JSON pointer (RFC 6901) as a URI fragment: `#/paths/~1deployments~1{deployment-id}/post`."""
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def _python_path(path: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: "{" + str(PythonIdentifier(m.group(1), "field_")) + "}", path)


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    target: Any = document
    for part in ref[2:].split("/"):
        target = (
            target.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(target, dict) else {}
        )
    return target if isinstance(target, dict) else {}


def _declared(
    document: dict[str, Any], key: str, seen: frozenset[str] = frozenset()
) -> dict[str, tuple[str, bool]]:
    """property -> (pointer of its declaration, required?) for a component, following allOf references.

    A `required` list may name properties that another allOf part declares (2025-04-01-preview's
    `Response` requires `model`, which `ModelResponseProperties` declares), so every part's list
    counts for every property found."""
    schema = document.get("components", {}).get("schemas", {}).get(key, {})
    found: dict[str, tuple[str, bool]] = {}
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        ref = part.get("$ref", "") if isinstance(part, dict) else ""
        if ref.startswith("#/components/schemas/") and ref not in seen:
            found.update(_declared(document, ref.rsplit("/", 1)[-1], seen | {ref}))
        elif isinstance(part, dict):
            required |= set(part.get("required", []))
            for name in part.get("properties", {}):
                found[name] = (pointer("components", "schemas", key, "properties", name), False)
    for name in schema.get("properties", {}):
        found[name] = (pointer("components", "schemas", key, "properties", name), False)
    return {n: (p, r or n in required) for n, (p, r) in found.items()}


def _shape(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "enum"
    if "oneOf" in schema or "anyOf" in schema:
        return "union"
    if "properties" in schema or "allOf" in schema or schema.get("type") == "object":
        return "object"
    return str(schema.get("type", "any"))


def _names(python_type: str | None, known: set[str] | dict[str, Any]) -> list[str]:
    return [n for n in IDENTIFIER.findall(python_type or "") if n in known]


def _join_operations(
    operations: list[Operation], document: dict[str, Any], problems: list[str]
) -> dict[str, Operation]:
    index: dict[tuple[str, str], tuple[str, str, dict[str, Any], list[tuple[dict[str, Any], str]]]] = {}
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                op = item[method]
                params = [
                    (
                        _resolve(document, p),
                        p.get("$ref") or pointer("paths", path, *where, "parameters", str(i)),
                    )
                    for where, level in (((), item), ((method,), op))
                    for i, p in enumerate(level.get("parameters", []))
                ]
                index[(method.upper(), _python_path(path))] = (path, method, op, params)
    joined: dict[str, Operation] = {}
    for operation in operations:
        found = index.pop((operation.method, operation.path), None)
        if found is None:
            problems.append(
                f"operation {operation.module}: {operation.method} {operation.path} is not in openapi.json"
            )
            joined[operation.operation_id] = operation
            continue
        path, method, op, params = found
        by_python = {str(PythonIdentifier(p.get("name", ""), "field_")): (p, at) for p, at in params}
        parameters = [
            attrs.evolve(
                p,
                location=by_python[p.name][0].get("in", "?"),
                api_name=by_python[p.name][0].get("name"),
                api=by_python[p.name][1],
            )
            if p.name in by_python
            else p
            for p in operation.parameters
        ]
        op_pointer = pointer("paths", path, method)
        declared = {str(s) for s in op.get("responses", {})}
        if declared != set(operation.responses):
            problems.append(
                f"operation {operation.module}: responses {sorted(operation.responses)} in Python, {sorted(declared)} in openapi.json"
            )
        sse = any("text/event-stream" in (r.get("content") or {}) for r in op.get("responses", {}).values())
        operation_id = str(op.get("operationId") or operation.module)
        joined[operation_id] = attrs.evolve(
            operation,
            operation_id=operation_id,
            path=path,
            parameters=parameters,
            api=op_pointer,
            streaming=sse,
        )
    for (method, _), (path, _, op, _) in index.items():
        problems.append(
            f"operation {op.get('operationId')}: {method} {path} is in openapi.json but was not generated"
        )
    return joined


def _pointers(
    models: dict[str, Model],
    enums: dict[str, Enum],
    operations: dict[str, Operation],
    schemas: dict[str, Schema],
    class_name: Callable[[str], str],
) -> dict[str, str]:
    """Class name -> JSON pointer: components by key, inline schemas through the fields that use them."""
    found: dict[str, str] = {}
    classes = set(models) | set(enums)
    for schema in schemas.values():
        base = class_name(schema.key)
        for name in classes:
            if name == base or re.fullmatch(re.escape(base) + r"Type\d+", name):
                found.setdefault(name, schema.api)
    queue = deque(found)
    for operation in operations.values():
        if operation.api is None:
            continue
        for name in _names(operation.body, classes):
            found.setdefault(name, operation.api + "/requestBody")
            queue.append(name)
        for param in operation.parameters:
            for name in _names(param.python_type, classes):
                found.setdefault(name, param.api or operation.api)
        for status, python_type in operation.responses.items():
            for name in _names(python_type, classes):
                found.setdefault(name, f"{operation.api}/responses/{status}")
                queue.append(name)
    while queue:
        model = models.get(queue.popleft())
        if model is None:
            continue
        for field in model.fields:
            for name in _names(field.python_type, classes):
                if name not in found:
                    found[name] = field.api or found[model.name] + "/properties/" + (
                        field.json_name or field.name
                    )
                    queue.append(name)
    return found


def _roles(models: dict[str, Model], operations: dict[str, Operation]) -> dict[str, set[str]]:
    roles: dict[str, set[str]] = {name: set() for name in models}
    for role, roots in (
        (
            "request",
            [t for o in operations.values() for t in [o.body, *(p.python_type for p in o.parameters)]],
        ),
        ("response", [t for o in operations.values() for t in o.responses.values()]),
    ):
        queue = deque(n for t in roots for n in _names(t, models))
        while queue:
            name = queue.popleft()
            if role in roles[name]:
                continue
            roles[name].add(role)
            queue.extend(n for f in models[name].fields for n in _names(f.python_type, models))
    return roles


def join_document(
    api_version: str,
    package: str,
    operations: list[Operation],
    models: list[Model],
    enums: list[Enum],
    document: dict[str, Any],
) -> Surface:
    problems: list[str] = []
    by_model = {m.name: m for m in models}
    by_enum = {e.name: e for e in enums}
    components = document.get("components", {}).get("schemas", {})
    class_name = class_namer(document)
    schemas = {}
    for key, schema in components.items():
        name = class_name(key)
        python = name if name in by_model or name in by_enum else None
        schemas[key] = Schema(
            key=key, python=python, shape=_shape(schema), api=pointer("components", "schemas", key)
        )
    joined_ops = _join_operations(operations, document, problems)
    keys = {s.python: s.key for s in schemas.values() if s.python}
    for name, model in list(by_model.items()):
        declared = _declared(document, keys[name]) if name in keys else {}
        fields = []
        for field in model.fields:
            where = declared.get(field.json_name or "")
            if where is not None and where[1] != field.required:
                problems.append(
                    f"{name}.{field.name}: required={field.required} in Python, {where[1]} in {where[0]}"
                )
            fields.append(attrs.evolve(field, api=where[0] if where else None))
        by_model[name] = attrs.evolve(model, fields=fields)
    for name, enum in by_enum.items():
        spec = components.get(keys.get(name, ""), {})
        if "enum" in spec and sorted(map(str, spec["enum"])) != sorted(enum.values):
            problems.append(
                f"enum {name}: values {sorted(enum.values)} in Python, {sorted(map(str, spec['enum']))} in openapi.json"
            )
    found = _pointers(by_model, by_enum, joined_ops, schemas, class_name)
    roles = _roles(by_model, joined_ops)
    final_models = {}
    for name, model in by_model.items():
        base = found.get(name)
        fields = [
            f if f.api or base is None else attrs.evolve(f, api=f"{base}/properties/{f.json_name or f.name}")
            for f in model.fields
        ]
        final_models[name] = attrs.evolve(model, fields=fields, api=base, roles=sorted(roles[name]))
    final_ops = {}
    for key, operation in joined_ops.items():
        body_models = [final_models[n] for n in _names(operation.body, final_models)]
        stream_flag = any(f.json_name == "stream" for m in body_models for f in m.fields)
        final_ops[key] = attrs.evolve(operation, streaming=operation.streaming or stream_flag)
    return Surface(
        api_version=api_version,
        package=package,
        operations=dict(sorted(final_ops.items())),
        models=dict(sorted(final_models.items())),
        enums={n: attrs.evolve(e, api=found.get(n)) for n, e in sorted(by_enum.items())},
        schemas=dict(sorted(schemas.items())),
        problems=problems,
    )
