"""Azure's behaviour beyond the schemas: streaming shape, determinism, tools, content filter,
errors for unknown routes, request ids."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest
from aoai_emulator.documents import load_documents
from aoai_emulator.schemas import pointer, validator_for
from aoai_emulator.testing import EmulatorHandle, running_emulator

GA = "2024-10-21"
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "days": {"type": "integer", "minimum": 1}},
            "required": ["city", "days"],
        },
    },
}


@pytest.fixture(scope="module")
def client(emulator: EmulatorHandle) -> Any:
    with httpx2.Client(base_url=emulator.base_url, headers={"api-key": emulator.api_key}) as c:
        yield c


def chat(client: httpx2.Client, body: dict[str, Any], deployment: str = "gpt-4o") -> httpx2.Response:
    return client.post(
        f"/openai/deployments/{deployment}/chat/completions", params={"api-version": GA}, json=body
    )


def events(reply: httpx2.Response) -> list[Any]:
    lines = [line.removeprefix("data: ") for line in reply.text.split("\n\n") if line.startswith("data: ")]
    assert lines[-1] == "[DONE]"
    return [json.loads(line) for line in lines[:-1]]


def collect(chunks: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Per choice index: concatenated content, tool-call arguments, finish_reason."""
    out: dict[int, dict[str, Any]] = {}
    for chunk in chunks:
        for choice in chunk["choices"]:
            entry = out.setdefault(choice["index"], {"content": "", "finish": None, "tools": {}})
            delta = choice.get("delta") or {}
            entry["content"] += delta.get("content") or ""
            for call in delta.get("tool_calls") or []:
                tool = entry["tools"].setdefault(call["index"], {"id": None, "name": "", "arguments": ""})
                tool["id"] = call.get("id") or tool["id"]
                tool["name"] += call.get("function", {}).get("name", "")
                tool["arguments"] += call.get("function", {}).get("arguments", "")
            entry["finish"] = choice.get("finish_reason") or entry["finish"]
    return out


@pytest.mark.parametrize(
    "extra",
    [{}, {"max_tokens": 3}, {"n": 2}, {"response_format": {"type": "json_object"}}],
    ids=["plain", "max_tokens", "n", "json_object"],
)
def test_stream_equals_non_stream(client: httpx2.Client, extra: dict[str, Any]) -> None:
    body = {"messages": [{"role": "user", "content": "Describe the sea in a few words"}], **extra}
    whole = chat(client, body).json()
    streamed = chat(client, {**body, "stream": True, "stream_options": {"include_usage": True}})
    assert streamed.headers["content-type"].startswith("text/event-stream")
    chunks = events(streamed)
    got = collect(chunks)
    for choice in whole["choices"]:
        assert got[choice["index"]]["content"] == choice["message"]["content"]
        assert got[choice["index"]]["finish"] == choice["finish_reason"]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"] == whole["usage"]
    assert chat(client, body).json()["choices"] == whole["choices"]
    if "max_tokens" in extra:
        assert whole["choices"][0]["finish_reason"] == "length"
        assert whole["usage"]["completion_tokens"] == 3
    if "response_format" in extra:
        assert json.loads(whole["choices"][0]["message"]["content"])


def test_stream_has_azure_quirks_and_valid_content_chunks(client: httpx2.Client) -> None:
    chunks = events(chat(client, {"messages": [{"role": "user", "content": "hi"}], "stream": True}))
    first = chunks[0]
    assert first["choices"] == [] and first["prompt_filter_results"] and first["object"] == ""
    assert any(c["choices"] and "delta" not in c["choices"][0] for c in chunks), (
        "no content-filter-only chunk"
    )
    doc = load_documents()[GA]
    validator = validator_for(doc, pointer("components", "schemas", "createChatCompletionStreamResponse"))
    for chunk in chunks[1:]:
        if all("delta" in c for c in chunk["choices"]) and chunk["choices"]:
            assert not list(validator.iter_errors(chunk))
            assert "content_filter_results" in chunk["choices"][0]


@pytest.mark.parametrize(
    ("tool_choice", "prompt"),
    [
        ({"type": "function", "function": {"name": "get_weather"}}, "hello"),
        ("required", "hello"),
        (None, "What does get_weather say for Paris?"),
    ],
    ids=["forced", "required", "mentioned"],
)
def test_tool_calls_streamed_in_pieces(client: httpx2.Client, tool_choice: Any, prompt: str) -> None:
    body: dict[str, Any] = {"messages": [{"role": "user", "content": prompt}], "tools": [WEATHER_TOOL]}
    if tool_choice is not None:
        body["tool_choice"] = tool_choice
    whole = chat(client, body).json()["choices"][0]
    assert whole["finish_reason"] == "tool_calls"
    call = whole["message"]["tool_calls"][0]
    assert call["function"]["name"] == "get_weather"
    assert set(json.loads(call["function"]["arguments"])) == {"city", "days"}
    chunks = events(chat(client, {**body, "stream": True}))
    argument_chunks = [
        c for c in chunks if c["choices"] and (c["choices"][0].get("delta") or {}).get("tool_calls")
    ]
    assert len(argument_chunks) > 2
    tool = collect(chunks)[0]["tools"][0]
    assert (tool["id"], tool["name"], tool["arguments"]) == (
        call["id"],
        "get_weather",
        call["function"]["arguments"],
    )
    assert collect(chunks)[0]["finish"] == "tool_calls"


def test_no_tool_call_without_a_reason(client: httpx2.Client) -> None:
    body = {"messages": [{"role": "user", "content": "just chat"}], "tools": [WEATHER_TOOL]}
    assert chat(client, body).json()["choices"][0]["finish_reason"] == "stop"


def test_prompt_content_filter(client: httpx2.Client) -> None:
    reply = chat(client, {"messages": [{"role": "user", "content": "something forbidden here"}]})
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "content_filter" and error["param"] == "prompt" and error["status"] == 400
    result = error["innererror"]["content_filter_result"]
    assert error["innererror"]["code"] == "ResponsibleAIPolicyViolation"
    assert result["violence"] == {"filtered": True, "severity": "medium"}
    assert result["hate"] == {"filtered": False, "severity": "safe"}
    image = client.post(
        "/openai/deployments/dall-e-3/images/generations",
        params={"api-version": GA},
        json={"prompt": "forbidden"},
    )
    assert image.status_code == 400 and image.json()["error"]["code"] == "content_filter"


def test_output_content_filter_in_stream_and_body(client: httpx2.Client) -> None:
    body = {"messages": [{"role": "user", "content": "please say forbidden-output now"}]}
    whole = chat(client, body).json()["choices"][0]
    assert whole["finish_reason"] == "content_filter"
    assert whole["content_filter_results"]["violence"]["filtered"] is True
    got = collect(events(chat(client, {**body, "stream": True})))[0]
    assert got["finish"] == "content_filter" and got["content"] == whole["message"]["content"]


def test_trigger_word_is_configurable() -> None:
    with running_emulator(trigger_word="banana") as em:
        headers = {"api-key": em.api_key}
        url = f"{em.base_url}/openai/deployments/gpt-4o/chat/completions?api-version={GA}"
        banana = httpx2.post(
            url, json={"messages": [{"role": "user", "content": "a banana"}]}, headers=headers
        )
        forbidden = httpx2.post(
            url, json={"messages": [{"role": "user", "content": "forbidden"}]}, headers=headers
        )
    assert (banana.status_code, forbidden.status_code) == (400, 200)


def test_legacy_completions_stream_matches(client: httpx2.Client) -> None:
    url = "/openai/deployments/gpt-35-turbo-instruct/completions"
    body = {"prompt": "Write a haiku about rain", "max_tokens": 50}
    whole = client.post(url, params={"api-version": GA}, json=body).json()
    chunks = events(client.post(url, params={"api-version": GA}, json={**body, "stream": True}))
    assert chunks[0]["choices"] == [] and chunks[0]["prompt_filter_results"]
    text = "".join(c["choices"][0]["text"] for c in chunks if c["choices"])
    assert text == whole["choices"][0]["text"] and whole["choices"][0]["finish_reason"] == "stop"


def test_routing_errors_are_azure_shaped(client: httpx2.Client) -> None:
    unknown_deployment = chat(client, {"messages": [{"role": "user", "content": "x"}]}, deployment="gpt-5")
    assert unknown_deployment.status_code == 404
    assert unknown_deployment.json()["error"]["code"] == "DeploymentNotFound"
    assert unknown_deployment.json()["error"]["type"] == "invalid_request_error"
    for params in ({"api-version": "1999-01-01"}, {}):
        reply = client.post("/openai/deployments/gpt-4o/chat/completions", params=params, json={})
        assert reply.status_code == 404
        assert reply.json() == {"error": {"code": "404", "message": "Resource not found"}}
    assert client.get("/openai/nowhere", params={"api-version": GA}).status_code == 404
    preview_only = client.get("/openai/assistants", params={"api-version": GA})
    assert preview_only.status_code == 404
    broken = client.post(
        "/openai/deployments/gpt-4o/chat/completions", params={"api-version": GA}, content=b"{not json"
    )
    assert broken.status_code == 400 and "could not parse the JSON body" in broken.json()["error"]["message"]


def test_every_response_has_request_ids(client: httpx2.Client) -> None:
    for reply in (
        chat(client, {"messages": []}),
        client.get("/nowhere"),
        chat(client, {"messages": [{"role": "user", "content": "a"}]}),
    ):
        assert len(reply.headers["apim-request-id"]) == 36 and len(reply.headers["x-request-id"]) == 36


def test_audio_formats_and_speech(client: httpx2.Client) -> None:
    url = "/openai/deployments/whisper/audio/transcriptions"
    files = {"file": ("clip.mp3", b"ID3fakeaudio", "audio/mpeg")}
    outputs = {}
    for fmt in ("json", "text", "srt", "vtt", "verbose_json"):
        reply = client.post(url, params={"api-version": GA}, files=files, data={"response_format": fmt})
        assert reply.status_code == 200, reply.text
        outputs[fmt] = reply
    assert outputs["json"].json()["text"].startswith("This is an emulated transcription of clip.mp3")
    assert outputs["text"].text == outputs["json"].json()["text"]
    assert outputs["srt"].text.startswith("1\n00:00:00,000 --> ")
    assert outputs["vtt"].text.startswith("WEBVTT\n\n00:00:00.000 --> ")
    assert outputs["verbose_json"].json()["segments"][0]["text"] == outputs["text"].text
    translated = client.post(
        "/openai/deployments/whisper/audio/translations", params={"api-version": GA}, files=files
    )
    assert "translation" in translated.json()["text"]
    speech = client.post(
        "/openai/deployments/tts/audio/speech",
        params={"api-version": "2024-10-01-preview"},
        json={"input": "Hello there", "voice": "alloy", "response_format": "wav"},
    )
    assert speech.headers["content-type"] == "audio/wav" and speech.content.startswith(b"RIFF")
    mp3 = client.post(
        "/openai/deployments/tts/audio/speech",
        params={"api-version": "2024-10-01-preview"},
        json={"input": "Hello", "voice": "alloy"},
    )
    assert mp3.headers["content-type"] == "audio/mpeg" and mp3.content


def test_custom_deployments() -> None:
    with running_emulator(deployments=["only-one"]) as em:
        url = f"{em.base_url}/openai/deployments/%s/chat/completions?api-version={GA}"
        body = {"messages": [{"role": "user", "content": "x"}]}
        ok = httpx2.post(url % "only-one", json=body, headers={"api-key": em.api_key})
        gone = httpx2.post(url % "gpt-4o", json=body, headers={"api-key": em.api_key})
    assert (ok.status_code, gone.status_code) == (200, 404)
