"""chat.completions.create against the emulator over real HTTP, sync and async (non-streamed)."""

from __future__ import annotations

import json
from typing import Any

import aoai
import pytest
from aoai.resources._body import ParameterError

from .conftest import GA_VERSION, SSEServer, models_of

USER = [{"role": "user", "content": "Say hello"}]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}


def test_create_returns_the_versions_response_model(client: aoai.AzureOpenAI) -> None:
    completion = client.chat.completions.create(model="gpt-4o", messages=USER, temperature=0.2, max_tokens=50)
    assert isinstance(completion, models_of(client).CreateChatCompletionResponse)
    assert completion.choices[0].message.content
    assert completion.choices[0].finish_reason.value == "stop"
    assert completion.usage.total_tokens > 0


@pytest.mark.anyio
async def test_create_async(aclient: aoai.AsyncAzureOpenAI) -> None:
    completion = await aclient.chat.completions.create(model="gpt-4o", messages=USER)
    assert isinstance(completion, models_of(aclient).CreateChatCompletionResponse)
    assert completion.choices[0].message.content


def test_generated_message_models_are_accepted(client: aoai.AzureOpenAI) -> None:
    models = models_of(client)
    message = models.ChatCompletionRequestUserMessage.from_dict({"role": "user", "content": "Say hello"})
    by_model = client.chat.completions.create(model="gpt-4o", messages=[message])
    by_dict = client.chat.completions.create(model="gpt-4o", messages=USER)
    assert by_model.choices[0].message.content == by_dict.choices[0].message.content


def test_tool_calls(client: aoai.AzureOpenAI) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o", messages=USER, tools=[WEATHER_TOOL], tool_choice="required"
    )
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert "city" in json.loads(call.function.arguments)
    assert completion.choices[0].finish_reason.value == "tool_calls"


def test_client_deployment_is_the_default_model(emulator: Any) -> None:
    with aoai.AzureOpenAI(
        azure_endpoint=emulator.base_url,
        api_key=emulator.api_key,
        api_version=GA_VERSION,
        azure_deployment="gpt-4o",
    ) as client:
        assert client.chat.completions.create(messages=USER).choices[0].message.content
        # like the official SDK: the client's deployment wins over `model`
        assert client.chat.completions.create(model="not-deployed", messages=USER).model.startswith("gpt-4o")


def test_unknown_keyword_is_a_clear_error(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(ParameterError, match=r"'temprature'.*2024-10-21.*extra_body"):
        client.chat.completions.create(model="gpt-4o", messages=USER, temprature=0.1)


def test_wrong_type_is_a_clear_error(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(ParameterError, match=r"'temperature' must be float, int"):
        client.chat.completions.create(model="gpt-4o", messages=USER, temperature="hot")


def test_missing_messages_is_a_clear_error(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(ParameterError, match=r"missing required keyword.*messages"):
        client.chat.completions.create(model="gpt-4o")


def test_the_checks_hold_on_every_call_not_only_the_first(client: aoai.AzureOpenAI) -> None:
    """What the body check learns about a model is kept per keyword; a refusal is never kept as a pass."""
    for _ in range(2):
        with pytest.raises(ParameterError, match="'temprature'"):
            client.chat.completions.create(model="gpt-4o", messages=USER, temprature=0.1)
        assert client.chat.completions.create(model="gpt-4o", messages=USER, temperature=0.5).choices
        with pytest.raises(ParameterError, match="'temperature' must be"):
            client.chat.completions.create(model="gpt-4o", messages=USER, temperature="hot")
        with pytest.raises(ParameterError, match=r"missing required keyword.*messages"):
            client.chat.completions.create(model="gpt-4o", temperature=0.5)


def test_missing_deployment_is_a_clear_error(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(ValueError, match="no deployment given"):
        client.chat.completions.create(messages=USER)


def test_unknown_deployment_is_a_typed_error(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(aoai.NotFoundError):
        client.chat.completions.create(model="no-such-deployment", messages=USER)


def test_only_what_the_caller_passed_is_sent(sse_server: SSEServer) -> None:
    sse_server.body = b"data: [DONE]\n\n"
    with aoai.AzureOpenAI(azure_endpoint=sse_server.base_url, api_key="k", api_version=GA_VERSION) as client:
        models = models_of(client)
        message = models.ChatCompletionRequestUserMessage.from_dict({"role": "user", "content": "x"})
        list(client.chat.completions.create(model="d", messages=[message], stream=True, top_p=0.5))
    body = json.loads(sse_server.requests[0]["body"])
    assert body == {"messages": [{"role": "user", "content": "x"}], "stream": True, "top_p": 0.5}
    assert sse_server.requests[0]["path"].startswith("/openai/deployments/d/chat/completions?")
