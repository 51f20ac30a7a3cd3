"""Any generated operation, called straight through `client.generated_client`, gets auth, retries and typed errors."""

from __future__ import annotations

import aoai
import pytest
from core_support import API_VERSION, Api


def test_generated_operation_module_directly(api: Api, test_id: str) -> None:
    from aoai_v2024_10_21.api.chat import chat_completions_create
    from aoai_v2024_10_21.models import CreateChatCompletionRequest, CreateChatCompletionResponse

    body = CreateChatCompletionRequest.from_dict({"messages": [{"role": "user", "content": "hi"}]})
    token_calls = []

    def provider() -> str:
        token_calls.append(1)
        return api.emulator.issue_token()

    client = api.client(
        azure_ad_token_provider=provider,
        max_retries=2,
        default_headers={"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "503; times=2"},
    )
    op = chat_completions_create.asyncio if api.is_async else chat_completions_create.sync
    result = api.run(
        op, "gpt-4o-mini", client=client.generated_client, body=body, api_version=client.api_version
    )
    assert isinstance(result, CreateChatCompletionResponse)  # auth + two retries, then success
    assert api.emulator.stats(test_id)["attempts"] == len(token_calls) == 3

    with pytest.raises(aoai.ContentFilterError):  # typed error, not the generated ErrorResponse
        forbidden = CreateChatCompletionRequest.from_dict(
            {"messages": [{"role": "user", "content": "forbidden"}]}
        )
        api.run(
            op,
            "gpt-4o-mini",
            client=client.with_options(default_headers={"x-aoai-emulator-fault": "none"}).generated_client,
            body=forbidden,
            api_version=API_VERSION,
        )


def test_other_operation_embeddings(api: Api) -> None:
    from aoai_v2024_10_21.api.embeddings import embeddings_create
    from aoai_v2024_10_21.models import EmbeddingsCreateBody

    client = api.client()
    op = embeddings_create.asyncio if api.is_async else embeddings_create.sync
    result = api.run(
        op,
        "text-embedding-3-small",
        client=client.generated_client,
        body=EmbeddingsCreateBody.from_dict({"input": "hi"}),
        api_version=API_VERSION,
    )
    assert result.object_ == "list" and [item.index for item in result.data] == [0]
    vector = result.data[0].embedding
    assert len(vector) > 1 and all(isinstance(x, float) for x in vector)
