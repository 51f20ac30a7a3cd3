"""client.operations.<tag>.<operation>: every generated operation, discovered from the package."""

from __future__ import annotations

import json
import pkgutil
from typing import Any

import aoai
import pytest

from .conftest import GA_VERSION, SSEServer, models_of


def test_every_generated_operation_is_reachable(
    client: aoai.AzureOpenAI, preview_client: aoai.AzureOpenAI
) -> None:
    for c in (client, preview_client):
        api = __import__(f"{c.generated.__name__}.api", fromlist=["_"])
        tags = [m.name for m in pkgutil.iter_modules(api.__path__)]
        assert dir(c.operations) == sorted(tags)
        for tag in tags:
            for name in dir(getattr(c.operations, tag)):
                assert callable(getattr(getattr(c.operations, tag), name))
    assert "vector_stores" in dir(preview_client.operations) and "vector_stores" not in dir(client.operations)


def test_preview_vector_store_operations(preview_client: aoai.AzureOpenAI) -> None:
    ops = preview_client.operations.vector_stores
    created = ops.create_vector_store(body={"name": "docs"})
    assert created.name == "docs"
    listed = ops.list_vector_stores(limit=5)
    assert isinstance(listed, models_of(preview_client).ListVectorStoresResponse)
    assert created.id in [store.id for store in listed.data]
    assert ops.get_vector_store(created.id).id == created.id
    raw = ops.with_raw_response.delete_vector_store(created.id)
    assert raw.status_code == 200 and raw.request_id and raw.parse().deleted is True


def test_generated_request_model_as_body(client: aoai.AzureOpenAI) -> None:
    models = models_of(client)
    body = models.CreateChatCompletionRequest.from_dict({"messages": [{"role": "user", "content": "hi"}]})
    completion = client.operations.chat.chat_completions_create("gpt-4o", body=body)
    assert completion.choices[0].message.content


def test_typed_errors_and_options_apply(client: aoai.AzureOpenAI, emulator: Any, test_id: str) -> None:
    headers = {"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "500; times=1"}
    result = client.operations.embeddings.embeddings_create(
        "text-embedding-3-small", body={"input": "x"}, extra_headers=headers, max_retries=1
    )
    assert result.data and emulator.stats(test_id)["attempts"] == 2
    with pytest.raises(aoai.NotFoundError):
        client.operations.embeddings.embeddings_create("missing", body={"input": "x"})


def test_unknown_names_are_clear_errors(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(AttributeError, match=r"has no operation group 'vector_stores'.*chat"):
        client.operations.vector_stores  # noqa: B018
    with pytest.raises(AttributeError, match=r"no operation chat\.nope"):
        client.operations.chat.nope  # noqa: B018


@pytest.mark.anyio
async def test_async_operations(emulator: Any) -> None:
    async with aoai.AsyncAzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version="2024-10-01-preview"
    ) as client:
        created = await client.operations.assistants.create_assistant(
            body={"model": "gpt-4o", "name": "probe"}
        )
        listed = await client.operations.assistants.list_assistants()
        assert created.id in [assistant.id for assistant in listed.data]
        assert created.name == "probe"


def test_generated_body_model_sends_no_document_defaults(sse_server: SSEServer) -> None:
    sse_server.body = (
        b'{"object": "list", "data": [], "model": "m", "usage": {"prompt_tokens": 0, "total_tokens": 0}}'
    )
    sse_server.content_type = "application/json"
    with aoai.AzureOpenAI(azure_endpoint=sse_server.base_url, api_key="k", api_version=GA_VERSION) as client:
        models = models_of(client)
        message = models.ChatCompletionRequestUserMessage.from_dict({"role": "user", "content": "hi"})
        body = models.CreateChatCompletionRequest(messages=[message], seed=7)
        assert body.to_dict()["max_tokens"] == 4096, "the generated model fills in document defaults"
        client.operations.chat.chat_completions_create("d", body=body)
    sent = json.loads(sse_server.requests[0]["body"])
    assert sent == {"messages": [{"role": "user", "content": "hi"}], "seed": 7}
