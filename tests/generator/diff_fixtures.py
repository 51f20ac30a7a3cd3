"""Tiny OpenAPI documents and throwaway project roots for the surface, diff and add-version tests.

OLD is a small but complete API (two tags, parameters, a streaming body, enums,
a union component); `new_document()` changes one thing per change kind the diff
knows, each on its own item, so one generation of each side covers them all.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

from aoai_codegen.generate import generate_version
from aoai_codegen.layout import Layout
from aoai_codegen.pins import Pin


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _query(name: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


DEPLOYMENT = {"name": "deployment-id", "in": "path", "required": True, "schema": {"type": "string"}}

OLD: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "tiny", "version": "2024-01-01"},
    "paths": {
        "/deployments/{deployment-id}/things": {
            "post": {
                "operationId": "Things_Create",
                "tags": ["things"],
                "parameters": [
                    DEPLOYMENT,
                    _query("api-version", {"type": "string"}, True),
                    _query("limit", {"type": "integer"}),
                    _query("verbose", {"type": "boolean"}),
                    _query("dry", {"type": "boolean"}),
                ],
                "requestBody": {"required": True, **_json(_ref("createThingRequest"))},
                "responses": {"200": {"description": "ok", **_json(_ref("thingResponse"))}},
            }
        },
        "/items": {
            "get": {
                "operationId": "List_Items",
                "tags": ["items"],
                "parameters": [_query("page", {"type": "integer", "default": 1})],
                "responses": {"200": {"description": "ok", **_json(_ref("itemList"))}},
            }
        },
        "/items/gone": {
            "delete": {
                "operationId": "Gone_Delete",
                "tags": ["items"],
                "responses": {"200": {"description": "ok", **_json(_ref("errorResponse"))}},
            }
        },
        "/items/moving": {
            "get": {
                "operationId": "Moving_Get",
                "tags": ["items"],
                "responses": {"200": {"description": "ok", **_json(_ref("itemList"))}},
            }
        },
    },
    "components": {
        "schemas": {
            "createThingRequest": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                    "width": {"type": "integer"},
                    "stream": {"type": "boolean"},
                    "color": _ref("color"),
                    "note": {"type": "string", "default": "x"},
                    "legacy": {"type": "string"},
                },
            },
            "thingResponse": {
                "type": "object",
                "required": ["id", "kind"],
                "properties": {
                    "id": {"type": "string"},
                    "kind": {"type": "string", "nullable": True},
                    "score": {"type": "number"},
                },
            },
            "color": {"type": "string", "enum": ["red", "green"]},
            "shade": {"type": "string", "enum": ["dark", "light"]},
            "errorResponse": {"type": "object", "properties": {"message": {"type": "string"}}},
            "itemList": {
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"type": "string"}},
                    "shade": _ref("shade"),
                },
            },
            "oldThing": {"type": "object", "properties": {"a": {"type": "string"}}},
        }
    },
}


def new_document() -> dict[str, Any]:
    """OLD with one change of every kind (see EXPECTED)."""
    doc = copy.deepcopy(OLD)
    doc["info"]["version"] = "2024-02-01"
    things = doc["paths"]["/deployments/{deployment-id}/things"]["post"]
    params = {p["name"]: p for p in things["parameters"]}
    params["limit"]["schema"] = {"type": "string"}
    params["verbose"]["required"] = True
    del params["dry"]
    params["mode"] = _query("mode", {"type": "string"}, True)
    params["trace"] = _query("trace", {"type": "boolean"})
    things["parameters"] = list(params.values())
    things["responses"]["404"] = {"description": "missing", **_json(_ref("errorResponse"))}
    doc["paths"]["/items"]["get"]["responses"]["200"] = {"description": "ok", **_json(_ref("thingList"))}
    doc["paths"]["/items"]["get"]["parameters"][0]["schema"]["default"] = 2
    del doc["paths"]["/items/gone"]
    doc["paths"]["/things/moving"] = doc["paths"].pop("/items/moving")  # module folders follow routes
    doc["paths"]["/deployments/{deployment-id}/things/others"] = {
        "post": {
            "operationId": "Others_Create",
            "tags": ["things"],
            "parameters": [DEPLOYMENT],
            "requestBody": {"required": True, **_json(_ref("otherRequest"))},
            "responses": {"200": {"description": "ok", **_json(_ref("errorResponse"))}},
        }
    }
    schemas = doc["components"]["schemas"]
    request = schemas["createThingRequest"]
    request["required"] = ["name", "owner", "width"]
    request["properties"]["owner"] = {"type": "string"}
    request["properties"]["tags"] = {"type": "array", "items": {"type": "string"}}
    request["properties"]["size"] = {"type": "integer", "nullable": True}
    request["properties"]["note"] = {"type": "string", "default": "y"}
    del request["properties"]["stream"], request["properties"]["legacy"]
    response = schemas["thingResponse"]
    response["required"] = ["kind", "created"]
    response["properties"]["created"] = {"type": "integer"}
    response["properties"]["kind"] = {"type": "string"}
    response["properties"]["score"] = {"type": "string"}
    schemas["color"]["enum"] = ["red", "blue"]
    del schemas["shade"], schemas["itemList"]["properties"]["shade"], schemas["oldThing"]
    schemas["thingList"] = {
        "type": "object",
        "properties": {"things": {"type": "array", "items": _ref("thingResponse")}},
    }
    schemas["tone"] = {"type": "string", "enum": ["warm", "cold"]}
    schemas["otherRequest"] = {"type": "object", "properties": {"tone": _ref("tone")}}
    schemas["anyThing"] = {"oneOf": [_ref("createThingRequest"), _ref("thingResponse")]}
    return doc


# (kind, subject, breaking) that diffing OLD -> new_document() must report
EXPECTED = {
    ("operation.removed", "items.gone_delete", True),
    ("operation.added", "things.others_create", False),
    ("operation.moved", "items.moving_get", True),
    ("operation.endpoint_changed", "things.moving_get", False),
    ("operation.streaming_changed", "things.things_create", True),
    ("parameter.type_changed", "things.things_create(limit)", True),
    ("parameter.required_changed", "things.things_create(verbose)", True),
    ("parameter.removed", "things.things_create(dry)", True),
    ("parameter.added", "things.things_create(mode)", True),
    ("parameter.added", "things.things_create(trace)", False),
    ("parameter.default_changed", "items.list_items(page)", False),
    ("response.added", "things.things_create[404]", False),
    ("response.type_changed", "items.list_items[200]", True),
    ("model.added", "ThingList", False),
    ("model.added", "OtherRequest", False),
    ("field.removed", "CreateThingRequest.stream", True),
    ("model.removed", "OldThing", True),
    ("field.added", "CreateThingRequest.owner", True),
    ("field.added", "CreateThingRequest.tags", False),
    ("field.added", "ThingResponse.created", False),
    ("field.removed", "CreateThingRequest.legacy", True),
    ("field.removed", "ItemList.shade", True),
    ("field.type_widened", "CreateThingRequest.size", False),
    ("field.type_narrowed", "ThingResponse.kind", True),
    ("field.type_changed", "ThingResponse.score", True),
    ("field.required_changed", "CreateThingRequest.width", True),
    ("field.required_changed", "ThingResponse.id", True),
    ("field.default_changed", "CreateThingRequest.note", False),
    ("enum.added", "Tone", False),
    ("enum.removed", "Shade", True),
    ("enum.value_added", "Color.blue", False),
    ("enum.value_removed", "Color.green", True),
    ("schema.added", "anyThing", False),
}


def document_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, indent=1).encode()


def pin_for(
    api_version: str, data: bytes, *, channel: str = "ga", url: str = "http://127.0.0.1:9/none"
) -> Pin:
    return Pin(
        api_version=api_version,
        channel=channel,
        repository="example/specs",
        commit="0" * 40,
        path=f"{api_version}/inference.json",
        url=url,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def project(root: Path) -> Layout:
    """An empty throwaway project root (no environment variables consulted)."""
    (root / "specs").mkdir(parents=True, exist_ok=True)
    return Layout(
        root=root, specs=root / "specs", generated=root / "generated", cache=root / "cache", mirror=None
    )


def pin_and_generate(
    layout: Layout, api_version: str, document: dict[str, Any], *, channel: str = "ga"
) -> Path:
    """Pin `document` (served from the cache), generate it through the real pipeline, return the package folder."""
    data = document_bytes(document)
    pin_file = layout.pin_file(api_version)
    pin_file.parent.mkdir(parents=True, exist_ok=True)
    pin_file.write_text(pin_for(api_version, data, channel=channel).to_json())
    cached = layout.cache / api_version / "inference.json"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    generate_version(layout, api_version)
    return layout.package_dir(api_version)
