"""The official `openai` SDK's Azure clients work unchanged against the emulator."""

from __future__ import annotations

import base64
import struct

import httpx2
import pytest
from aoai_emulator.testing import EmulatorHandle
from openai import AsyncAzureOpenAI, AzureOpenAI

GA = "2024-10-21"
EXPECTED = "This is an emulated reply to: Say hello"


def sync_client(emulator: EmulatorHandle) -> AzureOpenAI:
    return AzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=GA, max_retries=0
    )


def async_client(emulator: EmulatorHandle) -> AsyncAzureOpenAI:
    return AsyncAzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=GA, max_retries=0
    )


def wav_bytes() -> bytes:
    return b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + bytes(24) + b"data" + bytes(4)


def test_chat(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        reply = client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "Say hello"}]
        )
    assert reply.choices[0].message.content == EXPECTED
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage is not None and reply.usage.completion_tokens == len(EXPECTED.split())


def test_streaming_chat(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        stream = client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "Say hello"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        parts, finish, usage = [], None, None
        for chunk in stream:
            usage = chunk.usage or usage
            for choice in chunk.choices:
                if choice.delta is not None and choice.delta.content:
                    parts.append(choice.delta.content)
                finish = choice.finish_reason or finish
    assert "".join(parts) == EXPECTED
    assert finish == "stop"
    assert usage is not None and usage.total_tokens > 0


def test_embeddings_float_and_base64(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        floats = client.embeddings.create(
            model="text-embedding-3-small", input=["a", "b"], encoding_format="float"
        )
        encoded = client.embeddings.create(
            model="text-embedding-3-small", input=["a", "b"], encoding_format="base64"
        )
        small = client.embeddings.create(model="text-embedding-3-small", input="a", dimensions=8)
    assert [len(d.embedding) for d in floats.data] == [1536, 1536]
    assert floats.data[0].embedding != floats.data[1].embedding
    assert isinstance(encoded.data[0].embedding, str)
    raw = base64.b64decode(encoded.data[0].embedding)
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == floats.data[0].embedding
    assert len(small.data[0].embedding) == 8
    assert abs(sum(x * x for x in small.data[0].embedding) - 1) < 1e-5


def test_image_generation(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        by_url = client.images.generate(model="dall-e-3", prompt="a red fox", n=1)
        inline = client.images.generate(model="dall-e-3", prompt="a red fox", response_format="b64_json")
    assert by_url.data is not None and by_url.data[0].url is not None
    assert by_url.data[0].revised_prompt == "An emulated image of: a red fox"
    fetched = httpx2.get(by_url.data[0].url)
    assert fetched.status_code == 200 and fetched.content.startswith(b"\x89PNG")
    assert inline.data is not None and base64.b64decode(inline.data[0].b64_json or "") == fetched.content


def test_audio_transcription(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        result = client.audio.transcriptions.create(model="whisper", file=("hello.wav", wav_bytes()))
        text = client.audio.transcriptions.create(
            model="whisper", file=("hello.wav", wav_bytes()), response_format="text"
        )
    assert result.text.startswith("This is an emulated transcription of hello.wav (48 bytes")
    assert isinstance(text, str) and text.startswith("This is an emulated transcription of hello.wav")


@pytest.mark.anyio
async def test_async_client(emulator: EmulatorHandle) -> None:
    async with async_client(emulator) as client:
        reply = await client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}]
        )
        stream = await client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello"}], stream=True
        )
        parts = [c.choices[0].delta.content or "" async for c in stream if c.choices and c.choices[0].delta]
        floats = await client.embeddings.create(model="text-embedding-3-small", input="x")
        encoded = await client.embeddings.create(
            model="text-embedding-3-small", input="x", encoding_format="base64"
        )
        image = await client.images.generate(model="dall-e-3", prompt="a cat", response_format="b64_json")
        audio = await client.audio.transcriptions.create(model="whisper", file=("a.wav", wav_bytes()))
    assert reply.choices[0].message.content == EXPECTED
    assert "".join(parts) == EXPECTED
    raw = base64.b64decode(str(encoded.data[0].embedding))
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == floats.data[0].embedding
    assert image.data is not None and base64.b64decode(image.data[0].b64_json or "").startswith(b"\x89PNG")
    assert audio.text.startswith("This is an emulated transcription of a.wav")


def test_sdk_retries_injected_429_and_stats_count_attempts(emulator: EmulatorHandle, test_id: str) -> None:
    client = AzureOpenAI(
        azure_endpoint=emulator.base_url,
        api_key=emulator.api_key,
        api_version=GA,
        max_retries=2,
        default_headers={
            "x-aoai-test-id": test_id,
            "x-aoai-emulator-fault": "429; retry-after-ms=10; times=2",
        },
    )
    with client:
        reply = client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "Say hello"}]
        )
    assert reply.choices[0].message.content == EXPECTED
    assert emulator.stats(test_id)["attempts"] == 3
