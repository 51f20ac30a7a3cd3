"""The GA package's chat operation, as the pipeline promises it: whole and typed."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import httpx2
from aoai_v2024_10_21.api.chat import chat_completions_create
from aoai_v2024_10_21.models import (
    ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestToolMessage,
    ChatCompletionRequestUserMessage,
    ChatCompletionTool,
    CreateChatCompletionRequest,
    CreateChatCompletionResponse,
    ResponseFormatJsonObject,
)
from aoai_v2024_10_21.types import UNSET

REQUEST = {
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"}]},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "weather", "arguments": '{"city":"Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18C, clear"},
    ],
    "tools": [
        {
            "type": "function",
            "function": {
                "name": "weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ],
    "stream": False,
    "temperature": 0.2,
    "response_format": {"type": "json_object"},
}

# Shaped like a real Azure reply (prompt_filter_results, content_filter_results, system_fingerprint).
RESPONSE = {
    "id": "chatcmpl-9",
    "object": "chat.completion",
    "created": 1732500000,
    "model": "gpt-4o-2024-08-06",
    "system_fingerprint": "fp_5f20662549",
    "prompt_filter_results": [
        {
            "prompt_index": 0,
            "content_filter_results": {
                "hate": {"filtered": False, "severity": "safe"},
                "jailbreak": {"filtered": False, "detected": False},
                "self_harm": {"filtered": False, "severity": "safe"},
                "sexual": {"filtered": False, "severity": "safe"},
                "violence": {"filtered": False, "severity": "safe"},
            },
        }
    ],
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {"role": "assistant", "content": '{"answer": "18C and clear"}'},
            "content_filter_results": {
                "hate": {"filtered": False, "severity": "safe"},
                "self_harm": {"filtered": False, "severity": "safe"},
                "sexual": {"filtered": False, "severity": "safe"},
                "violence": {"filtered": False, "severity": "safe"},
            },
        }
    ],
    "usage": {"completion_tokens": 9, "prompt_tokens": 61, "total_tokens": 70},
}


def test_sync_and_asyncio_functions_exist_for_the_chat_operation() -> None:
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        function = getattr(chat_completions_create, name)
        assert inspect.iscoroutinefunction(function) == name.startswith("asyncio")
    kwargs = chat_completions_create._get_kwargs(
        "my deployment", body=CreateChatCompletionRequest.from_dict(REQUEST), api_version="2024-10-21"
    )
    assert kwargs["method"] == "post"
    assert kwargs["url"] == "/deployments/my%20deployment/chat/completions"


def test_request_model_takes_every_message_kind_and_the_common_parameters() -> None:
    request = CreateChatCompletionRequest.from_dict(REQUEST)
    kinds = [type(m) for m in request.messages]
    assert kinds == [
        ChatCompletionRequestSystemMessage,
        ChatCompletionRequestUserMessage,
        ChatCompletionRequestAssistantMessage,
        ChatCompletionRequestToolMessage,
    ]
    assert isinstance(request.tools, list) and isinstance(request.tools[0], ChatCompletionTool)
    assert isinstance(request.response_format, ResponseFormatJsonObject)
    assert request.temperature == 0.2 and request.stream is False
    body = request.to_dict()
    assert body["messages"] == REQUEST["messages"]
    assert body["tools"] == REQUEST["tools"]
    # Nullable in the request now that the patch made the two declarations agree.
    assert CreateChatCompletionRequest.from_dict({**REQUEST, "max_tokens": None}).max_tokens is None
    assert CreateChatCompletionRequest.from_dict({"messages": REQUEST["messages"][:1]}).seed is UNSET


def test_response_parses_a_real_shaped_body_over_http() -> None:
    from aoai_v2024_10_21.client import Client

    def reply(request: httpx2.Request) -> httpx2.Response:
        assert request.url.params["api-version"] == "2024-10-21"
        assert json.loads(request.content)["messages"][0]["role"] == "system"
        return httpx2.Response(200, json=RESPONSE)

    client = Client(base_url="https://example.openai.azure.com/openai")
    client.set_httpx_client(
        httpx2.Client(
            base_url="https://example.openai.azure.com/openai", transport=httpx2.MockTransport(reply)
        )
    )
    parsed = chat_completions_create.sync(
        "gpt-4o", client=client, body=CreateChatCompletionRequest.from_dict(REQUEST), api_version="2024-10-21"
    )
    assert isinstance(parsed, CreateChatCompletionResponse)
    assert parsed.choices[0].message.content == '{"answer": "18C and clear"}'
    assert parsed.usage.total_tokens == 70
    assert parsed.prompt_filter_results[0].content_filter_results.hate.severity == "safe"
    assert parsed.to_dict()["choices"][0]["finish_reason"] == "stop"


def test_the_generated_package_records_its_pin() -> None:
    import aoai_v2024_10_21._meta as meta

    pin = json.loads((Path(__file__).parents[2] / "specs" / "2024-10-21" / "pin.json").read_text())
    assert ("2024-10-21", "ga", pin["sha256"]) == (meta.API_VERSION, meta.CHANNEL, meta.SPEC_SHA256)


def test_the_package_is_marked_typed() -> None:
    import importlib.resources

    assert importlib.resources.files("aoai_v2024_10_21").joinpath("py.typed").is_file()
