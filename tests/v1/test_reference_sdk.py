"""aoai and the official `openai` SDK (`OpenAI(base_url=<endpoint>/openai/v1/)`) send the same
requests to the emulator and get the same results: what aoai returns equals what the SDK returns,
field by field, for chat (plain, streamed), Responses (plain, streamed), embeddings and files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import aoai
import openai
import pytest
from aoai_emulator import testing

#: Differ between any two calls, whoever makes them.
VOLATILE = frozenset({"id", "created", "created_at", "item_id", "obfuscation", "system_fingerprint"})
SAY_HELLO = [{"role": "user", "content": "Say hello"}]


def same(value: Any) -> Any:
    """JSON data with the volatile keys and the nulls (unset to the one, None to the other) left out."""
    if isinstance(value, dict):
        return {k: same(v) for k, v in value.items() if v is not None and k not in VOLATILE}
    if isinstance(value, list):
        return [same(v) for v in value]
    return value


def ours(model: Any, *drop: str) -> Any:
    return same({k: v for k, v in model.to_dict().items() if k not in drop})


def theirs(model: Any) -> Any:
    return same(model.model_dump(exclude_unset=True, mode="json", warnings=False))


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    with testing.running_emulator() as handle:
        yield handle


@pytest.fixture(params=["v1", "preview"])
def pair(request: pytest.FixtureRequest, emulator: Any) -> Iterator[tuple[aoai.AzureOpenAI, openai.OpenAI]]:
    query = {} if request.param == "v1" else {"api-version": "preview"}
    with (
        aoai.AzureOpenAI(
            azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=request.param
        ) as a,
        openai.OpenAI(base_url=emulator.openai_base_url, api_key=emulator.api_key, default_query=query) as o,
    ):
        yield a, o


def test_chat_plain_and_streamed(pair: tuple[aoai.AzureOpenAI, openai.OpenAI]) -> None:
    a, o = pair
    assert ours(a.chat.completions.create(model="gpt-4o", messages=SAY_HELLO)) == theirs(
        o.chat.completions.create(model="gpt-4o", messages=SAY_HELLO)
    )
    with a.chat.completions.create(model="gpt-4o", messages=SAY_HELLO, stream=True) as stream:
        our_chunks = [ours(chunk) for chunk in stream]
        final = stream.get_final_completion()
    their_chunks = [
        theirs(chunk) for chunk in o.chat.completions.create(model="gpt-4o", messages=SAY_HELLO, stream=True)
    ]
    assert our_chunks == their_chunks and len(our_chunks) > 3
    assert final.choices[0].message.content == "This is an emulated reply to: Say hello"


def test_responses_plain_and_streamed(pair: tuple[aoai.AzureOpenAI, openai.OpenAI]) -> None:
    a, o = pair
    mine = a.responses.create(model="gpt-4o", input="Say hello", instructions="Be brief.")
    yours = o.responses.create(model="gpt-4o", input="Say hello", instructions="Be brief.")
    assert ours(mine, "output_text") == theirs(yours) and mine.output_text == yours.output_text
    with a.responses.create(model="gpt-4o", input="Say hello", stream=True) as stream:
        my_events = list(stream)
        my_final = stream.get_final_response()
    your_events = list(o.responses.create(model="gpt-4o", input="Say hello", stream=True))
    with o.responses.stream(model="gpt-4o", input="Say hello") as helper:  # the SDK's own final form
        your_final = helper.get_final_response()
    assert [e.type_.value if hasattr(e.type_, "value") else e.type_ for e in my_events] == [
        e.type for e in your_events
    ]
    assert [ours(e) for e in my_events] == [theirs(e) for e in your_events]
    assert (
        ours(my_final, "output_text") == theirs(your_final) and my_final.output_text == your_final.output_text
    )


def test_embeddings(pair: tuple[aoai.AzureOpenAI, openai.OpenAI]) -> None:
    a, o = pair
    for kwargs in ({}, {"encoding_format": "float"}, {"dimensions": 8}):
        mine = a.embeddings.create(model="text-embedding-3-small", input=["a", "b"], **kwargs)
        yours = o.embeddings.create(model="text-embedding-3-small", input=["a", "b"], **kwargs)
        assert ours(mine) == theirs(yours), kwargs


def test_file_upload_and_list(pair: tuple[aoai.AzureOpenAI, openai.OpenAI]) -> None:
    a, o = pair
    mine = a.files.create(file=("same.jsonl", b'{"x": 1}\n'), purpose="assistants")
    yours = o.files.create(file=("same.jsonl", b'{"x": 1}\n'), purpose="assistants")
    assert ours(mine) == theirs(yours)
    listed = {f.id: ours(f) for f in a.files.list(limit=1)}
    seen = {f.id: theirs(f) for f in o.files.list(limit=1)}
    assert listed == seen and {mine.id, yours.id} <= set(listed)
    assert a.files.content(yours.id) == o.files.content(mine.id).content == b'{"x": 1}\n'
    for file_id in (mine.id, yours.id):
        a.files.delete(file_id)


@pytest.mark.anyio
async def test_async_and_entra_id_alike(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDENTITY_ENDPOINT", emulator.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", emulator.identity_header)
    credential = testing.managed_identity_credential(asynchronous=True)
    token = (await credential.get_token("https://cognitiveservices.azure.com/.default")).token
    async with (
        aoai.AsyncAzureOpenAI(azure_endpoint=emulator.base_url, credential=credential, api_version="v1") as a,
        openai.AsyncOpenAI(base_url=emulator.openai_base_url, api_key=token) as o,
    ):
        mine = await a.responses.create(model="gpt-4o", input="Say hello")
        yours = await o.responses.create(model="gpt-4o", input="Say hello")
        assert ours(mine, "output_text") == theirs(yours)
        my_ids = [f.id async for f in a.files.list()]
        your_ids = [f.id async for f in o.files.list()]
        assert my_ids == your_ids
    await credential.close()
