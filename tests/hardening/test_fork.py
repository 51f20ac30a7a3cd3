"""Item 4: a client used in a child after `os.fork()` gets a fresh pool, not the parent's sockets.

Before: the child reused the parent's pooled keep-alive connection, so parent and child
wrote requests on one socket and could read each other's replies. The server records the
caller's port of every request: a child must arrive on a connection of its own, get its own
reply, and leave the parent's connection working. A real fork, a real server.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable
from typing import Any

import aoai
import pytest

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import Seen, WireServer, json_reply

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork exists on POSIX only")

MESSAGES = [{"role": "user", "content": "hi"}]


def _echo(seen: Seen) -> Any:
    """A completion whose id is the caller's `x-who` header: a crossed reply shows up as the wrong id."""
    who = seen.header("x-who") or "?"
    return json_reply({"id": who, "object": "chat.completion", "created": 1, "model": "m", "choices": []})


def _in_child(work: Callable[[], str]) -> str:
    """Run `work` in a forked child; its result (or its error) comes back through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        code = 1
        try:
            os.write(write, json.dumps({"ok": work()}).encode())
            code = 0
        except BaseException as exc:
            os.write(write, json.dumps({"error": repr(exc)}).encode())
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    result = json.loads(data or b"{}")
    assert os.waitstatus_to_exitcode(status) == 0, result
    return str(result["ok"])


def test_a_sync_client_in_a_forked_child_opens_its_own_connection(server: WireServer) -> None:
    server.script(_echo)
    client = aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k")

    def chat(who: str) -> str:
        return str(
            client.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"x-who": who}).id
        )

    with client:
        assert chat("parent") == "parent"
        parent_port = server.seen[-1].client_port
        assert _in_child(lambda: chat("child")) == "child"
        child_port = server.seen[-1].client_port
        assert chat("parent-again") == "parent-again"
        assert child_port != parent_port
        assert server.seen[-1].client_port == parent_port  # the parent's connection is still its own


def test_an_async_client_in_a_forked_child_opens_its_own_connection(server: WireServer) -> None:
    server.script(_echo)
    client = aoai.AsyncAzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k")

    async def chat(who: str) -> str:
        completion = await client.chat.completions.create(
            model="d", messages=MESSAGES, extra_headers={"x-who": who}
        )
        return str(completion.id)

    async def twice(who: str) -> list[str]:
        return [await chat(who), await chat(who)]

    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(twice("parent")) == ["parent", "parent"]
        parent_port = server.seen[-1].client_port
        assert _in_child(lambda: ",".join(asyncio.run(twice("child")))) == "child,child"
        child_ports = {s.client_port for s in server.seen[-2:]}
        assert parent_port not in child_ports and len(child_ports) == 1
        loop.run_until_complete(client.close())
    finally:
        loop.close()


def test_siblings_share_the_child_pool_too(server: WireServer) -> None:
    server.script(_echo)
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k") as client:
        sibling = client.with_options(max_retries=0)
        sibling.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"x-who": "p"})
        parent_port = server.seen[-1].client_port

        def child() -> str:
            ids = [
                c.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"x-who": "c"}).id
                for c in (client, sibling)
            ]
            return ",".join(map(str, ids))

        assert _in_child(child) == "c,c"
        assert parent_port not in {s.client_port for s in server.seen[-2:]}
        assert server.seen[-1].client_port == server.seen[-2].client_port  # one fresh pool, shared
