"""Fixtures for the resource-layer tests: recorded Azure streams and a tiny local SSE server.

The local server exists for what the emulator does not script (an `error` event, a stream of
recorded bytes, a 10,000-chunk stream): it serves fixed bytes on 127.0.0.1 over real HTTP.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import aoai
import pytest
from aoai_emulator import testing

CAPTURES = Path(
    os.environ.get("AZURE_CAPTURES") or Path(__file__).resolve().parents[3] / "shared" / "azure-captures"
)


def captures() -> list[Path]:
    return sorted(CAPTURES.glob("*.sse")) if CAPTURES.is_dir() else []


def capture_ids() -> list[str]:
    return [p.stem for p in captures()]


def expected_text(sse: Path) -> str:
    return str(json.loads(sse.with_suffix(".json").read_text())["expected_text"])


class SSEServer:
    """Serves `body` (bytes, as `text/event-stream`) for any POST; `cut=True` drops it half-way."""

    def __init__(self) -> None:
        self.body = b""
        self.content_type = "text/event-stream; charset=utf-8"
        self.cut = False
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": raw})
                body = server.body
                self.send_response(200)
                self.send_header("content-type", server.content_type)
                self.send_header("apim-request-id", "req-local-1")
                if server.cut:
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def __enter__(self) -> SSEServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def sse_server() -> Iterator[SSEServer]:
    with SSEServer() as server:
        yield server


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


GA_VERSION = "2024-10-21"
PREVIEW_VERSION = "2024-10-01-preview"


@pytest.fixture(scope="session")
def emulator() -> Iterator[Any]:
    with testing.running_emulator() as handle:
        yield handle


@pytest.fixture
def test_id(request: pytest.FixtureRequest) -> str:
    return f"{request.node.nodeid}#{uuid.uuid4().hex[:8]}"


@pytest.fixture
def client(emulator: Any) -> Iterator[aoai.AzureOpenAI]:
    with aoai.AzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=GA_VERSION
    ) as c:
        yield c


@pytest.fixture
async def aclient(emulator: Any) -> AsyncIterator[aoai.AsyncAzureOpenAI]:
    async with aoai.AsyncAzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=GA_VERSION
    ) as c:
        yield c


@pytest.fixture
def preview_client(emulator: Any) -> Iterator[aoai.AzureOpenAI]:
    with aoai.AzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=PREVIEW_VERSION
    ) as c:
        yield c


def models_of(client: Any) -> Any:
    """The generated `models` package of the client's api-version."""
    return importlib.import_module(f"{client.generated.__name__}.models")


def busy_connections(client: Any) -> int:
    """Connections of the client's pool that are checked out (a leaked stream keeps one busy)."""
    pool = client.http_client._transport.pool
    return sum(1 for c in pool.connections if not (c.is_idle() or c.is_closed())) + len(pool._requests)
