"""embeddings.create: base64 on the wire by default, floats to the caller, as the official SDK does."""

from __future__ import annotations

import base64
import struct

import aoai
import pytest
from aoai.resources._vectors import floats_from_base64

MODEL = "text-embedding-3-small"


def test_single_input_defaults_to_base64_and_returns_floats(client: aoai.AzureOpenAI) -> None:
    result = client.embeddings.create(model=MODEL, input="hello")
    vector = result.data[0].embedding
    assert isinstance(vector, list) and all(isinstance(x, float) for x in vector)
    raw = client.embeddings.with_raw_response.create(model=MODEL, input="hello")
    assert isinstance(raw.http_response.json()["data"][0]["embedding"], str), "base64 on the wire"
    assert raw.parse().data[0].embedding == vector


def test_batch_dimensions_and_float_format_agree(client: aoai.AzureOpenAI) -> None:
    decoded = client.embeddings.create(model=MODEL, input=["a", "b", "c"], dimensions=64)
    floats = client.embeddings.create(
        model=MODEL, input=["a", "b", "c"], dimensions=64, encoding_format="float"
    )
    assert [d.index for d in decoded.data] == [0, 1, 2]
    assert all(len(d.embedding) == 64 for d in decoded.data)
    assert [d.embedding for d in decoded.data] == [d.embedding for d in floats.data]


def test_explicit_base64_is_returned_untouched(client: aoai.AzureOpenAI) -> None:
    result = client.embeddings.create(model=MODEL, input="hello", dimensions=8, encoding_format="base64")
    assert isinstance(result.data[0].embedding, str)
    assert len(floats_from_base64(result.data[0].embedding)) == 8


@pytest.mark.anyio
async def test_async(aclient: aoai.AsyncAzureOpenAI) -> None:
    result = await aclient.embeddings.create(model=MODEL, input=["x", "y"], dimensions=16)
    assert [len(d.embedding) for d in result.data] == [16, 16]


def test_base64_decoding_is_little_endian_float32() -> None:
    values = [0.5, -1.25, 3.0]
    assert floats_from_base64(base64.b64encode(struct.pack("<3f", *values)).decode()) == values
    with pytest.raises(ValueError, match="float32"):
        floats_from_base64(base64.b64encode(b"abc").decode())
