"""Body faults (`faults.BODY_KINDS`): a successful reply spoiled the way broken gateways and servers spoil them.

Why: the client must turn every such reply into a result or a typed error (issue 18), and the
soak must prove it under load, so the emulator can produce each one on demand, in JSON replies
and in streams alike:

- `gzip`: `Content-Encoding: gzip` over a body whose compressed data is corrupt half-way;
- `redirect`: a redirect into a loop (`/_emulator/loop`, which redirects to itself);
- `no-content-type`: the reply without its `Content-Type` header;
- `no-done`: a stream that ends cleanly without `data: [DONE]` (a JSON reply is unchanged);
- `bad-json`: a 200 whose JSON does not parse (a stream: one malformed event half-way);
- `empty`: a 200 with an empty body (a stream: no events at all).
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from aoai_emulator.wire import SSEResponse

LOOP_PATH = "/_emulator/loop"


def corrupt_gzip(body: bytes) -> bytes:
    """`body` gzipped, with the second half of the compressed data damaged (the header stays valid)."""
    packed = bytearray(gzip.compress(body, compresslevel=1))
    for i in range(max(10, len(packed) // 2), len(packed) - 8):
        packed[i] ^= 0x5A
    return bytes(packed)


class Raw:
    """A reply sent exactly as given: status, headers (possibly without a content type), body."""

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [*self.headers, (b"content-length", str(len(self.body)).encode())]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


def redirect_loop() -> Raw:
    return Raw(307, [(b"location", LOOP_PATH.encode())], b"")


def spoil(reply: Any, kind: str) -> Any:
    """The spoiled version of a handler's reply; error replies (>= 400) are left as they are."""
    if kind == "redirect":
        return redirect_loop()
    if isinstance(reply, SSEResponse):
        reply.spoil = kind
        return reply
    if not isinstance(reply, Response) or reply.status_code >= 400:
        return reply
    body = bytes(reply.body)
    media = (reply.media_type or "application/json").encode()
    if kind == "gzip":
        return Raw(
            reply.status_code, [(b"content-type", media), (b"content-encoding", b"gzip")], corrupt_gzip(body)
        )
    if kind == "no-content-type":
        return Raw(reply.status_code, [], body)
    if kind == "bad-json":
        return Raw(reply.status_code, [(b"content-type", media)], body[: len(body) // 2] + b"<not json>")
    if kind == "empty":
        return Raw(reply.status_code, [(b"content-type", media)], b"")
    return reply  # no-done: a JSON reply has no [DONE] to leave out


def spoiled_stream(chunks: list[dict[str, Any]], kind: str) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """(headers, whole body) of a stream spoiled by `kind`."""
    events = [b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n" for chunk in chunks]
    if kind == "bad-json":
        events.insert(len(events) // 2, b"data: {not json\n\n")
    done = [] if kind in ("no-done", "empty") else [b"data: [DONE]\n\n"]
    body = b"" if kind == "empty" else b"".join(events + done)
    headers = [(b"cache-control", b"no-cache")]
    if kind != "no-content-type":
        headers.insert(0, (b"content-type", b"text/event-stream; charset=utf-8"))
    if kind == "gzip":
        headers.append((b"content-encoding", b"gzip"))
        body = corrupt_gzip(body)
    return headers, body
