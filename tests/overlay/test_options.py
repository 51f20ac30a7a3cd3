"""Per-request and per-client overrides: retries, headers, query, body; `with_options` shares the pool."""

from __future__ import annotations

import io
import json

import aoai
import httpx2
import pytest
from core_support import API_VERSION, Api, chat_kwargs, fault


def test_per_request_max_retries_overrides_client(api: Api, test_id: str) -> None:
    client = api.client(max_retries=3)
    with pytest.raises(aoai.ServiceUnavailableError):
        api.send(
            client, options=aoai.RequestOptions(max_retries=0, extra_headers=fault(test_id, "503; times=9"))
        )
    assert api.emulator.stats(test_id)["attempts"] == 1


def test_with_options_max_retries_and_shared_pool(api: Api, test_id: str) -> None:
    client = api.client(max_retries=0)
    sibling = client.with_options(max_retries=2, extra_headers=fault(test_id, "502; times=9"))
    assert sibling.http_client._transport is client.http_client._transport
    with pytest.raises(aoai.InternalServerError):
        api.send(sibling)
    assert api.emulator.stats(test_id)["attempts"] == 3
    assert client.max_retries == 0
    api.run(sibling.close)  # the sibling does not own the pool: the original still works
    assert api.send(client).status_code == 200


def test_with_options_switches_credential(api: Api, test_id: str) -> None:
    client = api.client(api_key="wrong")
    fixed = client.with_options(
        azure_ad_token=api.emulator.issue_token(), default_headers={"x-aoai-test-id": test_id}
    )
    assert api.send(fixed).status_code == 200
    assert api.emulator.stats(test_id)["auth"] == ["bearer"]
    with pytest.raises(TypeError, match="unexpected arguments: colour"):
        client.with_options(colour="blue")


def test_extra_headers_query_and_body_reach_the_server() -> None:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json={})

    client = aoai.AzureOpenAI(
        azure_endpoint="https://example.openai.azure.com",
        api_version=API_VERSION,
        api_key="k",
        default_headers={"x-default": "d"},
        default_query={"q0": "0"},
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    options = aoai.RequestOptions(
        extra_headers={"x-extra": "e"}, extra_query={"q1": "1"}, extra_body={"seed": 7}
    )
    client._send(chat_kwargs(), options=options)
    request = seen[0]
    assert request.headers["x-default"] == "d" and request.headers["x-extra"] == "e"
    assert request.url.params["q0"] == "0" and request.url.params["q1"] == "1"
    assert request.url.params["api-version"] == API_VERSION
    assert str(request.url).startswith("https://example.openai.azure.com/openai/deployments/gpt-4o-mini/")
    body = json.loads(request.content)
    assert body["seed"] == 7 and body["messages"][0]["content"] == "hello"
    client.with_options(extra_body={"user": "u"})._send(chat_kwargs())
    assert json.loads(seen[1].content)["user"] == "u"


def test_multipart_body_resent_intact_on_retry(api: Api, test_id: str) -> None:
    """A file upload retried after a 500 arrives whole (httpx rewinds the file); the emulator parses it."""
    from aoai_v2024_10_21.api.audio import transcriptions_create
    from aoai_v2024_10_21.models import CreateTranscriptionRequest
    from aoai_v2024_10_21.types import File

    audio = io.BytesIO(b"RIFF" + b"\0" * 2048)
    body = CreateTranscriptionRequest(file=File(payload=audio, file_name="a.wav", mime_type="audio/wav"))
    kwargs = transcriptions_create._get_kwargs("whisper", body=body, api_version=API_VERSION)
    client = api.client(max_retries=1)
    options = aoai.RequestOptions(extra_headers=fault(test_id, "500; times=1"), extra_body={"language": "en"})
    response = api.send(client, kwargs, options=options)
    assert response.status_code == 200
    requests = api.emulator.stats(test_id)["requests"]
    assert len(requests) == 2


def test_request_options_validate() -> None:
    with pytest.raises(ValueError, match="max_retries must be an integer >= 0"):
        aoai.RequestOptions(max_retries=-1)
    with pytest.raises(TypeError, match="timeout must be"):
        aoai.RequestOptions(timeout="soon")
    assert aoai.RequestOptions(timeout=3).timeout == httpx2.Timeout(3.0)


def test_multipart_bytes_identical_across_attempts() -> None:
    from aoai_v2024_10_21.api.audio import transcriptions_create
    from aoai_v2024_10_21.models import CreateTranscriptionRequest
    from aoai_v2024_10_21.types import File

    bodies: list[bytes] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        bodies.append(request.read())
        return httpx2.Response(500 if len(bodies) == 1 else 200, json={"text": "ok"})

    client = aoai.AzureOpenAI(
        azure_endpoint="https://example.openai.azure.com",
        api_version=API_VERSION,
        api_key="k",
        max_retries=1,
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
    )
    payload = b"RIFF" + bytes(range(256)) * 8
    body = CreateTranscriptionRequest(file=File(payload=io.BytesIO(payload), file_name="a.wav"))
    client._send(transcriptions_create._get_kwargs("whisper", body=body, api_version=API_VERSION))
    assert len(bodies) == 2 and bodies[0] == bodies[1] and payload in bodies[1]
