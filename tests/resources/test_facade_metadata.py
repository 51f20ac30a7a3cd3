"""The facade asks the version's metadata: what is missing is a clear NotImplementedError, and a
version without a stream-chunk schema streams plain data."""

from __future__ import annotations

from typing import Any

import aoai
import pytest
from aoai.plain import PlainObject
from aoai.streaming import ChunkDecoder
from httpx2 import ServerSentEvent


def _client(version: str) -> aoai.AzureOpenAI:
    return aoai.AzureOpenAI(azure_endpoint="http://127.0.0.1:9", api_key="k", api_version=version)


def test_a_method_the_version_lacks_names_the_version_and_the_method() -> None:
    with _client("v1") as client, pytest.raises(aoai.UnsupportedOperationError) as caught:
        client.completions.create(model="gpt-35-turbo-instruct", prompt="Once")
    assert isinstance(caught.value, NotImplementedError) and isinstance(caught.value, aoai.AzureOpenAIError)
    message = str(caught.value)
    assert message.startswith(
        "api-version v1 has no completions.create(): its document declares no such operation"
    )
    assert "chat.completions.create" in message  # what it does offer


def test_chunks_without_a_model_are_plain_data_read_like_models() -> None:
    decoder: ChunkDecoder[Any] = ChunkDecoder(None)
    chunk = decoder.event(
        ServerSentEvent(
            data='{"choices": [{"index": 0, "delta": {"content": "Hel"}}], "items": [1, {"a": 2}]}'
        )
    )
    assert isinstance(chunk, PlainObject)
    assert chunk.choices[0].delta.content == "Hel" and chunk["choices"][0]["delta"]["content"] == "Hel"
    assert chunk.choices[0].finish_reason is None and chunk.usage is None  # absent reads as None
    assert chunk.items == [1, PlainObject({"a": 2})] and chunk.items[1].a == 2  # JSON keys win over methods
    sent = {"choices": [{"index": 0, "delta": {"content": "Hel"}}], "items": [1, {"a": 2}]}
    assert chunk.to_dict() == sent and "choices" in chunk and len(chunk) == 2
    filtered = decoder.event(
        ServerSentEvent(data='{"choices": [{"index": 0, "content_filter_results": {}}]}')
    )
    assert filtered is not None and filtered.choices[0].delta is None
