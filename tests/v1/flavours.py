"""One test body for the sync and the async client: `Ctx` calls, awaits and iterates as the flavour needs.

The async client runs on one event loop in a background thread (an anyio blocking portal);
everything that must happen on that loop (awaiting a call, iterating its stream or its pages)
happens inside one `portal.call`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import aoai
from aoai_emulator.testing import managed_identity_credential


class Ctx:
    def __init__(self, emulator: Any, portal: Any, version: str, flavour: str, auth: str) -> None:
        self.emulator = emulator
        self.portal = portal
        self.version = version
        self.is_async = flavour == "async"
        self.auth = auth
        self._clients: list[Any] = []
        self._credentials: list[Any] = []
        self.client = self.new_client()

    def new_client(self, **kwargs: Any) -> Any:
        kwargs.setdefault("azure_endpoint", self.emulator.base_url)
        kwargs.setdefault("api_version", self.version)
        if self.auth == "key":
            kwargs.setdefault("api_key", self.emulator.api_key)
        else:
            credential = managed_identity_credential(asynchronous=self.is_async)
            self._credentials.append(credential)
            kwargs.setdefault("credential", credential)
        client = (aoai.AsyncAzureOpenAI if self.is_async else aoai.AzureOpenAI)(**kwargs)
        self._clients.append(client)
        return client

    def test_id(self) -> str:
        return f"v1-{uuid.uuid4().hex[:12]}"

    # -- calling ------------------------------------------------------------------------------
    def __call__(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """The method's result (awaited in the async client)."""
        if not self.is_async:
            return method(*args, **kwargs)

        async def call() -> Any:
            return await method(*args, **kwargs)

        return self.portal.call(call)

    def stream(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[list[Any], Any, bool]:
        """(every event, the stream's final form, `completed`) of a `stream=True` call."""
        if not self.is_async:
            with method(*args, stream=True, **kwargs) as stream:
                events = list(stream)
                return events, stream.get_final_completion(), stream.completed

        async def call() -> tuple[list[Any], Any, bool]:
            async with await method(*args, stream=True, **kwargs) as stream:
                events = [event async for event in stream]
                return events, await stream.get_final_completion(), stream.completed

        return self.portal.call(call)  # type: ignore[no-any-return]

    def items(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Every item of a cursor list, across its pages (`for` / `async for` over the call)."""
        if not self.is_async:
            return list(method(*args, **kwargs))

        async def call() -> list[Any]:
            return [item async for item in method(*args, **kwargs)]

        return self.portal.call(call)  # type: ignore[no-any-return]

    def pages(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Every page of a cursor list (`first.pages()`), each as its list of items."""
        if not self.is_async:
            return [page.data for page in method(*args, **kwargs).pages()]

        async def call() -> list[Any]:
            first = await method(*args, **kwargs)
            return [page.data async for page in first.pages()]

        return self.portal.call(call)  # type: ignore[no-any-return]

    def close(self) -> None:
        for client in self._clients:
            if self.is_async:
                self.portal.call(client.aclose)
            else:
                client.close()
        for credential in self._credentials:
            if self.is_async:
                self.portal.call(credential.close)
            else:
                credential.close()
