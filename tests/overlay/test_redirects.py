"""Credentials never follow a redirect to another origin (`api-key` included, not only `Authorization`).

Two tiny HTTP servers on 127.0.0.1 (different ports, so different origins): the
"endpoint" redirects, and both record the headers they received.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import aoai
import pytest
from core_support import Api


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, redirect_to: str | None = None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[dict[str, str]] = []
        self.redirect_to = redirect_to

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_GET(self) -> None:
        self.server.seen.append({k.lower(): v for k, v in self.headers.items()})
        if self.path.startswith("/openai/start"):
            target = self.server.redirect_to or self.server.origin
            self.send_response(307)
            self.send_header("Location", f"{target}/openai/landed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _serve(server: Recorder) -> Recorder:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


@pytest.fixture
def servers() -> Iterator[tuple[Recorder, Recorder]]:
    elsewhere = _serve(Recorder())
    endpoint = _serve(Recorder(redirect_to=elsewhere.origin))
    yield endpoint, elsewhere
    for server in (endpoint, elsewhere):
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("credential", "header"),
    [({"api_key": "key-do-not-leak"}, "api-key"), ({"azure_ad_token": "token-do-not-leak"}, "authorization")],
)
def test_cross_origin_redirect_drops_credentials(
    api: Api, servers: tuple[Recorder, Recorder], credential: dict[str, str], header: str
) -> None:
    endpoint, elsewhere = servers
    client = api.client(azure_endpoint=endpoint.origin, **credential)
    response = api.send(client, {"method": "get", "url": "/start"})
    assert response.json() == {"ok": True}
    assert header in endpoint.seen[0], "the endpoint itself gets the credential"
    assert len(elsewhere.seen) == 1
    assert "api-key" not in elsewhere.seen[0] and "authorization" not in elsewhere.seen[0]


def test_same_origin_redirect_keeps_credentials(api: Api) -> None:
    server = _serve(Recorder())
    try:
        client = api.client(azure_endpoint=server.origin, api_key="same-origin-key")
        api.send(client, {"method": "get", "url": "/start"})
        assert [seen.get("api-key") for seen in server.seen] == ["same-origin-key", "same-origin-key"]
    finally:
        server.shutdown()
        server.server_close()


def test_absolute_url_to_other_origin_gets_no_credentials(
    api: Api, servers: tuple[Recorder, Recorder]
) -> None:
    endpoint, elsewhere = servers
    client = api.client(azure_endpoint=endpoint.origin, api_key="key-do-not-leak")
    api.send(client, {"method": "get", "url": f"{elsewhere.origin}/openai/landed"})
    assert "api-key" not in elsewhere.seen[0]
    assert isinstance(client, (aoai.AzureOpenAI, aoai.AsyncAzureOpenAI))
