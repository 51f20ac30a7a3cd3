"""Timeouts and cancellation: every way out of a request gives its connection back.

The check is the pool itself (`_support.busy_connections`): a connection still checked
out after the call ended is a leak, whatever the caller saw. Each test first proves the
connection *was* busy (so the check can fail), then ends the call, then checks the pool.
Waiting for "the request is in flight" polls a fact (the server saw it), bounded in count.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import anyio
import aoai
import httpx2
import pytest

from tests.reliability._support import (
    API_VERSION,
    DEPLOYMENT,
    FAULT_HEADER,
    MESSAGES,
    TEST_ID_HEADER,
    busy_connections,
)
from tests.reliability.local_server import RecordingServer

SHORT = httpx2.Timeout(5.0, read=0.2)


async def until(fact: Callable[[], bool], polls: int = 500) -> None:
    """Poll `fact` (bounded); fail the test if it never holds."""
    for _ in range(polls):
        if fact():
            return
        await anyio.sleep(0.01)
    raise AssertionError("the request never reached the server")


@pytest.fixture
def stall_server(request: pytest.FixtureRequest) -> Iterator[RecordingServer]:
    with RecordingServer(request.param) as server:
        yield server


def _client(base_url: str, cls: Any = aoai.AsyncAzureOpenAI, *, api_key: str = "k", **kwargs: Any) -> Any:
    return cls(azure_endpoint=base_url, api_key=api_key, api_version=API_VERSION, max_retries=0, **kwargs)


@pytest.mark.anyio
@pytest.mark.parametrize("stall_server", ["stall-headers"], indirect=True)
@pytest.mark.parametrize("how", ["task.cancel", "cancel scope"])
async def test_async_cancel_mid_request_releases_the_connection(
    stall_server: RecordingServer, how: str
) -> None:
    async with _client(stall_server.base_url) as client:
        call = client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES)
        if how == "task.cancel":
            task = asyncio.ensure_future(call)
            await until(stall_server.in_flight.is_set)
            assert busy_connections(client) == 1
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        else:
            async with anyio.create_task_group() as group:
                group.start_soon(lambda: call)
                await until(stall_server.in_flight.is_set)
                assert busy_connections(client) == 1
                group.cancel_scope.cancel()
        assert busy_connections(client) == 0


@pytest.mark.anyio
@pytest.mark.parametrize("stall_server", ["stall-stream"], indirect=True)
@pytest.mark.parametrize("closing", ["async with", "abandoned"])
async def test_async_cancel_mid_stream_releases_the_connection(
    stall_server: RecordingServer, closing: str
) -> None:
    async with _client(stall_server.base_url) as client:
        stream = await client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES, stream=True)
        first = await stream.__anext__()
        assert first.id == "c" and busy_connections(client) == 1

        async def read_rest() -> None:
            if closing == "async with":
                async with stream:
                    async for _ in stream:
                        pass
            else:
                async for _ in stream:
                    pass

        task = asyncio.ensure_future(read_rest())
        await anyio.sleep(0.05)  # let it block on the silent socket; the assert below does not depend on it
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert busy_connections(client) == 0


@pytest.mark.parametrize("stall_server", ["stall-stream"], indirect=True)
def test_sync_stream_abandoned_without_close_is_cleaned_up_by_gc(stall_server: RecordingServer) -> None:
    with _client(stall_server.base_url, aoai.AzureOpenAI) as client:
        stream = client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES, stream=True)
        assert next(iter(stream)).id == "c"
        assert busy_connections(client) == 1
        del stream
        gc.collect()
        assert busy_connections(client) == 0


def test_sync_stream_abandoned_after_full_read_is_released(emulator: Any) -> None:
    with _client(emulator.base_url, aoai.AzureOpenAI, api_key=emulator.api_key) as client:
        stream = client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES, stream=True)
        next(iter(stream))
        assert busy_connections(client) == 1
        del stream
        gc.collect()
        assert busy_connections(client) == 0


@pytest.mark.parametrize("max_retries", [0, 2])
def test_stall_before_headers_honours_the_read_timeout(emulator: Any, max_retries: int) -> None:
    test_id = f"stall-{uuid.uuid4().hex}"
    headers = {TEST_ID_HEADER: test_id, FAULT_HEADER: "stall"}
    with _client(emulator.base_url, aoai.AzureOpenAI, api_key=emulator.api_key, timeout=SHORT) as client:
        with pytest.raises(aoai.APITimeoutError):
            client.chat.completions.create(
                model=DEPLOYMENT, messages=MESSAGES, extra_headers=headers, max_retries=max_retries
            )
        assert emulator.stats(test_id)["attempts"] == max_retries + 1
        assert busy_connections(client) == 0


@pytest.mark.parametrize("stall_server", ["stall-stream"], indirect=True)
def test_stall_mid_stream_is_a_typed_timeout_and_releases(stall_server: RecordingServer) -> None:
    with _client(stall_server.base_url, aoai.AzureOpenAI, timeout=SHORT) as client:
        stream = client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES, stream=True)
        with pytest.raises(aoai.APITimeoutError), stream:
            for _ in stream:
                pass
        assert busy_connections(client) == 0


@pytest.fixture
def unaccepting_port() -> Iterator[int]:
    """A 127.0.0.1 listener whose accept queue is full, so a new connect is never answered."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    yield port
    for s in [*fillers, listener]:
        s.close()


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_connect_stall_honours_the_connect_timeout(unaccepting_port: int, flavour: str) -> None:
    timeout = httpx2.Timeout(5.0, connect=0.2)
    base_url = f"http://127.0.0.1:{unaccepting_port}"
    if flavour == "sync":
        with (
            _client(base_url, aoai.AzureOpenAI, timeout=timeout) as client,
            pytest.raises(aoai.APITimeoutError),
        ):
            client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES)
        return

    async def run() -> None:
        async with _client(base_url, timeout=timeout) as client:
            with pytest.raises(aoai.APITimeoutError):
                await client.chat.completions.create(model=DEPLOYMENT, messages=MESSAGES)
            assert busy_connections(client) == 0

    asyncio.run(run())
