"""A 127.0.0.1 server that answers with exactly the bytes a test scripts, and records what arrived.

Why not the emulator: these tests need replies no well-behaved server sends (a corrupt gzip
body, a stream without `Content-Type` or `[DONE]`, a BOM, a redirect loop, a 200 with an empty
or invalid body), and must see the request headers exactly as they arrived on the wire.

A reply is a `Reply` (status, headers, body pieces) or a callable taking the recorded request
and returning one. Replies are taken in order; the last one repeats.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    headers: Sequence[tuple[str, str]] = ()
    body: bytes | Sequence[bytes] = b""
    #: Send no Content-Length and close the connection after the body (a body that ends at EOF).
    close: bool = False

    @property
    def pieces(self) -> list[bytes]:
        return [self.body] if isinstance(self.body, bytes) else list(self.body)


@dataclass
class Seen:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    port: int = 0
    client_port: int = 0  # the caller's side of the connection: which connection carried it
    extra: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)


def json_reply(payload: Any, status: int = 200, **headers: str) -> Reply:
    body = json.dumps(payload).encode()
    return Reply(status, [("content-type", "application/json"), *headers.items()], body)


def sse_body(payloads: Sequence[Any], *, done: bool = True) -> bytes:
    out = b"".join(b"data: " + json.dumps(p).encode() + b"\n\n" for p in payloads)
    return out + (b"data: [DONE]\n\n" if done else b"")


def chat_chunk(content: str, index: int = 0, finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": index, "delta": {"content": content}, "finish_reason": finish}],
    }


def corrupt_gzip(payload: bytes = b'{"ok": true}') -> bytes:
    """A gzip member whose deflate data is damaged half-way (the header still says gzip)."""
    packed = bytearray(gzip.compress(payload * 50))
    for i in range(12, len(packed) - 8):
        packed[i] ^= 0x5A
    return bytes(packed)


Script = Reply | Callable[[Seen], Reply]


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 refuses connections when tests run calls concurrently


class WireServer:
    def __init__(self, *replies: Script) -> None:
        self.replies: list[Script] = list(replies) or [json_reply({})]
        self.seen: list[Seen] = []
        self._served = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                seen = Seen(
                    self.command,
                    self.path,
                    list(self.headers.items()),
                    self.rfile.read(length),
                    port=self.server.server_address[1],
                    client_port=self.client_address[1],
                )
                outer.seen.append(seen)
                reply = outer._next(seen)
                self.send_response_only(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                pieces = reply.pieces
                if reply.close:
                    self.send_header("connection", "close")
                    self.close_connection = True
                elif not any(n.lower() == "content-length" for n, _ in reply.headers):
                    self.send_header("content-length", str(sum(len(p) for p in pieces)))
                self.end_headers()
                for piece in pieces:
                    self.wfile.write(piece)
                    self.wfile.flush()

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _any

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def _next(self, seen: Seen) -> Reply:
        with self._lock:
            script = self.replies[min(self._served, len(self.replies) - 1)]
            self._served += 1
        return script(seen) if callable(script) else script

    def script(self, *replies: Script) -> None:
        with self._lock:
            self.replies, self._served = list(replies), 0
            self.seen.clear()

    def __enter__(self) -> WireServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serving(*replies: Script) -> Iterator[WireServer]:
    with WireServer(*replies) as server:
        yield server
