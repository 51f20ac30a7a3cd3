"""OpenAPI 3.0 schemas turned into JSON Schema and validated with `jsonschema`.

OpenAPI 3.0 is not JSON Schema: `nullable: true` is its own keyword. We rewrite every schema
object once (`nullable` -> `anyOf [..., {"type": "null"}]`; `oneOf` read as `anyOf`, as OpenAPI
tools read these documents' overlapping unions; `required` names an `additionalProperties: false`
object does not declare are dropped, since no value could satisfy them) and register the whole document in a
`referencing` registry, so `$ref`s resolve against the document exactly as written. The same
machinery validates requests (in the server) and responses (in the tests).
"""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from aoai_emulator.documents import Document

_SCHEMA_CONTAINERS = ("properties", "patternProperties", "$defs", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "contains")


def to_json_schema(node: Any) -> Any:
    """Return a copy of an OpenAPI 3.0 schema (or whole document) with `nullable` made JSON Schema."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_json_schema(value) for key, value in node.items()}
    if out.get("additionalProperties") is False and isinstance(out.get("required"), list):
        # Unsatisfiable as written (e.g. preview `createRunRequest` requires `thread_id`, a path
        # parameter it does not declare): keep only the required names that are declared.
        declared = out.get("properties", {})
        out["required"] = [name for name in out["required"] if name in declared]
    if "oneOf" in out:
        # The documents use oneOf for unions whose branches overlap (e.g. `{"text": ...}` is both an
        # audioResponse and an audioVerboseResponse), which JSON Schema's exactly-one rule rejects.
        out["anyOf"] = out.pop("oneOf")
    if None in out.get("enum", ()) and isinstance(out.get("type"), str):
        # `enum: [..., null]` is how a patched document says "nullable enum" in the form the
        # generator understands; JSON Schema needs the null type allowed as well.
        out["type"] = [out["type"], "null"]
    if out.pop("nullable", False) is True:
        annotations = {k: out.pop(k) for k in ("description", "title", "default", "example") if k in out}
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return {**annotations, "anyOf": [out, {"type": "null"}]}
    return out


def pointer(*parts: str) -> str:
    """A JSON pointer fragment for path parts (escaping `~` and `/`)."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


@functools.lru_cache(maxsize=8)
def _registry(doc: Document) -> tuple[Registry, str]:
    api_version = doc.api_version
    uri = f"urn:aoai-emulator:{api_version}"
    resource = DRAFT202012.create_resource(to_json_schema(doc.spec))
    return Registry().with_resource(uri, resource), uri


@functools.lru_cache(maxsize=512)
def _validator(doc: Document, fragment: str) -> jsonschema.protocols.Validator:
    registry, uri = _registry(doc)
    return jsonschema.Draft202012Validator({"$ref": f"{uri}#{fragment}"}, registry=registry)


def validator_for(doc: Document, fragment: str) -> jsonschema.protocols.Validator:
    """A cached validator for the schema at JSON pointer `fragment` of `doc`."""
    return _validator(doc, fragment)


def resolve(doc: Document, schema: Any) -> Any:
    """Follow `$ref`s (OpenAPI style, local only) until a concrete schema object."""
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 32:
        node: Any = doc.spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
        seen += 1
    return schema


def describe_error(errors: list[ValidationError]) -> tuple[str | None, str, str]:
    """(param, message, code) for the most relevant error: the param names the offending field."""
    error = best_match(errors)
    assert error is not None
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else ""
        param = ".".join([*path, missing]) if missing else ".".join(path)
        return param, f"Missing required parameter: '{param}'.", "missing_required_parameter"
    if error.validator == "additionalProperties" and error.validator_value is False:
        return (
            ".".join(path) or None,
            f"Unrecognized request argument supplied: {error.message}",
            "BadRequest",
        )
    dotted = ".".join(path) or None
    where = f"'{dotted}'" if dotted else "the request body"
    return dotted, f"Invalid value for {where}: {error.message}", "BadRequest"
