"""completions.create against the emulator, whole and streamed, sync and async."""

from __future__ import annotations

import aoai
import pytest

from .conftest import models_of


def test_create(client: aoai.AzureOpenAI) -> None:
    completion = client.completions.create(model="gpt-35-turbo-instruct", prompt="Say hello", max_tokens=20)
    assert isinstance(completion, models_of(client).CreateCompletionResponse)
    assert completion.choices[0].text


def test_stream_joins_to_the_whole_text(client: aoai.AzureOpenAI) -> None:
    whole = client.completions.create(model="gpt-35-turbo-instruct", prompt="Say hello")
    with client.completions.create(model="gpt-35-turbo-instruct", prompt="Say hello", stream=True) as stream:
        chunks = list(stream)
    assert all(isinstance(c, models_of(client).CreateCompletionResponse) for c in chunks)
    assert (
        "".join(c.choices[0].text for c in chunks if c.choices and c.choices[0].text) == whole.choices[0].text
    )
    with pytest.raises(TypeError, match="no final form"):
        stream.get_final_completion()


@pytest.mark.anyio
async def test_create_and_stream_async(aclient: aoai.AsyncAzureOpenAI) -> None:
    whole = await aclient.completions.create(model="gpt-35-turbo-instruct", prompt="Say hello")
    stream = await aclient.completions.create(model="gpt-35-turbo-instruct", prompt="Say hello", stream=True)
    async with stream:
        text = "".join([c.choices[0].text async for c in stream if c.choices and c.choices[0].text])
    assert text == whole.choices[0].text
