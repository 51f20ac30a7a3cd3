"""Every operation of every served document: a valid request gets a response that validates
against that document, and invalid bodies get a 400 that names the field; an operation the
emulator has no handler for (yet) answers a 501 that names it, never a crash."""

from __future__ import annotations

import copy
import re
import struct
from typing import Any

import httpx2
import pytest
from aoai_emulator.app import HANDLERS
from aoai_emulator.documents import load_documents
from aoai_emulator.operations import Operation, operations, schema_at
from aoai_emulator.schemas import resolve, validator_for
from aoai_emulator.synth import local_resolver, minimal
from aoai_emulator.testing import EmulatorHandle

DOCS = load_documents()
ALL_CASES = [(version, op) for version, doc in sorted(DOCS.items()) for op in operations(doc)]
CASES = [(v, op) for v, op in ALL_CASES if op.operation_id in HANDLERS]
UNHANDLED = [(v, op) for v, op in ALL_CASES if op.operation_id not in HANDLERS]
#: What the overlay's facade calls: these must be emulated in every served version.
FACADE_METHODS = (
    "chat.completions.create",
    "completions.create",
    "embeddings.create",
    "images.generate",
    "audio.transcriptions.create",
    "audio.translations.create",
)
AUDIO = b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + bytes(24) + b"data" + bytes(4)
MULTIPART = {
    "Transcriptions_Create": {"response_format": "json"},
    "Translations_Create": {"response_format": "json"},
    "Speech_Create": {"input": "Say hello", "voice": "alloy", "response_format": "wav"},
}
DEPLOYMENT = {
    "Completions_Create": "gpt-35-turbo-instruct",
    "embeddings_create": "text-embedding-3-small",
    "ChatCompletions_Create": "gpt-4o",
    "Transcriptions_Create": "whisper",
    "Translations_Create": "whisper",
    "Speech_Create": "tts",
    "ImageGenerations_Create": "dall-e-3",
}


class World:
    """Objects the stateful operations refer to, created through the API itself."""

    def __init__(self, client: httpx2.Client, version: str) -> None:
        self.client, self.version = client, version
        self.ids: dict[str, str] = {}

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.client.post(f"/openai{path}", params={"api-version": self.version}, json=body)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def ensure(self) -> dict[str, str]:
        if self.ids:
            return self.ids
        assistant = self.post(
            "/assistants", {"model": "gpt-4o", "name": "helper", "instructions": "Be brief."}
        )
        thread = self.post("/threads", {"messages": [{"role": "user", "content": "Hello thread"}]})
        message = self.post(f"/threads/{thread['id']}/messages", {"role": "user", "content": "More"})
        run = self.post(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
        steps = self.client.get(
            f"/openai/threads/{thread['id']}/runs/{run['id']}/steps", params={"api-version": self.version}
        ).json()
        store = self.post("/vector_stores", {"name": "docs", "file_ids": ["file-a"]})
        batch = self.post(f"/vector_stores/{store['id']}/file_batches", {"file_ids": ["file-b", "file-c"]})
        self.ids = {
            "assistant_id": assistant["id"],
            "thread_id": thread["id"],
            "message_id": message["id"],
            "run_id": run["id"],
            "step_id": steps["data"][0]["id"],
            "vector_store_id": store["id"],
            "file_id": "file-a",
            "batch_id": batch["id"],
        }
        return self.ids


def json_body(op_id: str, ids: dict[str, str]) -> dict[str, Any] | None:
    bodies: dict[str, dict[str, Any]] = {
        "Completions_Create": {"prompt": "Once upon a time", "max_tokens": 5},
        "embeddings_create": {"input": ["hello", "world"]},
        "ChatCompletions_Create": {"messages": [{"role": "user", "content": "Hello"}]},
        "ImageGenerations_Create": {"prompt": "a lighthouse"},
        "Create_Assistant": {"model": "gpt-4o", "name": "second"},
        "Modify_Assistant": {"name": "renamed", "metadata": {"k": "v"}},
        "Create_Thread": {"messages": [{"role": "user", "content": "Hi"}], "metadata": {"k": "v"}},
        "Modify_Thread": {"metadata": {"k": "v"}},
        "Create_Message": {"role": "user", "content": "Another"},
        "Modify_Message": {"metadata": {"k": "v"}},
        "Create_Thread_And_Run": {
            "assistant_id": ids.get("assistant_id", ""),
            "thread": {"messages": [{"role": "user", "content": "Go"}]},
        },
        "Create_Run": {"assistant_id": ids.get("assistant_id", "")},
        "Modify_Run": {"metadata": {"k": "v"}},
        "Submit_Tool_Outputs_To_Run": {"tool_outputs": [{"tool_call_id": "call_1", "output": "42"}]},
        "Create_Vector_Store": {"name": "more docs"},
        "Modify_Vector_Store": {"name": "renamed docs"},
        "Create_Vector_Store_File": {"file_id": "file-z"},
        "Create_Vector_Store_File_Batch": {"file_ids": ["file-x", "file-y"]},
    }
    return bodies.get(op_id)


def fresh_target(world: World, op: Operation, ids: dict[str, str]) -> dict[str, str]:
    """Deletes get their own object, so the shared ones stay for the other operations."""
    ids = dict(ids)
    if op.operation_id == "Delete_Assistant":
        ids["assistant_id"] = world.post("/assistants", {"model": "gpt-4o"})["id"]
    elif op.operation_id == "Delete_Thread":
        ids["thread_id"] = world.post("/threads", {})["id"]
    elif op.operation_id == "Delete_Vector_Store":
        ids["vector_store_id"] = world.post("/vector_stores", {"name": "doomed"})["id"]
    elif op.operation_id == "Delete_Vector_Store_File":
        world.post(f"/vector_stores/{ids['vector_store_id']}/files", {"file_id": "file-doomed"})
        ids["file_id"] = "file-doomed"
    elif op.operation_id == "Cancel_Run":
        thread = world.post("/threads", {})["id"]
        run = world.post(f"/threads/{thread}/runs", {"assistant_id": ids["assistant_id"]})
        ids["thread_id"], ids["run_id"] = thread, run["id"]
    return ids


def send(
    client: httpx2.Client, version: str, op: Operation, ids: dict[str, str], body: Any
) -> httpx2.Response:
    path = op.path.replace("{deployment-id}", DEPLOYMENT.get(op.operation_id, "gpt-4o"))
    for key, value in ids.items():
        path = path.replace("{" + key + "}", value)
    params = {"api-version": version}
    if op.operation_id in MULTIPART:
        fields = MULTIPART[op.operation_id] if body is None else body
        files = {"file": ("hello.wav", AUDIO, "audio/wav")} if op.operation_id != "Speech_Create" else None
        if files is None:
            return client.post(
                f"/openai{path}",
                params=params,
                files={"input": (None, fields["input"])},
                data={k: v for k, v in fields.items() if k != "input"},
            )
        return client.post(f"/openai{path}", params=params, data=fields, files=files)
    if op.method == "GET" or op.method == "DELETE":
        return client.request(op.method, f"/openai{path}", params=params)
    return client.post(f"/openai{path}", params=params, json=body if body is not None else {})


@pytest.fixture(scope="module")
def client(emulator: EmulatorHandle) -> Any:
    with httpx2.Client(base_url=emulator.base_url, headers={"api-key": emulator.api_key}) as c:
        yield c


@pytest.fixture(scope="module")
def worlds(client: httpx2.Client) -> dict[str, World]:
    return {version: World(client, version) for version in DOCS}


@pytest.mark.parametrize(("version", "op"), CASES, ids=[f"{v}:{o.operation_id}" for v, o in CASES])
def test_valid_request_gets_a_valid_response(
    client: httpx2.Client, worlds: dict[str, World], version: str, op: Operation
) -> None:
    doc = DOCS[version]
    world = worlds[version]
    ids = (
        world.ensure()
        if "{" in op.path.replace("{deployment-id}", "") or op.operation_id.endswith("Run")
        else {}
    )
    ids = fresh_target(world, op, ids) if ids else ids
    reply = send(client, version, op, ids, json_body(op.operation_id, ids))
    assert reply.status_code == 200, reply.text
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


@pytest.mark.parametrize(("version", "op"), JSON_CASES, ids=[f"{v}:{o.operation_id}" for v, o in JSON_CASES])
def test_invalid_body_gets_400_naming_the_field(
    client: httpx2.Client, worlds: dict[str, World], version: str, op: Operation
) -> None:
    doc = DOCS[version]
    ids = worlds[version].ensure() if "{" in op.path.replace("{deployment-id}", "") else {}
    valid = json_body(op.operation_id, {"assistant_id": "asst_x"}) or {}
    cases = broken_bodies(doc, op, valid)
    assert cases, f"no invalid body derivable for {op.operation_id}"
    for body, field in cases:
        reply = send(client, version, op, ids, body)
        assert reply.status_code == 400, (field, reply.text)
        error = reply.json()["error"]
        assert error["param"] is not None and error["param"].split(".")[0] == field, error
        assert field in error["message"]
        assert error["type"] == "invalid_request_error"


@pytest.mark.parametrize("version", sorted(DOCS))
def test_multipart_without_file_is_400(client: httpx2.Client, version: str) -> None:
    reply = client.post(
        "/openai/deployments/whisper/audio/transcriptions",
        params={"api-version": version},
        files={"language": (None, "en")},
    )
    assert reply.status_code == 400
    assert reply.json()["error"]["param"] == "file"


def test_every_facade_operation_is_handled_in_every_served_version() -> None:
    from aoai.versions import load_metadata

    for version in DOCS:
        facade = load_metadata(version).FACADE
        missing = {facade[m] for m in FACADE_METHODS if m in facade} - set(HANDLERS)
        assert not missing, f"{version}: facade operations answering 501: {sorted(missing)}"
    assert CASES and len(CASES) >= len(ALL_CASES) // 2


@pytest.mark.parametrize(("version", "op"), UNHANDLED, ids=[f"{v}:{o.operation_id}" for v, o in UNHANDLED])
def test_an_operation_without_handler_answers_501_naming_it(
    client: httpx2.Client, version: str, op: Operation
) -> None:
    doc = DOCS[version]
    path = op.path.replace("{deployment-id}", "gpt-4o")
    path = re.sub(r"\{[^}]+\}", "x1", path)
    body = None
    if "application/json" in op.request_types:
        body = minimal(schema_at(doc, op.request_fragment("application/json")), local_resolver(doc.spec))
    reply = client.request(op.method, f"/openai{path}", params={"api-version": version}, json=body)
    assert reply.status_code == 501, reply.text
    assert (
        reply.json()["error"]["message"]
        == f"The operation '{op.operation_id}' is not emulated by aoai-emulator."
    )
