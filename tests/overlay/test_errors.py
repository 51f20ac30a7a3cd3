"""Each status maps to its class with Azure's code, message and request id."""

from __future__ import annotations

import json
from typing import Any

import aoai
import httpx2
import pytest
from aoai.errors import status_error_from_response
from core_support import API_VERSION, Api, chat_kwargs, fault


def test_content_filter_exposes_categories(api: Api) -> None:
    client = api.client()
    with pytest.raises(aoai.ContentFilterError) as caught:
        api.chat(client, prompt="something forbidden")
    error = caught.value
    assert isinstance(error, aoai.BadRequestError)
    assert (error.status_code, error.code) == (400, "content_filter")
    assert error.request_id and error.request_id == error.response.headers["apim-request-id"]
    assert error.message and error.message in str(error)
    categories = error.content_filter_result
    assert {"hate", "sexual", "violence", "self_harm"} <= set(categories)
    assert any(verdict.get("filtered") for verdict in categories.values())


def test_unknown_deployment_is_not_found(api: Api) -> None:
    client = api.client()
    with pytest.raises(aoai.NotFoundError) as caught:
        api.send(client, chat_kwargs(deployment="missing-deployment"))
    assert caught.value.status_code == 404
    assert caught.value.code
    assert caught.value.request_id


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        ("429", aoai.RateLimitError),
        ("500", aoai.InternalServerError),
        ("502", aoai.InternalServerError),
        ("503", aoai.ServiceUnavailableError),
        ("504", aoai.GatewayTimeoutError),
    ],
)
def test_server_statuses_map_to_classes(api: Api, test_id: str, status: str, cls: type) -> None:
    client = api.client(max_retries=0)
    with pytest.raises(cls) as caught:
        api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, status)))
    error = caught.value
    assert type(error) is cls
    assert error.status_code == int(status)
    assert error.message and error.request_id
    assert error.response.status_code == int(status)


def test_stream_errors_are_read_and_raised(api: Api, test_id: str) -> None:
    client = api.client(max_retries=0)
    with pytest.raises(aoai.RateLimitError) as caught:
        api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "429")), stream=True)
    assert caught.value.message and caught.value.body


# -- mapping of bodies the emulator does not send (a mock transport, the mapping alone) ---


def _error_for(status: int, body: Any, headers: dict[str, str] | None = None) -> aoai.APIStatusError:
    content = body if isinstance(body, (bytes, str)) else json.dumps(body)
    response = httpx2.Response(status, content=content, headers=headers or {})
    response.read()
    return status_error_from_response(response)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, aoai.BadRequestError),
        (401, aoai.AuthenticationError),
        (403, aoai.PermissionDeniedError),
        (404, aoai.NotFoundError),
        (409, aoai.ConflictError),
        (422, aoai.UnprocessableEntityError),
        (418, aoai.APIStatusError),
        (429, aoai.RateLimitError),
        (500, aoai.InternalServerError),
        (501, aoai.InternalServerError),
        (503, aoai.ServiceUnavailableError),
        (504, aoai.GatewayTimeoutError),
    ],
)
def test_every_status_class(status: int, cls: type) -> None:
    body = {"error": {"code": "SomeCode", "message": "what went wrong", "param": "messages"}}
    error = _error_for(status, body, {"x-request-id": "rid-1"})
    assert type(error) is cls
    assert isinstance(error, aoai.AzureOpenAIError)
    assert (error.code, error.message, error.param, error.request_id) == (
        "SomeCode",
        "what went wrong",
        "messages",
        "rid-1",
    )


def test_apim_request_id_preferred() -> None:
    error = _error_for(500, {"error": {"message": "x"}}, {"apim-request-id": "apim", "x-request-id": "xr"})
    assert error.request_id == "apim"


def test_non_json_body_keeps_class_and_raw_text() -> None:
    error = _error_for(502, "<html>Bad Gateway</html>")
    assert type(error) is aoai.InternalServerError
    assert error.message == "<html>Bad Gateway</html>"
    assert error.code is None


def test_json_but_not_azure_shaped() -> None:
    error = _error_for(401, {"statusCode": 401, "message": "Access token is missing or invalid."})
    assert type(error) is aoai.AuthenticationError
    assert error.message == "Access token is missing or invalid."
    error = _error_for(400, [1, 2, 3])
    assert type(error) is aoai.BadRequestError
    assert error.message == "[1, 2, 3]"


def test_empty_body_uses_reason_phrase() -> None:
    error = _error_for(503, b"")
    assert type(error) is aoai.ServiceUnavailableError
    assert error.message == "Service Unavailable"


def test_captured_azure_404_shape(repo_root: Any) -> None:
    """The recorded DeploymentNotFound reply: pretty-printed JSON with no Content-Type header."""
    capture = repo_root.parent / "shared" / "azure-captures" / "err_404_deployment_not_found_2026_pretty.json"
    assert capture.is_file(), f"no capture at {capture}: the workplace's ../shared/azure-captures is required"
    recorded = json.loads(capture.read_text())
    error = _error_for(
        recorded["status"], recorded["body"], {"apim-request-id": recorded["headers"]["apim-request-id"]}
    )
    assert type(error) is aoai.NotFoundError
    assert error.code == "DeploymentNotFound"
    assert error.type == "invalid_request_error"
    assert error.request_id == "229984e1-2885-42a2-9668-09b5037db6ea"


def test_errors_through_client_with_mock_transport() -> None:
    """403/409/422 cannot be provoked on the emulator: the same client path over a mock transport."""

    def handler(request: httpx2.Request) -> httpx2.Response:
        status = int(request.url.path.rsplit("/", 1)[-1])
        return httpx2.Response(status, json={"error": {"code": f"c{status}", "message": "m"}})

    http_client = httpx2.Client(transport=httpx2.MockTransport(handler))
    client = aoai.AzureOpenAI(
        azure_endpoint="https://example.openai.azure.com",
        api_version=API_VERSION,
        api_key="k",
        http_client=http_client,
    )
    for status, cls in [
        (403, aoai.PermissionDeniedError),
        (409, aoai.ConflictError),
        (422, aoai.UnprocessableEntityError),
    ]:
        with pytest.raises(cls) as caught:
            client._send({"method": "get", "url": f"/status/{status}"})
        assert caught.value.code == f"c{status}"
    client.close()
