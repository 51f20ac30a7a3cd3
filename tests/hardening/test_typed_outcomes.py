"""Item 5: every reply a server can send ends in a result or a documented `aoai` exception.

Each reply here was seen to escape untyped (`httpx2.DecodingError`, `TooManyRedirects`,
`JSONDecodeError`, `AttributeError`, `binascii.Error`, `RecursionError`) or to come back
as `None`. Over real HTTP from a scripted server; attempts are counted on the server.
"""

from __future__ import annotations

import gzip
import json
import random
from typing import Any

import aoai
import pytest

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import Reply, WireServer, chat_chunk, corrupt_gzip, sse_body

MESSAGES = [{"role": "user", "content": "hi"}]
JSON = [("content-type", "application/json")]
COMPLETION = {
    "id": "c",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}],
}


def _client(server: WireServer, **kwargs: Any) -> aoai.AzureOpenAI:
    kwargs.setdefault("max_retries", 2)
    return aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", **kwargs)


def _chat(server: WireServer, **kwargs: Any) -> Any:
    with _client(server) as client:
        return client.chat.completions.create(model="d", messages=MESSAGES, **kwargs)


BROKEN_200 = {
    "invalid JSON": Reply(200, JSON, b"{nope"),
    "invalid JSON, no content type": Reply(200, [], b"{nope"),
    "empty body": Reply(200, JSON, b""),
    "empty body, no content type": Reply(200, [], b""),
    "a list where an object is due": Reply(200, JSON, b"[1, 2]"),
    "a string where an object is due": Reply(200, JSON, b'"hello"'),
    "nested 100,000 deep": Reply(200, JSON, b"[" * 100_000),
    "corrupt gzip": Reply(200, [*JSON, ("content-encoding", "gzip")], corrupt_gzip()),
}


@pytest.mark.parametrize("case", sorted(BROKEN_200))
def test_a_broken_200_is_a_validation_error_never_none_and_not_retried(server: WireServer, case: str) -> None:
    server.script(BROKEN_200[case])
    with pytest.raises(aoai.APIResponseValidationError) as caught:
        _chat(server)
    error = caught.value
    assert error.status_code == 200 and error.response is not None and error.response.status_code == 200
    assert error.reason and error.reason in str(error)
    assert len(server.seen) == 1  # the service did the work: sending it again could do it twice


@pytest.mark.parametrize("case", sorted(BROKEN_200))
def test_raw_responses_parse_to_the_same_error(server: WireServer, case: str) -> None:
    server.script(BROKEN_200[case])
    with _client(server) as client:
        try:
            raw = client.chat.completions.with_raw_response.create(model="d", messages=MESSAGES)
        except aoai.APIResponseValidationError:
            assert case == "corrupt gzip"  # the body is read (and fails) before any parse
            return
        assert raw.status_code == 200
        with pytest.raises(aoai.APIResponseValidationError):
            raw.parse()


def test_json_without_a_content_type_is_read(server: WireServer) -> None:
    server.script(Reply(200, [], json.dumps(COMPLETION).encode()))
    completion = _chat(server)
    assert completion.choices[0].message.content == "hello"


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2]",
        b'{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "@@@"}]}',
        b'{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "abc"}]}',
        b'{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "AAA="}]}',
        b'{"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": "A\\nAAA"}]}',
    ],
    ids=["a list", "not base64", "bad padding", "not float32", "a newline inside"],
)
def test_embeddings_of_the_wrong_shape_are_a_validation_error(server: WireServer, body: bytes) -> None:
    server.script(Reply(200, JSON, body))
    with _client(server) as client, pytest.raises(aoai.APIResponseValidationError):
        client.embeddings.create(model="d", input="x")


def test_generated_operations_get_the_same_errors(server: WireServer) -> None:
    server.script(Reply(200, JSON, b"[1, 2]"))
    with _client(server) as client, pytest.raises(aoai.APIResponseValidationError):
        client.operations.chat.chat_completions_create(deployment_id="d", body={"messages": MESSAGES})


def test_a_corrupt_error_body_keeps_its_status_and_is_retried_as_that_status(server: WireServer) -> None:
    server.script(Reply(500, [*JSON, ("content-encoding", "gzip")], corrupt_gzip()))
    with pytest.raises(aoai.InternalServerError) as caught:
        _chat(server)
    assert "does not decode" in caught.value.message
    assert len(server.seen) == 3


def test_a_corrupt_stream_is_a_validation_error_after_the_chunks_that_decoded(server: WireServer) -> None:
    rng = random.Random(18)  # incompressible text: the damage lands after whole chunks arrived
    body = sse_body([chat_chunk(rng.randbytes(1000).hex()) for i in range(300)])
    packed = bytearray(gzip.compress(body))
    for i in range(len(packed) // 2, len(packed) - 8):
        packed[i] ^= 0x5A
    server.script(
        Reply(200, [("content-type", "text/event-stream"), ("content-encoding", "gzip")], bytes(packed))
    )
    seen = 0
    with _client(server) as client, pytest.raises(aoai.APIResponseValidationError) as caught:
        for _ in client.chat.completions.create(model="d", messages=MESSAGES, stream=True):
            seen += 1
    assert seen > 0
    assert "decode" in caught.value.reason
    assert len(server.seen) == 1


def test_a_redirect_loop_is_a_connection_error_and_not_retried(server: WireServer) -> None:
    server.script(Reply(307, [("location", "/openai/deployments/d/chat/completions?api-version=x")]))
    with pytest.raises(aoai.APIConnectionError) as caught:
        _chat(server)
    assert "TooManyRedirects" in str(caught.value) and "not retried" in str(caught.value)
    assert len(server.seen) == 21  # one attempt: the request and httpx2's 20 redirects


def test_the_async_client_maps_the_same_outcomes(server: WireServer, portal: Any) -> None:
    async def call(reply: Reply) -> BaseException:
        server.script(reply)
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k"
        ) as client:
            try:
                await client.chat.completions.create(model="d", messages=MESSAGES)
            except Exception as exc:
                return exc
        raise AssertionError("no error")

    for reply, expected in [
        (BROKEN_200["empty body"], aoai.APIResponseValidationError),
        (BROKEN_200["corrupt gzip"], aoai.APIResponseValidationError),
        (Reply(307, [("location", "/loop")]), aoai.APIConnectionError),
    ]:
        assert type(portal.call(call, reply)) is expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("headers", [[("content-type", "audio/mpeg")], []])
def test_an_operation_that_promises_no_json_returns_its_bytes_even_empty(
    server: WireServer, headers: Any
) -> None:
    """Only a JSON body the operation promises is required: speech answers audio bytes."""
    server.script(Reply(200, headers, b""))
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_version="2024-10-01-preview", api_key="k"
    ) as client:
        from aoai_v2024_10_01_preview.models import CreateSpeechRequest

        body = CreateSpeechRequest.from_dict({"input": "hi", "voice": "alloy"})
        assert client.operations.audio.speech_create(deployment_id="tts", body=body) == b""
