"""images.generate against the emulator, sync and async."""

from __future__ import annotations

import aoai
import pytest

from .conftest import models_of


def test_generate(client: aoai.AzureOpenAI) -> None:
    result = client.images.generate(model="dall-e-3", prompt="a lighthouse", size="1024x1024")
    assert isinstance(result, models_of(client).GenerateImagesResponse)
    assert result.data[0].url and result.data[0].revised_prompt


@pytest.mark.anyio
async def test_generate_async(aclient: aoai.AsyncAzureOpenAI) -> None:
    result = await aclient.images.generate(
        model="dall-e-3", prompt="a lighthouse", response_format="b64_json"
    )
    assert result.data[0].b64_json
