"""The same facade on the preview api-version returns preview models, preview-only fields included,
with no overlay code naming them."""

from __future__ import annotations

import json
from typing import Any

import aoai
import pytest
from aoai.resources._body import ParameterError

from .conftest import GA_VERSION, PREVIEW_VERSION, SSEServer

USER = [{"role": "user", "content": "hi"}]
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


def test_methods_return_preview_models(preview_client: aoai.AzureOpenAI) -> None:
    package = "aoai_v2024_10_01_preview"
    results = [
        preview_client.chat.completions.create(model="gpt-4o", messages=USER),
        preview_client.chat.completions.create(
            model="gpt-4o", messages=USER, stream=True
        ).get_final_completion(),
        preview_client.completions.create(model="gpt-35-turbo-instruct", prompt="hi"),
        preview_client.embeddings.create(model="text-embedding-3-small", input="hi"),
        preview_client.images.generate(model="dall-e-3", prompt="a cat"),
        preview_client.audio.transcriptions.create(model="whisper", file=WAV),
        preview_client.audio.translations.create(model="whisper", file=WAV),
    ]
    assert all(type(r).__module__.startswith(package) for r in results), [type(r) for r in results]


def test_preview_only_request_field_is_accepted_only_by_preview(preview_client: aoai.AzureOpenAI) -> None:
    verbose = preview_client.audio.transcriptions.create(
        model="whisper", file=WAV, response_format="verbose_json", timestamp_granularities=["word", "segment"]
    )
    assert verbose.text
    with (
        aoai.AzureOpenAI(
            azure_endpoint=preview_client.azure_endpoint, api_key="unused", api_version=GA_VERSION
        ) as ga,
        pytest.raises(ParameterError, match="timestamp_granularities"),
    ):
        ga.audio.transcriptions.create(model="whisper", file=WAV, timestamp_granularities=["word"])


def test_preview_only_response_field_reaches_the_caller(sse_server: SSEServer) -> None:
    reply: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": "hi"},
            }
        ],
        "usage": {
            "prompt_tokens": 10,
            "completion_tokens": 1,
            "total_tokens": 11,
            "prompt_tokens_details": {"cached_tokens": 8},  # only the preview document declares it
        },
    }
    sse_server.body = json.dumps(reply).encode()
    sse_server.content_type = "application/json"
    kwargs: dict[str, Any] = {"azure_endpoint": sse_server.base_url, "api_key": "k"}
    with aoai.AzureOpenAI(**kwargs, api_version=PREVIEW_VERSION) as preview:
        usage = preview.chat.completions.create(model="d", messages=USER).usage
    assert type(usage.prompt_tokens_details).__name__ == "CompletionUsagePromptTokensDetails"
    assert usage.prompt_tokens_details.cached_tokens == 8
    with aoai.AzureOpenAI(**kwargs, api_version=GA_VERSION) as ga:
        usage = ga.chat.completions.create(model="d", messages=USER).usage
    assert usage.additional_properties["prompt_tokens_details"] == {"cached_tokens": 8}, (
        "GA keeps it, untyped"
    )
