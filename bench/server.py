"""A minimal canned-response HTTP/1.1 server, so benchmarks measure clients, not a server.

Run as `python -m bench.server [sizes]`: it builds every body once, listens on
127.0.0.1 (port chosen by the OS), prints the port on stdout and serves until
stdin closes (the parent went away) or `--max-seconds` passes. Keep-alive and
pipelining are supported; request parsing is the least that routing needs
(request line, Content-Length, a substring test on the body), which keeps the
server's share of each round trip to a few tens of microseconds.

`--delay-ms N` answers every request N ms after it arrived, without blocking the
others: a stand-in for a real deployment, where a call takes 0.5-30 s and what
limits a 1,000-way job is how many calls the client keeps in flight, not CPU.

Routes, as Azure spells them:
  POST /openai/deployments/{d}/chat/completions?api-version=...
       small JSON completion, or a chunked SSE stream if the body says "stream": true
       (of `--stream-chunks` chunks, or of `max_tokens` chunks if the body sets it: built
       on first use, then kept)
  POST /openai/deployments/{d}/embeddings?api-version=...
       float lists, or base64 float32 strings if the body asks for base64
  POST /openai/v1/responses   (the v1 API's route model: the deployment is the body's model)
       the Responses API's named-event stream of `--stream-chunks` text deltas
       (or `max_output_tokens` of them), built on first use, then kept
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import sys
import threading

from . import payloads

_STREAM = re.compile(rb'"stream"\s*:\s*true')
_MAX_TOKENS = re.compile(rb'"max_tokens"\s*:\s*(\d{1,7})\b')
_MAX_OUTPUT_TOKENS = re.compile(rb'"max_output_tokens"\s*:\s*(\d{1,7})\b')
_B64 = re.compile(rb'"encoding_format"\s*:\s*"base64"')
_SSE_FRAME = 16 * 1024


def _response(body: bytes, content_type: bytes) -> bytes:
    head = (
        b"HTTP/1.1 200 OK\r\ncontent-type: "
        + content_type
        + b"\r\ncontent-length: "
        + str(len(body)).encode()
        + b"\r\nx-request-id: bench\r\napim-request-id: bench\r\n\r\n"
    )
    return head + body


def _chunked(body: bytes, content_type: bytes) -> bytes:
    """Transfer-Encoding: chunked in fixed frames, the way Azure streams (no Content-Length)."""
    parts = [
        b"HTTP/1.1 200 OK\r\ncontent-type: " + content_type + b"\r\ntransfer-encoding: chunked\r\n"
        b"x-request-id: bench\r\napim-request-id: bench\r\n\r\n"
    ]
    for start in range(0, len(body), _SSE_FRAME):
        piece = body[start : start + _SSE_FRAME]
        parts.append(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    parts.append(b"0\r\n\r\n")
    return b"".join(parts)


class Canned:
    """Every response, rendered to bytes once."""

    def __init__(self, stream_chunks: int, embed_rows: int, embed_dims: int) -> None:
        json_type = b"application/json"
        self.chat = _response(payloads.chat_completion(), json_type)
        self.streams = {stream_chunks: self._stream(stream_chunks)}
        self.stream_chunks = stream_chunks
        self.response_streams: dict[int, bytes] = {}
        self.emb_float = _response(payloads.embeddings(embed_rows, embed_dims, b64=False), json_type)
        self.emb_b64 = _response(payloads.embeddings(embed_rows, embed_dims, b64=True), json_type)
        self.missing = (
            b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 57\r\n\r\n"
            b'{"error":{"code":"404","message":"Resource not found!!"}}'
        )

    @staticmethod
    def _stream(chunks: int) -> bytes:
        return _chunked(payloads.chat_stream(chunks), b"text/event-stream; charset=utf-8")

    def stream(self, body: bytes) -> bytes:
        asked = _MAX_TOKENS.search(body)
        chunks = max(2, int(asked.group(1))) if asked else self.stream_chunks
        if chunks not in self.streams:
            self.streams[chunks] = self._stream(chunks)
        return self.streams[chunks]

    def responses(self, body: bytes) -> bytes:
        """A Responses API stream; small and separate from chat: only figure 3b asks for it."""
        asked = _MAX_OUTPUT_TOKENS.search(body)
        deltas = max(1, int(asked.group(1))) if asked else self.stream_chunks
        if deltas not in self.response_streams:
            stream = payloads.responses_stream(deltas)
            self.response_streams[deltas] = _chunked(stream, b"text/event-stream; charset=utf-8")
        return self.response_streams[deltas]

    def route(self, target: bytes, body: bytes) -> bytes:
        path = target.split(b"?", 1)[0]
        if path.endswith(b"/responses") and _STREAM.search(body):
            return self.responses(body)
        if path.endswith(b"/chat/completions"):
            return self.stream(body) if _STREAM.search(body) else self.chat
        if path.endswith(b"/embeddings"):
            return self.emb_b64 if _B64.search(body) else self.emb_float
        return self.missing


class Connection(asyncio.Protocol):
    """One keep-alive connection: parse requests as they complete, answer each in order."""

    def __init__(self, canned: Canned, delay_s: float = 0.0) -> None:
        self.canned = canned
        self.delay_s = delay_s
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            length = 0
            for line in head.split(b"\r\n")[1:]:
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            target = head.split(b" ", 2)[1]
            assert self.transport is not None
            reply = self.canned.route(target, body)
            if self.delay_s:
                # Same delay for every request, and HTTP/1.1 clients send one at a time per
                # connection, so answers still leave in the order their requests came.
                asyncio.get_running_loop().call_later(self.delay_s, self._write, reply)
            else:
                self.transport.write(reply)

    def _write(self, reply: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(reply)


def _watch_stdin(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """Stop when the parent closes our stdin (or dies): no orphaned servers."""
    sys.stdin.buffer.read()
    loop.call_soon_threadsafe(stop.set)


async def serve(canned: Canned, max_seconds: float, delay_s: float = 0.0) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(canned, delay_s), "127.0.0.1", 0, backlog=4096)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    stop = asyncio.Event()
    threading.Thread(target=_watch_stdin, args=(loop, stop), daemon=True).start()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=max_seconds)
    server.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.server", description=__doc__.splitlines()[0])
    parser.add_argument("--stream-chunks", type=int, default=10_000)
    parser.add_argument("--embed-rows", type=int, default=2048)
    parser.add_argument("--embed-dims", type=int, default=1536)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    parser.add_argument("--delay-ms", type=float, default=0.0, help="answer each request this late")
    args = parser.parse_args(argv)
    canned = Canned(args.stream_chunks, args.embed_rows, args.embed_dims)
    asyncio.run(serve(canned, args.max_seconds, args.delay_ms / 1e3))


if __name__ == "__main__":
    main()
