"""What the per-operation tests send: a valid request for every handled operation of every served
document (both route models), and the objects the stateful ones refer to, made through the API.

Everything is keyed by facade name (`files.create`), the name the emulator's handlers use, so one
table covers every api-version."""

from __future__ import annotations

import struct
from typing import Any

import httpx2
from aoai_emulator.app import HANDLERS, deployment_of
from aoai_emulator.documents import Document, load_documents
from aoai_emulator.operations import Operation, operations

DOCS = load_documents()
ALL_CASES = [(version, op) for version, doc in sorted(DOCS.items()) for op in operations(doc)]
CASES = [(v, op) for v, op in ALL_CASES if DOCS[v].facade_name(op.operation_id) in HANDLERS]
UNHANDLED = [(v, op) for v, op in ALL_CASES if DOCS[v].facade_name(op.operation_id) not in HANDLERS]
AUDIO = b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + bytes(24) + b"data" + bytes(4)
UPLOAD = ("data.jsonl", b'{"prompt": "hello"}\n', "application/jsonl")
#: Multipart operations: the form fields of a valid request, and the file it uploads (if any).
MULTIPART: dict[str, tuple[dict[str, Any], tuple[str, bytes, str] | None]] = {
    "audio.transcriptions.create": ({"response_format": "json"}, ("hello.wav", AUDIO, "audio/wav")),
    "audio.translations.create": ({"response_format": "json"}, ("hello.wav", AUDIO, "audio/wav")),
    "audio.speech.create": ({"input": "Say hello", "voice": "alloy", "response_format": "wav"}, None),
    "files.create": ({"purpose": "assistants"}, UPLOAD),
}
DEPLOYMENT = {
    "completions.create": "gpt-35-turbo-instruct",
    "embeddings.create": "text-embedding-3-small",
    "chat.completions.create": "gpt-4o",
    "audio.transcriptions.create": "whisper",
    "audio.translations.create": "whisper",
    "audio.speech.create": "tts",
    "images.generate": "dall-e-3",
    "responses.create": "gpt-4o-mini",
}


def name_of(version: str, op: Operation) -> str:
    return DOCS[version].facade_name(op.operation_id)


def case_id(version: str, op: Operation) -> str:
    return f"{version}:{op.operation_id}"


def json_body(name: str, ids: dict[str, str]) -> dict[str, Any] | None:
    bodies: dict[str, dict[str, Any]] = {
        "completions.create": {"prompt": "Once upon a time", "max_tokens": 5},
        "embeddings.create": {"input": ["hello", "world"]},
        "chat.completions.create": {"messages": [{"role": "user", "content": "Hello"}]},
        "images.generate": {"prompt": "a lighthouse"},
        "responses.create": {"input": "Hello", "instructions": "Be brief."},
        "assistants.create": {"model": "gpt-4o", "name": "second"},
        "assistants.update": {"name": "renamed", "metadata": {"k": "v"}},
        "threads.create": {"messages": [{"role": "user", "content": "Hi"}], "metadata": {"k": "v"}},
        "threads.update": {"metadata": {"k": "v"}},
        "threads.messages.create": {"role": "user", "content": "Another"},
        "threads.messages.update": {"metadata": {"k": "v"}},
        "threads.create_thread_and_run": {
            "assistant_id": ids.get("assistant_id", ""),
            "thread": {"messages": [{"role": "user", "content": "Go"}]},
        },
        "threads.runs.create": {"assistant_id": ids.get("assistant_id", "")},
        "threads.runs.update": {"metadata": {"k": "v"}},
        "threads.runs.submit_tool_outputs": {"tool_outputs": [{"tool_call_id": "call_1", "output": "42"}]},
        "vector_stores.create": {"name": "more docs"},
        "vector_stores.update": {"name": "renamed docs"},
        "vector_stores.files.create": {"file_id": "file-z"},
        "vector_stores.files.update": {"attributes": {"topic": "docs"}},
        "vector_stores.file_batches.create": {"file_ids": ["file-x", "file-y"]},
    }
    return bodies.get(name)


def with_deployment(doc: Document, op: Operation, body: dict[str, Any] | None) -> dict[str, Any] | None:
    """A body-deployment operation (the v1 API's `model`) gets its deployment into the body."""
    where = deployment_of(doc, op)
    name = doc.facade_name(op.operation_id)
    if body is None or not where or where[0] != "body" or name not in DEPLOYMENT:
        return body
    return {where[1]: DEPLOYMENT[name], **body}


def url(doc: Document, op: Operation, ids: dict[str, str]) -> str:
    path = op.path.replace("{deployment-id}", DEPLOYMENT.get(doc.facade_name(op.operation_id), "gpt-4o"))
    for key, value in ids.items():
        path = path.replace("{" + key + "}", value)
    return doc.server_path + path.replace("{model}", "gpt-4o")


def headers_for(doc: Document, op: Operation) -> dict[str, str]:
    """The headers the document requires of the operation (`aoai-evals: preview`)."""
    required = doc.facts.get(op.operation_id, {}).get("headers") or {}
    return {k: str(v) for k, v in required.items() if v is not None}


def send(
    client: httpx2.Client, version: str, op: Operation, ids: dict[str, str], body: Any, *, upload: bool = True
) -> httpx2.Response:
    """`body` as it is (JSON or form fields); None sends the table's valid multipart fields."""
    doc = DOCS[version]
    name = doc.facade_name(op.operation_id)
    target = url(doc, op, ids)
    params = {"api-version": version}
    headers = headers_for(doc, op)
    if name in MULTIPART:
        fields, attached = MULTIPART[name]
        fields = (with_deployment(doc, op, fields) or {}) if body is None else body
        parts: dict[str, Any] = {k: (None, str(v)) for k, v in fields.items()}
        if attached is not None and upload:
            parts["file"] = attached
        return client.post(target, params=params, files=parts, headers=headers)
    if op.method in ("GET", "DELETE", "HEAD"):
        return client.request(op.method, target, params=params, headers=headers)
    return client.post(target, params=params, json=body if body is not None else {}, headers=headers)


class World:
    """Objects the stateful operations refer to, created through the API itself."""

    def __init__(self, client: httpx2.Client, version: str) -> None:
        self.client, self.version, self.doc = client, version, DOCS[version]
        self.ids: dict[str, str] = {}

    def has(self, name: str) -> bool:
        return self.doc.operation_id(name) is not None

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.client.post(self.doc.server_path + path, params={"api-version": self.version}, json=body)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def upload(self) -> str:
        reply = self.client.post(
            self.doc.server_path + "/files",
            params={"api-version": self.version},
            data={"purpose": "assistants"},
            files={"file": UPLOAD},
        )
        assert reply.status_code == 200, reply.text
        return str(reply.json()["id"])

    def respond(self) -> str:
        return str(self.post("/responses", {"model": "gpt-4o", "input": "Remember this"})["id"])

    def ensure(self) -> dict[str, str]:
        if self.ids:
            return self.ids
        ids: dict[str, str] = {"file_id": "file-a"}
        if self.has("files.create"):
            ids["file_id"] = self.upload()
        if self.has("responses.create"):
            ids["response_id"] = self.respond()
        if self.has("assistants.create"):
            assistant = self.post(
                "/assistants", {"model": "gpt-4o", "name": "helper", "instructions": "Be brief."}
            )
            thread = self.post("/threads", {"messages": [{"role": "user", "content": "Hello thread"}]})
            message = self.post(f"/threads/{thread['id']}/messages", {"role": "user", "content": "More"})
            run = self.post(f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
            steps = self.client.get(
                f"{self.doc.server_path}/threads/{thread['id']}/runs/{run['id']}/steps",
                params={"api-version": self.version},
            ).json()
            ids.update(assistant_id=assistant["id"], thread_id=thread["id"], message_id=message["id"])
            ids.update(run_id=run["id"], step_id=steps["data"][0]["id"])
        if self.has("vector_stores.create"):
            store = self.post("/vector_stores", {"name": "docs", "file_ids": [ids["file_id"]]})
            batch = self.post(
                f"/vector_stores/{store['id']}/file_batches", {"file_ids": ["file-b", "file-c"]}
            )
            ids.update(vector_store_id=store["id"], batch_id=batch["id"])
        self.ids = ids
        return ids

    def fresh_target(self, name: str, ids: dict[str, str]) -> dict[str, str]:
        """Deletes get their own object, so the shared ones stay for the other operations."""
        ids = dict(ids)
        if name == "assistants.delete":
            ids["assistant_id"] = self.post("/assistants", {"model": "gpt-4o"})["id"]
        elif name == "threads.delete":
            ids["thread_id"] = self.post("/threads", {})["id"]
        elif name == "vector_stores.delete":
            ids["vector_store_id"] = self.post("/vector_stores", {"name": "doomed"})["id"]
        elif name == "vector_stores.files.delete":
            self.post(f"/vector_stores/{ids['vector_store_id']}/files", {"file_id": "file-doomed"})
            ids["file_id"] = "file-doomed"
        elif name == "threads.runs.cancel":
            thread = self.post("/threads", {})["id"]
            run = self.post(f"/threads/{thread}/runs", {"assistant_id": ids["assistant_id"]})
            ids["thread_id"], ids["run_id"] = thread, run["id"]
        elif name == "files.delete":
            ids["file_id"] = self.upload()
        elif name == "responses.delete":
            ids["response_id"] = str(self.post("/responses", {"model": "gpt-4o", "input": "Doomed"})["id"])
        return ids
