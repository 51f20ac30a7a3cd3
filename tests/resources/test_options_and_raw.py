"""Per-call options (timeout, max_retries, extra_headers, extra_query, extra_body) and
`with_raw_response` on every facade method, sync and async, against the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aoai
import pytest

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)
USER = [{"role": "user", "content": "hi"}]

#: name -> (resource path, method, keywords): every facade method.
METHODS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "chat": ("chat.completions", "create", {"model": "gpt-4o", "messages": USER}),
    "chat-stream": ("chat.completions", "create", {"model": "gpt-4o", "messages": USER, "stream": True}),
    "completions": ("completions", "create", {"model": "gpt-35-turbo-instruct", "prompt": "hi"}),
    "embeddings": ("embeddings", "create", {"model": "text-embedding-3-small", "input": "hi"}),
    "images": ("images", "generate", {"model": "dall-e-3", "prompt": "a cat"}),
    "transcriptions": ("audio.transcriptions", "create", {"model": "whisper", "file": WAV}),
    "translations": ("audio.translations", "create", {"model": "whisper", "file": WAV}),
}


def method(client: Any, name: str, raw: bool = False) -> Callable[..., Any]:
    path, attr, _ = METHODS[name]
    resource = client
    for part in path.split("."):
        resource = getattr(resource, part)
    return getattr(resource.with_raw_response if raw else resource, attr)  # type: ignore[no-any-return]


def finish(result: Any) -> Any:
    """Streams are read to the end so their connection is released."""
    if hasattr(result, "get_final_completion"):
        return list(result)
    return result


#: name -> what the parsed reply must hold (a value the emulator derives from the request).
def answer(name: str, result: Any) -> Any:
    if name == "chat-stream":
        deltas = [c.delta for chunk in result for c in chunk.choices]
        return "".join(d.content for d in deltas if isinstance(getattr(d, "content", None), str))
    if name == "chat":
        return result.choices[0].message.content
    if name == "completions":
        return result.choices[0].text
    if name == "embeddings":
        return result.data[0].embedding
    if name == "images":
        return result.data[0].url or result.data[0].b64_json
    return result.text  # transcriptions, translations


def assert_answered(name: str, result: Any) -> None:
    value = answer(name, result)
    if name.startswith("chat"):
        assert isinstance(value, str) and value.startswith("This is an emulated reply to: hi"), value
    elif name == "embeddings":
        assert isinstance(value, list) and len(value) > 1 and all(isinstance(x, float) for x in value)
    else:
        assert isinstance(value, str) and value.strip(), value


@pytest.mark.parametrize("name", METHODS)
def test_raw_response_and_options(client: aoai.AzureOpenAI, emulator: Any, test_id: str, name: str) -> None:
    kwargs = dict(METHODS[name][2])
    raw = method(client, name, raw=True)(
        **kwargs,
        extra_headers={"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "500; times=1"},
        extra_query={"trace": "on"},
        extra_body={"user_note": "kept"}
        if name != "chat-stream"
        else {"stream_options": {"include_usage": True}},
        max_retries=1,
        timeout=30,
    )
    assert raw.status_code == 200 and raw.request_id
    assert emulator.stats(test_id)["attempts"] == 2, "one retry after the injected 500"
    request = raw.http_response.request
    assert request.url.params["trace"] == "on"
    if "json" in request.headers.get("content-type", ""):
        assert set(json.loads(request.content)) & {"user_note", "stream_options"}
    else:
        assert b'name="user_note"' in request.read()
    assert_answered(name, finish(raw.parse()))


@pytest.mark.parametrize("name", METHODS)
def test_max_retries_zero_surfaces_the_typed_error(client: aoai.AzureOpenAI, test_id: str, name: str) -> None:
    headers = {"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "503"}
    with pytest.raises(aoai.ServiceUnavailableError):
        method(client, name)(**METHODS[name][2], extra_headers=headers, max_retries=0)


def test_timeout_per_call(client: aoai.AzureOpenAI, test_id: str) -> None:
    headers = {"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "stall; seconds=5"}
    with pytest.raises(aoai.APITimeoutError):
        client.chat.completions.create(
            model="gpt-4o", messages=USER, extra_headers=headers, timeout=0.2, max_retries=0
        )


@pytest.mark.anyio
@pytest.mark.parametrize("name", METHODS)
async def test_async_raw_response_and_options(
    aclient: aoai.AsyncAzureOpenAI, emulator: Any, test_id: str, name: str
) -> None:
    headers = {"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "429; retry-after-ms=1; times=1"}
    raw = await method(aclient, name, raw=True)(**METHODS[name][2], extra_headers=headers, max_retries=2)
    assert raw.status_code == 200 and raw.request_id
    assert emulator.stats(test_id)["attempts"] == 2
    result = raw.parse()
    if hasattr(result, "get_final_completion"):
        async with result:
            result = [chunk async for chunk in result]
    assert_answered(name, result)
