"""The files API on the v1 routes: multipart upload, cursor pages (`after`, `limit`, `order`;
`has_more`, `first_id`, `last_id`), retrieve, content as bytes (large ones too), delete, and
400s that name the field."""

from __future__ import annotations

import json
import os
from typing import Any

import httpx2
import pytest
from aoai_emulator.testing import running_emulator

from tests.emulator.v1_support import PREVIEW, V1, answer, problems, v1_client


@pytest.fixture
def client() -> Any:
    """A fresh emulator per test: the listing tests count every file."""
    with running_emulator() as em, v1_client(em) as c:
        yield c


def upload(
    client: httpx2.Client, name: str, data: bytes, purpose: str = "assistants", **fields: str
) -> httpx2.Response:
    return client.post(
        "/files", data={"purpose": purpose, **fields}, files={"file": (name, data, "application/jsonl")}
    )


def test_upload_retrieve_content_delete(client: httpx2.Client) -> None:
    made = upload(client, "train.jsonl", b'{"prompt": "hi"}\n')
    assert made.status_code == 200
    record = made.json()
    assert not problems(V1, answer(V1, "files.create"), record)
    assert record["id"].startswith("file-") and record["object"] == "file"
    assert (record["filename"], record["bytes"], record["purpose"], record["status"]) == (
        "train.jsonl",
        17,
        "assistants",
        "processed",
    )
    assert "expires_at" not in record
    assert client.get(f"/files/{record['id']}").json() == record
    content = client.get(f"/files/{record['id']}/content")
    assert content.content == b'{"prompt": "hi"}\n'
    assert content.headers["content-type"] == "application/octet-stream"
    deleted = client.delete(f"/files/{record['id']}").json()
    assert deleted == {"id": record["id"], "object": "file", "deleted": True}
    assert not problems(V1, answer(V1, "files.delete"), deleted)
    for path in (f"/files/{record['id']}", f"/files/{record['id']}/content"):
        gone = client.get(path)
        assert gone.status_code == 404 and record["id"] in gone.json()["error"]["message"]
        assert not problems(V1, answer(V1, "files.retrieve", "default"), gone.json())


def test_expiry_from_expires_after_or_the_batch_default(client: httpx2.Client) -> None:
    fields = {"expires_after[anchor]": "created_at", "expires_after[seconds]": "3600"}
    timed = upload(client, "a.jsonl", b"{}\n", **fields).json()
    assert timed["expires_at"] == timed["created_at"] + 3600
    as_json_part = client.post(
        "/files",
        files={
            "file": ("j.jsonl", b"{}\n"),
            "purpose": (None, "assistants"),
            "expires_after": (
                None,
                json.dumps({"anchor": "created_at", "seconds": 7200}),
                "application/json",
            ),
        },
    ).json()  # how generated clients send an object member of a form
    assert as_json_part["expires_at"] == as_json_part["created_at"] + 7200
    batch = upload(client, "b.jsonl", b"{}\n", purpose="batch").json()
    assert batch["expires_at"] == batch["created_at"] + 30 * 24 * 3600  # Azure's default for batch files
    bad = upload(
        client,
        "c.jsonl",
        b"{}\n",
        **{"expires_after[anchor]": "created_at", "expires_after[seconds]": "soon"},
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "expires_after.seconds"


def test_large_content_comes_back_byte_for_byte(client: httpx2.Client) -> None:
    data = os.urandom(8 * 1024 * 1024)
    record = upload(client, "big.bin", data, purpose="batch").json()
    assert record["bytes"] == len(data)
    assert client.get(f"/files/{record['id']}/content").content == data


def test_list_pages_with_after_limit_and_order(client: httpx2.Client) -> None:
    ids = [upload(client, f"f{i}.jsonl", b"{}\n").json()["id"] for i in range(7)]
    everything = client.get("/files").json()
    assert not problems(V1, answer(V1, "files.list"), everything)
    assert [f["id"] for f in everything["data"]] == ids[::-1]  # newest first by default
    assert everything["has_more"] is False
    assert (everything["first_id"], everything["last_id"]) == (ids[-1], ids[0])
    pages, after = [], None
    while True:
        params: dict[str, Any] = {"limit": 3, "order": "asc", **({"after": after} if after else {})}
        page = client.get("/files", params=params).json()
        assert page["first_id"] == page["data"][0]["id"] and page["last_id"] == page["data"][-1]["id"]
        pages.append([f["id"] for f in page["data"]])
        if not page["has_more"]:
            break
        after = page["last_id"]
    assert pages == [ids[0:3], ids[3:6], ids[6:7]]
    newest = client.get("/files", params={"limit": 2}).json()
    assert [f["id"] for f in newest["data"]] == [ids[6], ids[5]] and newest["has_more"] is True


def test_list_filters_by_purpose_and_an_empty_list_is_valid(client: httpx2.Client) -> None:
    empty = client.get("/files").json()
    assert empty == {"object": "list", "data": [], "first_id": "", "last_id": "", "has_more": False}
    assert not problems(V1, answer(V1, "files.list"), empty)
    tuning = upload(client, "t.jsonl", b"{}\n", purpose="fine-tune").json()
    upload(client, "a.jsonl", b"{}\n", purpose="assistants")
    listed = client.get("/files", params={"purpose": "fine-tune"}).json()
    assert [f["id"] for f in listed["data"]] == [tuning["id"]]


def test_bad_uploads_are_400s_naming_the_field(client: httpx2.Client) -> None:
    no_purpose = client.post("/files", files={"file": ("a.jsonl", b"{}\n")})
    assert no_purpose.status_code == 400 and no_purpose.json()["error"]["param"] == "purpose"
    wrong = upload(client, "a.jsonl", b"{}\n", purpose="homework")
    assert wrong.status_code == 400 and wrong.json()["error"]["param"] == "purpose"
    assert "homework" in wrong.json()["error"]["message"]
    no_file = client.post("/files", files={"purpose": (None, "batch")})
    assert no_file.status_code == 400 and no_file.json()["error"]["param"] == "file"
    as_json = client.post("/files", json={"purpose": "batch"})
    assert as_json.status_code == 400 and "multipart/form-data" in as_json.json()["error"]["message"]
    for reply in (no_purpose, wrong, no_file, as_json):
        assert not problems(V1, answer(V1, "files.create", "default"), reply.json())


def test_the_preview_document_serves_the_same_files(client: httpx2.Client) -> None:
    params = {"api-version": "preview"}
    record = client.post(
        "/files", params=params, data={"purpose": "batch"}, files={"file": ("p.jsonl", b"{}\n")}
    ).json()
    assert not problems(PREVIEW, answer(PREVIEW, "files.create"), record)
    listed = client.get("/files", params=params).json()
    assert not problems(PREVIEW, answer(PREVIEW, "files.list"), listed) and listed["data"] == [record]
