"""Every operation of every served document, both route models: a valid request gets a response
that validates against that document, and invalid bodies get a 400 that names the field; an
operation the emulator has no handler for (yet) answers a 501 that names it, never a crash."""

from __future__ import annotations

import copy
from typing import Any

import httpx2
import pytest
from aoai_emulator.app import HANDLERS
from aoai_emulator.operations import Operation, schema_at
from aoai_emulator.schemas import resolve, validator_for
from aoai_emulator.synth import local_resolver, minimal
from aoai_emulator.testing import EmulatorHandle

from tests.emulator.operation_world import (
    ALL_CASES,
    CASES,
    DOCS,
    MULTIPART,
    UNHANDLED,
    World,
    case_id,
    headers_for,
    json_body,
    name_of,
    send,
    url,
    with_deployment,
)

#: What the overlay's facade calls: these must be emulated in every served version that has them.
FACADE_METHODS = (
    "chat.completions.create",
    "completions.create",
    "embeddings.create",
    "images.generate",
    "audio.transcriptions.create",
    "audio.translations.create",
    "responses.create",
    "responses.retrieve",
    "responses.delete",
    "responses.input_items.list",
    "files.create",
    "files.list",
    "files.retrieve",
    "files.delete",
    "files.content",
    "models.list",
    "models.retrieve",
)


@pytest.fixture(scope="module")
def client(emulator: EmulatorHandle) -> Any:
    with httpx2.Client(base_url=emulator.base_url, headers={"api-key": emulator.api_key}) as c:
        yield c


@pytest.fixture(scope="module")
def worlds(client: httpx2.Client) -> dict[str, World]:
    return {version: World(client, version) for version in DOCS}


def _needs_objects(op: Operation) -> bool:
    return "{" in op.path.replace("{deployment-id}", "").replace("{model}", "") or op.operation_id.endswith(
        "Run"
    )


@pytest.mark.parametrize(("version", "op"), CASES, ids=[case_id(v, o) for v, o in CASES])
def test_valid_request_gets_a_valid_response(
    client: httpx2.Client, worlds: dict[str, World], version: str, op: Operation
) -> None:
    doc, world, name = DOCS[version], worlds[version], name_of(version, op)
    ids = world.fresh_target(name, world.ensure()) if _needs_objects(op) else {}
    reply = send(client, version, op, ids, with_deployment(doc, op, json_body(name, ids)))
    assert reply.status_code == 200, reply.text
    if not op.response_types:  # the document declares an empty answer
        assert reply.content == b""
        return
    content_type = reply.headers["content-type"].split(";")[0]
    assert content_type in op.response_types or op.response_types == ("application/octet-stream",)
    if content_type == "application/json":
        errors = list(validator_for(doc, op.response_fragment("application/json")).iter_errors(reply.json()))
        assert not errors, [e.message for e in errors][:3]
    else:
        assert reply.content


def flat(doc: Any, schema: Any) -> dict[str, Any]:
    """`properties` and `required` of a schema, merged through `allOf`."""
    schema = resolve(doc, schema)
    merged = {"properties": dict(schema.get("properties", {})), "required": list(schema.get("required", []))}
    for part in schema.get("allOf", []):
        inner = flat(doc, part)
        merged["properties"].update(inner["properties"])
        merged["required"] += inner["required"]
    return merged


def broken_bodies(doc: Any, op: Operation, valid: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(body, field the 400 must name): a required field removed, then a field of the wrong type."""
    schema = flat(doc, schema_at(doc, op.request_fragment(op.request_types[0])))
    cases = []
    for name in schema.get("required", []):
        if name in valid and name != "file":
            cases.append(({k: v for k, v in valid.items() if k != name}, name))
    wrong = {
        "string": 12345,
        "integer": "many",
        "number": "lots",
        "boolean": "yes",
        "array": "x",
        "object": 7,
    }
    for name in valid:
        kind = resolve(doc, schema.get("properties", {}).get(name, {})).get("type")
        if kind in wrong:
            broken = copy.deepcopy(valid)
            broken[name] = wrong[kind]
            cases.append((broken, name))
            break
    return cases


JSON_CASES = [(v, op) for v, op in CASES if "application/json" in op.request_types]  # handled ones


@pytest.mark.parametrize(("version", "op"), JSON_CASES, ids=[case_id(v, o) for v, o in JSON_CASES])
def test_invalid_body_gets_400_naming_the_field(
    client: httpx2.Client, worlds: dict[str, World], version: str, op: Operation
) -> None:
    doc = DOCS[version]
    ids = worlds[version].ensure() if _needs_objects(op) else {}
    valid = with_deployment(doc, op, json_body(name_of(version, op), {"assistant_id": "asst_x"}) or {}) or {}
    cases = broken_bodies(doc, op, valid)
    assert cases, f"no invalid body derivable for {op.operation_id}"
    for body, field in cases:
        reply = send(client, version, op, ids, body)
        assert reply.status_code == 400, (field, reply.text)
        error = reply.json()["error"]
        assert error["param"] is not None and error["param"].split(".")[0] == field, error
        assert field in error["message"]
        assert error["type"] in ("invalid_request_error", "error")
        problems = (
            list(
                validator_for(doc, op.response_fragment("application/json", "default")).iter_errors(
                    reply.json()
                )
            )
            if doc.route_model != "dated"
            else []
        )
        assert not problems, [p.message for p in problems]


UPLOADS = [(v, op) for v, op in CASES if name_of(v, op) in MULTIPART and MULTIPART[name_of(v, op)][1]]


@pytest.mark.parametrize(("version", "op"), UPLOADS, ids=[case_id(v, o) for v, o in UPLOADS])
def test_multipart_without_file_is_400(client: httpx2.Client, version: str, op: Operation) -> None:
    reply = send(client, version, op, {}, None, upload=False)
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"]["param"] == "file"


def test_every_facade_operation_is_handled_in_every_served_version() -> None:
    from aoai.versions import load_metadata

    for version in DOCS:
        facade = load_metadata(version).FACADE
        missing = {facade[m] for m in FACADE_METHODS if m in facade} - {
            op.operation_id for v, op in CASES if v == version
        }
        assert not missing, f"{version}: facade operations answering 501: {sorted(missing)}"
    assert CASES and len(CASES) >= len(ALL_CASES) // 2
    assert {"v1", "preview"} <= set(DOCS), "the v1 API's packages are served"


@pytest.mark.parametrize(("version", "op"), UNHANDLED, ids=[case_id(v, o) for v, o in UNHANDLED])
def test_an_operation_without_handler_answers_501_naming_it(
    client: httpx2.Client, version: str, op: Operation
) -> None:
    doc = DOCS[version]
    body = None
    if "application/json" in op.request_types:
        body = minimal(schema_at(doc, op.request_fragment("application/json")), local_resolver(doc.spec))
    target = url(doc, op, {}).replace("{", "").replace("}", "1")
    reply = client.request(
        op.method, target, params={"api-version": version}, json=body, headers=headers_for(doc, op)
    )
    assert reply.status_code == 501, reply.text
    if op.method == "HEAD":
        return
    assert (
        reply.json()["error"]["message"]
        == f"The operation '{op.operation_id}' is not emulated by aoai-emulator."
    )
    assert name_of(version, op) not in HANDLERS
