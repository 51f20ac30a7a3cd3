"""Async methods are awaitable (list methods give a paginator at once); raw responses and pages are typed."""

import aoai
from aoai.pagination import AsyncPage, AsyncPaginator, SyncPage
from aoai.resources._call import RawResponse
from aoai_v1 import models as v1_models
from aoai_v2024_10_21 import models as ga_models
from typing_extensions import assert_type


async def asynchronous() -> None:
    client = aoai.AsyncAzureOpenAI(api_version="v1")
    assert_type(await client.files.retrieve("file-1"), v1_models.AzureOpenAIFile)
    assert_type(await client.files.content("file-1"), bytes)
    stores = client.vector_stores.list(limit=10)
    assert_type(stores, AsyncPaginator[v1_models.VectorStoreObject])
    assert_type(await stores, AsyncPage[v1_models.VectorStoreObject])
    async for store in client.vector_stores.list():
        assert_type(store, v1_models.VectorStoreObject)
    await client.files.retrieve()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def synchronous() -> None:
    client = aoai.AzureOpenAI(api_version="v1")
    page = client.responses.input_items.list("resp_1", order="asc")
    assert_type(page, SyncPage[v1_models.ItemResource])
    client.responses.input_items.list("resp_1", order="sideways")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def raw() -> None:
    client = aoai.AzureOpenAI(api_version="2024-10-21")
    response = client.chat.completions.with_raw_response.create(messages=[])
    assert_type(response, RawResponse[ga_models.CreateChatCompletionResponse])
    assert_type(response.parse(), ga_models.CreateChatCompletionResponse)
    assert_type(response.request_id, str | None)
