"""A tiny 127.0.0.1 HTTP server that records what really arrived on the wire, and can stall.

Why not the emulator: it does not record request headers, and a header-injection test
must see the headers exactly as the server parsed them. Why stall modes: cancellation
tests need a response that is in flight (headers sent, or one event sent) and then
silent, until the client goes away or a bound passes.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: A stalled reply gives up after this long, so a broken test cannot hang the run.
STALL_BOUND_SECONDS = 10.0


class RecordingServer:
    """`mode`: "404" (JSON error), "stall-headers" (headers then silence), "stall-stream" (one event)."""

    def __init__(self, mode: str = "404") -> None:
        self.mode = mode
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        self.in_flight = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                server.requests.append(
                    {"path": self.path, "headers": list(self.headers.items()), "body": raw}
                )
                server.reply(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="recording-server", daemon=True
        )

    def reply(self, handler: BaseHTTPRequestHandler) -> None:
        if self.mode == "404":
            body = json.dumps({"error": {"code": "DeploymentNotFound", "message": "nope"}}).encode()
            handler.send_response(404)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return
        handler.send_response(200)
        if self.mode == "stall-stream":
            handler.send_header("content-type", "text/event-stream")
            handler.end_headers()
            event = {"id": "c", "object": "chat.completion.chunk", "created": 1, "choices": []}
            handler.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
        else:
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", "100")
            handler.end_headers()
        handler.wfile.flush()
        self.in_flight.set()
        self.release.wait(STALL_BOUND_SECONDS)
        handler.close_connection = True

    def __enter__(self) -> RecordingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._httpd.shutdown()
        self._httpd.server_close()
