"""aoai and the official `openai` SDK on the same hostile input, side by side: the README's table.

Run: `python -m tests.hardening.side_by_side` (prints a Markdown table). Every row is measured
here, on 127.0.0.1, against a scripted server (`wire_server.py`) or a forwarding proxy; nothing
in the table is written by hand. `test_side_by_side.py` runs it in CI and checks aoai's column.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aoai
import openai

from tests.hardening.proxy_server import ForwardingProxy
from tests.hardening.wire_server import Reply, WireServer, chat_chunk, corrupt_gzip, json_reply, sse_body

GA = "2024-10-21"
PREVIEW = "2024-10-01-preview"
MESSAGES = [{"role": "user", "content": "hi"}]
JSON = [("content-type", "application/json")]
SSE = [("content-type", "text/event-stream")]
COMPLETION = {
    "id": "c",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}],
}
WORDS = ["Hel", "lo"]
CHUNKS = [chat_chunk("Hel"), chat_chunk("lo", finish="stop")]


@dataclass
class Row:
    case: str
    aoai: str
    sdk: str


def name_of(exc: BaseException) -> str:
    module = type(exc).__module__.split(".")[0]
    return f"`{module}.{type(exc).__name__}`"


def outcome(fn: Callable[[], Any], show: Callable[[Any], str] = lambda r: "returns a result") -> str:
    try:
        result = fn()
    except Exception as exc:
        return f"raises {name_of(exc)}"
    return show(result)


def clients(server: WireServer, version: str = GA, **kwargs: Any) -> tuple[Any, Any]:
    common = {"azure_endpoint": server.base_url, "api_version": version, "api_key": "k", **kwargs}
    return aoai.AzureOpenAI(**common), openai.AzureOpenAI(**common)


def both(
    server: WireServer, call: Callable[[Any], Any], show: Callable[[Any], str], **kwargs: Any
) -> tuple[str, str]:
    ours, theirs = clients(server, **kwargs)
    results = []
    for client in (ours, theirs):
        server.seen.clear()
        text = outcome(lambda client=client: call(client), show)
        results.append(f"{text} ({len(server.seen)} request{'s' if len(server.seen) != 1 else ''})")
        client.close()
    return results[0], results[1]


def chat(client: Any, **kwargs: Any) -> Any:
    return client.chat.completions.create(model="d", messages=MESSAGES, **kwargs)


def stream_text(client: Any) -> str:
    return "".join(c.delta.content or "" for chunk in chat(client, stream=True) for c in chunk.choices)


def shown(value: Any) -> str:
    return "returns `None`" if value is None else f"returns {type(value).__name__}"


# -- rows -------------------------------------------------------------------------------------


def secrets_rows(server: WireServer) -> Iterator[Row]:
    secret = "sk-SECRET-side-by-side"
    results = []
    for build in (aoai.AzureOpenAI, openai.AzureOpenAI):
        server.seen.clear()
        try:
            client = build(
                azure_endpoint=server.base_url, api_version=GA, api_key=secret + " ", max_retries=2
            )
            chat(client)
            results.append("sent")
        except Exception as exc:
            text = "".join(traceback.format_exception(exc))
            leak = "the traceback shows the key" if secret in text else "the key is not shown"
            results.append(f"raises {name_of(exc)}, {leak}, {len(server.seen)} requests")
    yield Row("API key with a trailing space", *results)
    results = []
    for build in (aoai.AzureOpenAI, openai.AzureOpenAI):
        try:
            text = repr(
                build(azure_endpoint="http://user:pw-secret@127.0.0.1:9", api_version=GA, api_key="k")
            )
            if "pw-secret" in text:
                results.append("repr shows the password")
            else:
                results.append("repr masks the password" if "127.0.0.1" in text else "repr shows no endpoint")
        except Exception as exc:
            results.append(f"raises {name_of(exc)}")
    yield Row("endpoint with a password (`http://user:pw@host`)", *results)


def path_rows(server: WireServer) -> Iterator[Row]:
    server.script(json_reply({"id": "x", "object": "vector_store.file.deleted", "deleted": True}))
    ours, theirs = clients(server, version=PREVIEW, max_retries=0)
    server.seen.clear()
    a = outcome(
        lambda: ours.operations.vector_stores.delete_vector_store_file(vector_store_id="..", file_id="file-1")
    )
    a += f", {len(server.seen)} sent"
    server.seen.clear()
    s = outcome(lambda: theirs.vector_stores.files.delete(file_id="file-1", vector_store_id=".."))
    s += f", {len(server.seen)} sent"
    yield Row("path id `..` (vector store file delete)", a, s)


def body_rows(server: WireServer) -> Iterator[Row]:
    cases = {
        "200, corrupt gzip body": Reply(200, [*JSON, ("content-encoding", "gzip")], corrupt_gzip()),
        "500, corrupt gzip body": Reply(500, [*JSON, ("content-encoding", "gzip")], corrupt_gzip()),
        "200, invalid JSON": Reply(200, JSON, b"{nope"),
        "200, empty body": Reply(200, JSON, b""),
        "200, JSON list where an object is due": Reply(200, JSON, b"[1, 2]"),
        "200, JSON nested 100,000 deep": Reply(200, JSON, b"[" * 100_000),
        "200, JSON without a content type": Reply(200, [], json.dumps(COMPLETION).encode()),
        "redirect loop": Reply(307, [("location", "/openai/loop")]),
    }
    for case, reply in cases.items():
        server.script(reply)
        yield Row(case, *both(server, chat, shown, max_retries=2))
    server.script(
        Reply(
            200,
            JSON,
            b'{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "abc"}]}',
        )
    )
    yield Row(
        "embedding that is not base64",
        *both(server, lambda c: c.embeddings.create(model="d", input="x"), shown, max_retries=0),
    )


def stream_rows(server: WireServer) -> Iterator[Row]:
    def text(value: str) -> str:
        return f"reads {value!r}"

    cases = {
        "stream without `Content-Type`": Reply(200, [], sse_body(CHUNKS)),
        "stream without `data: [DONE]`": Reply(200, SSE, sse_body(CHUNKS, done=False)),
        "stream with a UTF-8 BOM": Reply(200, SSE, b"\xef\xbb\xbf" + sse_body(CHUNKS)),
        "stream with a malformed event between chunks": Reply(
            200, SSE, sse_body(CHUNKS[:1], done=False) + b"data: {oops\n\n" + sse_body(CHUNKS[1:])
        ),
        "stream cut inside an event": Reply(
            200, SSE, sse_body(CHUNKS, done=False) + b'data: {"id', close=True
        ),
    }
    for case, reply in cases.items():
        server.script(reply)
        yield Row(case, *both(server, stream_text, text, max_retries=0))


def retry_after_rows(server: WireServer) -> Iterator[Row]:
    results = []
    for client in clients(server, max_retries=1):
        server.script(Reply(429, [*JSON, ("retry-after", "999999")], b"{}"), json_reply(COMPLETION))
        started = time.perf_counter()
        text = outcome(lambda client=client: chat(client), shown)
        waited = time.perf_counter() - started
        results.append(f"{text} after {len(server.seen)} request(s), {waited:.1f} s")
    yield Row("429 with `retry-after: 999999`", *results)


def config_rows(server: WireServer) -> Iterator[Row]:
    server.script(json_reply(COMPLETION))
    results = []
    for build in (aoai.AzureOpenAI, openai.AzureOpenAI):
        server.seen.clear()
        try:
            client = build(azure_endpoint=server.base_url, api_version="2024.10.21", api_key="k")
            results.append(
                outcome(lambda client=client: chat(client), lambda r: "sends `api-version=2024.10.21`")
            )
        except Exception as exc:
            results.append(f"raises {name_of(exc)} at construction")
    yield Row('`api_version="2024.10.21"`', *results)

    results = []
    for client in clients(server):
        server.seen.clear()
        chat(client, extra_query={"flag": 1})
        chat(client, extra_query={"flag": True})
        results.append(f"second call sends `{server.seen[-1].path.rpartition('&')[2].rpartition('?')[2]}`")
    yield Row("`extra_query={'flag': 1}` then `{'flag': True}`", *results)

    results = []
    for client in clients(server):
        server.seen.clear()
        chat(client, extra_headers={"api-key": "caller-key"})
        results.append(f"sends `api-key: {server.seen[-1].header('api-key')}`")
    yield Row("`api-key` in `extra_headers`", *results)

    results = []
    for client in clients(server):
        sibling = client.with_options(max_retries=0)
        client.close()
        server.seen.clear()
        results.append(
            f"client {outcome(lambda client=client: chat(client), shown)}; "
            f"sibling {outcome(lambda sibling=sibling: chat(sibling), shown)}"
        )
    yield Row("calls after `close()`, and on a `with_options` sibling", *results)

    results = []
    for build in (aoai.AzureOpenAI, openai.AzureOpenAI):
        server.seen.clear()
        client = build(azure_endpoint=server.base_url + "/openai", api_version=GA, api_key="k")
        chat(client)
        results.append(f"sends `{server.seen[-1].path.partition('?')[0]}`")
    yield Row("endpoint ending in `/openai`", *results)


def proxy_rows(server: WireServer) -> Iterator[Row]:
    server.script(json_reply(COMPLETION))
    results = []
    with ForwardingProxy() as proxy:
        os.environ["HTTP_PROXY"] = proxy.url
        try:
            for client in clients(server):
                proxy.relayed.clear()
                chat(client)
                results.append("goes through the proxy" if proxy.relayed else "connects directly")
        finally:
            del os.environ["HTTP_PROXY"]
    yield Row("`HTTP_PROXY` set", *results)


def fork_rows(server: WireServer) -> Iterator[Row]:
    server.script(json_reply(COMPLETION))
    results = []
    for client in clients(server):
        chat(client)
        parent_port = server.seen[-1].client_port
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                chat(client)
            finally:
                os._exit(0)
        os.close(write)
        os.close(read)
        os.waitpid(pid, 0)
        same = server.seen[-1].client_port == parent_port
        results.append("child reuses the parent's connection" if same else "child opens its own connection")
    yield Row("client used in a child after `os.fork()`", *results)


def credential_rows(server: WireServer) -> Iterator[Row]:
    from azure.core.credentials import AzureKeyCredential

    server.script(json_reply(COMPLETION))
    results = []
    for build in (aoai.AzureOpenAI, openai.AzureOpenAI):
        key = AzureKeyCredential("key-1")
        try:
            client = build(azure_endpoint=server.base_url, api_version=GA, api_key=key)
            chat(client)
            key.update("key-2")
            chat(client)
            results.append(
                f"sends {server.seen[-2].header('api-key')!r}, then {server.seen[-1].header('api-key')!r}"
            )
        except Exception as exc:
            results.append(f"raises {name_of(exc)}")
    yield Row("`api_key=AzureKeyCredential(...)`, then `.update()`", *results)

    calls = {"aoai": 0, "openai": 0}
    loop_blocked = {"aoai": 0, "openai": 0}

    for label, build in (("aoai", aoai.AsyncAzureOpenAI), ("openai", openai.AsyncAzureOpenAI)):

        def provider(label: str = label) -> str:
            calls[label] += 1
            try:
                asyncio.get_running_loop()
                loop_blocked[label] += 1
            except RuntimeError:
                pass
            time.sleep(0.05)
            return "token"

        async def run(build: Any = build, provider: Any = provider) -> None:
            client = build(azure_endpoint=server.base_url, api_version=GA, azure_ad_token_provider=provider)
            await asyncio.gather(
                *(client.chat.completions.create(model="d", messages=MESSAGES) for _ in range(20))
            )
            await client.close()

        asyncio.run(run())
    yield Row(
        "sync token provider in the async client, 20 concurrent calls",
        f"{loop_blocked['aoai']} of {calls['aoai']} calls on the event loop",
        f"{loop_blocked['openai']} of {calls['openai']} calls on the event loop",
    )


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


def memory_rows(server: WireServer, chunks: int = 100_000) -> Iterator[Row]:
    line = b"data: " + json.dumps(chat_chunk("tok ")).encode() + b"\n\n"
    server.script(Reply(200, SSE, [line * 1000] * (chunks // 1000) + [b"data: [DONE]\n\n"], close=True))
    results = []
    for client in clients(server):
        stream = chat(client, stream=True)
        iterator = iter(stream)
        next(iterator)
        gc.collect()
        before = _rss_kib()
        if hasattr(stream, "get_final_completion"):
            stream.get_final_completion()
            how = "read with `get_final_completion()`"
        else:
            for _ in iterator:
                pass
            how = "iterated (it has no final form)"
        results.append(f"RSS {(_rss_kib() - before) / 1024:+.0f} MiB, {how}")
        client.close()
    yield Row(f"{chunks:,}-chunk stream", *results)


def main(chunks: int = 100_000) -> list[Row]:
    warnings.simplefilter("ignore")
    rows: list[Row] = []
    with WireServer() as server:
        for group in (secrets_rows, path_rows, body_rows, stream_rows, retry_after_rows, config_rows):
            rows.extend(group(server))
        rows.extend(proxy_rows(server))
        if hasattr(os, "fork"):
            rows.extend(fork_rows(server))
        if os.path.exists("/proc/self/status"):
            rows.extend(memory_rows(server, chunks))
        rows.extend(credential_rows(server))
    gc.collect()
    return rows


def render(rows: list[Row]) -> str:
    lines = [f"| input | aoai {aoai.__version__} | openai {openai.__version__} |", "|---|---|---|"]
    lines += [f"| {row.case} | {row.aoai} | {row.sdk} |" for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(main()))
