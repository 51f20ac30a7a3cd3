"""Run the app with uvicorn, in the foreground (CLI) or in a background thread (tests, demo).

Why uvicorn: a mature ASGI server whose asyncio transport we can reach (for connection resets),
that starts in milliseconds in-process, and stops cleanly via `should_exit`. The protocol subclass
exposes each connection's transport to the app through `scope["state"]`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from aoai_emulator.app import EmulatorApp
from aoai_emulator.config import EmulatorConfig
from aoai_emulator.wire import TRANSPORT_KEY

LOOPBACK = "127.0.0.1"


class TransportExposingProtocol(H11Protocol):
    """h11 protocol that hands the connection's transport to the app (see `wire.abort_connection`)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app_state = {**self.app_state, TRANSPORT_KEY: transport}


class PromptServer(uvicorn.Server):
    """uvicorn polls `should_exit` every 0.1 s; this one also wakes up at once when `stop()` is called
    from another thread, so a test fixture stops in ~0.1 s (uvicorn's own shutdown pause)."""

    _loop: asyncio.AbstractEventLoop | None = None
    _wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        while not await self.on_tick(0):  # polls signals like uvicorn; tick 0 refreshes Date
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def stop(self) -> None:
        self.should_exit = True
        if self._loop is not None and self._wake is not None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                self._loop.call_soon_threadsafe(self._wake.set)


def bind(host: str = LOOPBACK, port: int = 0) -> socket.socket:
    # proto must be IPPROTO_TCP (not 0): asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it Nagle + delayed ACKs cost ~40 ms per response.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def make_server(app: EmulatorApp, *, log_level: str = "warning") -> PromptServer:
    config = uvicorn.Config(
        app,
        http=TransportExposingProtocol,
        lifespan="off",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=2,
        timeout_keep_alive=30,
    )
    return PromptServer(config)


class BackgroundServer:
    """The emulator on a free loopback port in a daemon thread."""

    def __init__(self, config: EmulatorConfig, host: str = LOOPBACK, port: int = 0) -> None:
        self.app = EmulatorApp(config)
        self.sock = bind(host, port)
        self.host, self.port = self.sock.getsockname()[:2]
        self.server = make_server(self.app)
        self.thread = threading.Thread(target=self._run, name=f"aoai-emulator:{self.port}", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            self.server.run(sockets=[self.sock])
        except BaseException as exc:  # reported by start()
            self.error = exc

    def start(self, timeout: float = 10) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if self.error is not None or not self.thread.is_alive():
                raise RuntimeError(f"aoai-emulator failed to start: {self.error!r}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"aoai-emulator did not start within {timeout} s")
            time.sleep(0.002)
        return self

    def stop(self, timeout: float = 10) -> None:
        self.server.stop()
        self.thread.join(timeout)
        self.sock.close()
        if self.thread.is_alive():
            raise RuntimeError("aoai-emulator thread did not stop")

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
