"""The reference client: the official `openai` SDK's plain `OpenAI`/`AsyncOpenAI` pointed at the
emulator's v1 routes (`base_url=<endpoint>/openai/v1/`), as Microsoft documents it for the v1
API, with an API key and once with Entra ID through the emulator's managed identity."""

from __future__ import annotations

import base64
import hashlib
import struct

import pytest
from aoai_emulator.testing import EmulatorHandle, managed_identity_credential, running_emulator
from openai import AsyncOpenAI, NotFoundError, OpenAI

EXPECTED = "This is an emulated reply to: Say hello"
SAY_HELLO = [{"role": "user", "content": "Say hello"}]


def sync_client(emulator: EmulatorHandle) -> OpenAI:
    return OpenAI(base_url=emulator.openai_base_url, api_key=emulator.api_key, max_retries=0)


def async_client(emulator: EmulatorHandle) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=emulator.openai_base_url, api_key=emulator.api_key, max_retries=0)


def test_chat_plain_and_streamed(emulator: EmulatorHandle) -> None:
    assert emulator.openai_base_url == emulator.base_url + "/openai/v1/"
    with sync_client(emulator) as client:
        reply = client.chat.completions.create(model="gpt-4o", messages=SAY_HELLO)
        stream = client.chat.completions.create(
            model="gpt-4o", messages=SAY_HELLO, stream=True, stream_options={"include_usage": True}
        )
        parts, usage = [], None
        for chunk in stream:
            usage = chunk.usage or usage
            parts += [c.delta.content for c in chunk.choices if c.delta is not None and c.delta.content]
    assert reply.choices[0].message.content == EXPECTED and reply.choices[0].finish_reason == "stop"
    assert reply.model == "gpt-4o-2024-08-06"
    assert "".join(parts) == EXPECTED
    assert usage is not None and usage.model_dump() == reply.usage.model_dump()  # type: ignore[union-attr]


def test_responses_plain_streamed_and_continued(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        first = client.responses.create(model="gpt-4o", input="My name is Ada", instructions="Be brief.")
        again = client.responses.create(
            model="gpt-4o", input="What is my name?", previous_response_id=first.id
        )
        events = list(
            client.responses.create(
                model="gpt-4o", input="My name is Ada", instructions="Be brief.", stream=True
            )
        )
        with client.responses.stream(
            model="gpt-4o", input="What is my name?", previous_response_id=first.id
        ) as helper:
            final = helper.get_final_response()
        fetched = client.responses.retrieve(first.id)
        items = list(client.responses.input_items.list(first.id))
    assert first.output_text == "This is an emulated reply to: My name is Ada"
    assert (
        again.output_text
        == "This is an emulated reply to: What is my name? (earlier in this conversation: My name is Ada)"
    )
    assert [e.sequence_number for e in events] == list(range(len(events)))
    assert events[0].type == "response.created" and events[-1].type == "response.completed"
    completed = events[-1].response  # type: ignore[union-attr]
    assert completed.model_dump(exclude={"created_at"}) == first.model_dump(exclude={"created_at"})
    assert final.output_text == again.output_text and final.id == again.id
    assert fetched.model_dump(exclude={"created_at"}) == first.model_dump(exclude={"created_at"})
    assert [i.content[0].text for i in items] == ["My name is Ada"]  # type: ignore[union-attr]


def test_embeddings(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client:
        floats = client.embeddings.create(
            model="text-embedding-3-small", input=["a", "b"], encoding_format="float"
        )
        default = client.embeddings.create(
            model="text-embedding-3-small", input=["a", "b"]
        )  # base64 on the wire
        small = client.embeddings.create(model="text-embedding-3-small", input="a", dimensions=8)
    assert [len(d.embedding) for d in floats.data] == [1536, 1536]
    assert default.data[1].embedding == floats.data[1].embedding
    assert len(small.data[0].embedding) == 8


def test_files_upload_and_auto_pagination() -> None:
    with running_emulator() as em, sync_client(em) as client:
        made = [
            client.files.create(file=(f"f{i}.jsonl", f'{{"i": {i}}}\n'.encode()), purpose="batch")
            for i in range(7)
        ]
        first_page = client.files.list(limit=3, order="asc")
        pages = [[f.id for f in first_page.data]]
        page = first_page
        while page.has_next_page():
            page = page.get_next_page()
            pages.append([f.id for f in page.data])
        every = [f.id for f in client.files.list(limit=2)]  # the SDK follows `after` itself
        content = client.files.content(made[3].id).content
        deleted = client.files.delete(made[0].id)
        missing_error = None
        try:
            client.files.retrieve(made[0].id)
        except NotFoundError as exc:
            missing_error = exc
    ids = [f.id for f in made]
    assert pages == [ids[0:3], ids[3:6], ids[6:7]]
    assert every == ids[::-1]
    assert content == b'{"i": 3}\n' and deleted.deleted is True
    assert missing_error is not None and missing_error.status_code == 404


def test_unknown_deployment_is_a_typed_not_found(emulator: EmulatorHandle) -> None:
    with sync_client(emulator) as client, pytest.raises(NotFoundError) as caught:
        client.chat.completions.create(model="gpt-9", messages=SAY_HELLO)
    assert caught.value.code == "DeploymentNotFound"


@pytest.mark.anyio
async def test_async_client(emulator: EmulatorHandle) -> None:
    async with async_client(emulator) as client:
        reply = await client.chat.completions.create(model="gpt-4o-mini", messages=SAY_HELLO)
        stream = await client.chat.completions.create(model="gpt-4o-mini", messages=SAY_HELLO, stream=True)
        parts = [c.choices[0].delta.content or "" async for c in stream if c.choices and c.choices[0].delta]
        first = await client.responses.create(model="gpt-4o", input="My name is Ada")
        events = [
            e
            async for e in await client.responses.create(
                model="gpt-4o", input="What is my name?", previous_response_id=first.id, stream=True
            )
        ]
        encoded = await client.embeddings.create(
            model="text-embedding-3-small", input="x", encoding_format="base64"
        )
        floats = await client.embeddings.create(
            model="text-embedding-3-small", input="x", encoding_format="float"
        )
        uploaded = [
            await client.files.create(file=(f"a{i}.jsonl", b"{}\n"), purpose="assistants") for i in range(5)
        ]
        listed = [f.id async for f in client.files.list(limit=2, order="asc")]
    assert reply.choices[0].message.content == EXPECTED and "".join(parts) == EXPECTED
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")  # type: ignore[union-attr]
    assert (
        deltas
        == "This is an emulated reply to: What is my name? (earlier in this conversation: My name is Ada)"
    )
    raw = base64.b64decode(str(encoded.data[0].embedding))
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == floats.data[0].embedding
    ids = [f.id for f in uploaded]
    assert listed[listed.index(ids[0]) :][:5] == ids  # other tests' files may be listed before


def test_entra_id_through_the_managed_identity(emulator_env: EmulatorHandle, test_id: str) -> None:
    from azure.identity import get_bearer_token_provider

    credential = managed_identity_credential()
    provider = get_bearer_token_provider(credential, "https://cognitiveservices.azure.com/.default")
    client = OpenAI(
        base_url=emulator_env.openai_base_url,
        api_key=provider,
        max_retries=0,
        default_headers={"x-aoai-test-id": test_id},
    )
    with client:
        reply = client.responses.create(model="gpt-4o", input="Say hello")
    assert reply.output_text == EXPECTED
    stats = emulator_env.stats(test_id)
    key_hash = hashlib.sha256(emulator_env.api_key.encode()).hexdigest()
    assert stats["auth"] == ["bearer"] and stats["credential_hashes"][0] not in (None, key_hash)
