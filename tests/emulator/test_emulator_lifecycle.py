"""Start/stop: the CLI prints what a user needs, the fixture leaves no threads or sockets behind,
and the stateful preview objects behave like a store."""

from __future__ import annotations

import subprocess
import sys
import threading

import httpx2
from aoai_emulator.testing import EmulatorHandle, running_emulator

PREVIEW = "2024-10-01-preview"


def test_cli_prints_base_url_and_key() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "aoai_emulator", "--host", "127.0.0.1", "--port", "0", "--api-key", "k1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: dict[str, str] = {}
        while "AZURE_OPENAI_API_KEY" not in lines:
            line = process.stdout.readline()
            assert line, "emulator exited early"
            if "=" in line:
                key, value = line.strip().split("=", 1)
                lines[key] = value
        base_url = lines["AZURE_OPENAI_ENDPOINT"]
        assert base_url.startswith("http://127.0.0.1:") and lines["AZURE_OPENAI_API_KEY"] == "k1"
        health = httpx2.get(base_url + "/_emulator/health").json()
        assert set(health["api_versions"]) >= {"2024-10-21", PREVIEW}
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def test_fixture_stops_cleanly() -> None:
    before = {t.name for t in threading.enumerate()}
    with running_emulator() as em:
        httpx2.get(em.base_url + "/_emulator/health")
        port = em.server.port
    assert {t.name for t in threading.enumerate()} == before
    assert em.server.sock.fileno() == -1
    with running_emulator() as again:  # the port is free again (no leaked listener)
        assert again.base_url
    try:
        httpx2.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=1)
        raise AssertionError("the stopped emulator still answers")
    except httpx2.ConnectError:
        pass


def test_objects_store_lifecycle(emulator: EmulatorHandle) -> None:
    with httpx2.Client(
        base_url=emulator.base_url + "/openai", headers={"api-key": emulator.api_key}
    ) as client:
        params = {"api-version": PREVIEW}
        created = [
            client.post("/assistants", params=params, json={"model": "gpt-4o", "name": f"a{i}"}).json()
            for i in range(3)
        ]
        listed = client.get(
            "/assistants", params={**params, "limit": 2, "order": "asc", "after": created[0]["id"]}
        )
        assert [a["id"] for a in listed.json()["data"]] == [created[1]["id"], created[2]["id"]]
        renamed = client.post(
            f"/assistants/{created[0]['id']}", params=params, json={"name": "renamed"}
        ).json()
        assert renamed["name"] == "renamed" and renamed["id"] == created[0]["id"]
        deleted = client.delete(f"/assistants/{created[0]['id']}", params=params).json()
        assert deleted == {"id": created[0]["id"], "object": "assistant.deleted", "deleted": True}
        missing = client.get(f"/assistants/{created[0]['id']}", params=params)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "NotFound"

        thread = client.post(
            "/threads", params=params, json={"messages": [{"role": "user", "content": "Hi"}]}
        )
        thread_id = thread.json()["id"]
        run = client.post(
            f"/threads/{thread_id}/runs", params=params, json={"assistant_id": created[1]["id"]}
        )
        assert run.json()["status"] == "completed"
        messages = client.get(f"/threads/{thread_id}/messages", params=params).json()["data"]
        assert messages[0]["role"] == "assistant"
        assert messages[0]["content"][0]["text"]["value"] == "This is an emulated reply to: Hi"
        no_assistant = client.post(
            f"/threads/{thread_id}/runs", params=params, json={"assistant_id": "asst_nope"}
        )
        assert no_assistant.status_code == 404
