"""Low-level replies the usual Response classes cannot express: SSE streams that may be cut,
bodies that stop half-way, connection resets and stalls.

A reset needs the raw socket: the server's protocol class (see `server.py`) puts the asyncio
transport into `scope["state"]["emulator.transport"]`; we set SO_LINGER 0 and abort, which makes
the kernel send an RST instead of a FIN.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
from collections.abc import Iterable
from typing import Any

from starlette.types import Receive, Scope, Send

TRANSPORT_KEY = "emulator.transport"


def abort_connection(scope: Scope) -> None:
    """Drop the connection with an RST (falls back to a plain close if the transport is unknown)."""
    transport = scope.get("state", {}).get(TRANSPORT_KEY)
    if transport is None:
        raise RuntimeError("no transport in scope: the emulator must run with its own protocol class")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()


async def wait_for_disconnect(receive: Receive, timeout: float | None = None) -> None:
    """Return when the client goes away (or after `timeout`), consuming any unread body."""

    async def drain() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(drain(), timeout)


class Reset:
    """Reset the connection before any response byte."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        abort_connection(scope)
        await wait_for_disconnect(receive, timeout=5)


class Stall:
    """Answer nothing for `seconds` (or until the client gives up), then a 504 like a gateway would."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await wait_for_disconnect(receive, timeout=self.seconds)
        body = json.dumps({"error": {"code": "GatewayTimeout", "message": "Stalled by aoai-emulator."}})
        await send(
            {
                "type": "http.response.start",
                "status": 504,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})


class SSEResponse:
    """`text/event-stream` of JSON chunks then `data: [DONE]`; `cut` drops the connection half-way.

    `named`: the Responses API's framing instead, each chunk after an `event: <its type>` line and
    no `[DONE]` at the end."""

    def __init__(self, chunks: Iterable[dict[str, Any]], *, cut: bool = False, named: bool = False) -> None:
        self.chunks = list(chunks)
        self.cut = cut
        self.spoil: str | None = None  # a body fault of `aoai_emulator.spoil`
        self.named = named

    def frame(self, chunk: dict[str, Any]) -> bytes:
        data = b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"
        return b"event: " + str(chunk["type"]).encode() + b"\n" + data if self.named else data

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.spoil is not None:
            from aoai_emulator.spoil import spoiled_stream

            spoiled, body = spoiled_stream(self.chunks, self.spoil)
            await send({"type": "http.response.start", "status": 200, "headers": spoiled})
            await send({"type": "http.response.body", "body": body})
            return
        headers = [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        stop = max(1, len(self.chunks) // 2) if self.cut else len(self.chunks)
        for chunk in self.chunks[:stop]:
            await send({"type": "http.response.body", "body": self.frame(chunk), "more_body": True})
        if self.cut:
            abort_connection(scope)
            await wait_for_disconnect(receive, timeout=5)
            return
        end = b"" if self.named else b"data: [DONE]\n\n"
        await send({"type": "http.response.body", "body": end, "more_body": False})


class CutBody:
    """Announce the full Content-Length, send half the body, then drop the connection."""

    def __init__(self, status: int, body: bytes, media_type: str) -> None:
        self.status, self.body, self.media_type = status, body, media_type

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [
            (b"content-type", self.media_type.encode()),
            (b"content-length", str(len(self.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send(
            {"type": "http.response.body", "body": self.body[: len(self.body) // 2], "more_body": True}
        )
        abort_connection(scope)
        await wait_for_disconnect(receive, timeout=5)
