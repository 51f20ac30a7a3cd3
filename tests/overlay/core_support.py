"""Helpers shared by the client-core tests (a uniquely named module: several folders have a `conftest`)."""

from __future__ import annotations

from typing import Any

import aoai
import pytest

API_VERSION = "2024-10-21"
DEPLOYMENT = "gpt-4o-mini"
ENV_NAMES = ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION")


def chat_kwargs(prompt: str = "hello", deployment: str = DEPLOYMENT) -> dict[str, Any]:
    """The request a generated operation builds, as `_send` receives it."""
    from aoai_v2024_10_21.api.chat import chat_completions_create
    from aoai_v2024_10_21.models import CreateChatCompletionRequest

    body = CreateChatCompletionRequest.from_dict({"messages": [{"role": "user", "content": prompt}]})
    return chat_completions_create._get_kwargs(deployment, body=body, api_version=API_VERSION)


def fault(test_id: str, spec: str) -> dict[str, str]:
    return {"x-aoai-emulator-fault": spec, "x-aoai-test-id": test_id}


def waits_logged(caplog: pytest.LogCaptureFixture) -> list[float]:
    """The waits the retry loop announced, in seconds, from its DEBUG lines."""
    waits = []
    for record in caplog.records:
        message = record.getMessage()
        if record.name == "aoai" and "retrying in " in message:
            waits.append(float(message.split("retrying in ")[1].split(" s")[0]))
    return waits


class Api:
    """Drives the sync or the async client with the same test body.

    The async client runs on one event loop in a background thread (an anyio
    blocking portal), so a parametrised test reads the same for both flavours.
    """

    def __init__(self, kind: str, emulator: Any, portal: Any) -> None:
        self.kind = kind
        self.emulator = emulator
        self.portal = portal
        self._clients: list[Any] = []

    @property
    def is_async(self) -> bool:
        return self.kind == "async"

    def client(self, **kwargs: Any) -> Any:
        kwargs.setdefault("azure_endpoint", self.emulator.base_url)
        kwargs.setdefault("api_version", API_VERSION)
        if not any(
            k in kwargs for k in ("api_key", "azure_ad_token", "azure_ad_token_provider", "credential")
        ):
            kwargs["api_key"] = self.emulator.api_key
        cls = aoai.AsyncAzureOpenAI if self.is_async else aoai.AzureOpenAI
        client = cls(**kwargs)
        self._clients.append(client)
        return client

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Call `fn` (sync) or await it on the portal's loop (async)."""
        if self.is_async:

            async def call() -> Any:
                return await fn(*args, **kwargs)

            return self.portal.call(call)
        return fn(*args, **kwargs)

    def send(self, client: Any, request_kwargs: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.run(client._send, request_kwargs or chat_kwargs(), **kwargs)

    def chat(self, client: Any, prompt: str = "hello", deployment: str = DEPLOYMENT) -> Any:
        """Call the generated operation module directly through the client."""
        from aoai_v2024_10_21.api.chat import chat_completions_create
        from aoai_v2024_10_21.models import CreateChatCompletionRequest

        body = CreateChatCompletionRequest.from_dict({"messages": [{"role": "user", "content": prompt}]})
        op = chat_completions_create.asyncio if self.is_async else chat_completions_create.sync
        return self.run(
            op, deployment, client=client.generated_client, body=body, api_version=client.api_version
        )

    def close_all(self) -> None:
        for client in self._clients:
            if self.is_async:
                self.portal.call(client.aclose)
            else:
                client.close()
