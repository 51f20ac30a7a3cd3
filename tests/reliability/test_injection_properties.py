"""Deployment names and header values with arbitrary text: rejected up front, or sent safely.

"Safely" is checked on the wire, not in httpx's request object: the recording server
(`local_server.py`) parses what arrived, so a CR/LF that slipped through would show up
as an extra header or a second request there.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote, unquote

import aoai
import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.reliability._support import API_VERSION
from tests.reliability.examples import budget, count_example
from tests.reliability.local_server import RecordingServer

MESSAGES = [{"role": "user", "content": "hi"}]
#: Framing headers a caller may not meaningfully override; names are fuzzed apart from these.
FRAMING = {"host", "content-length", "transfer-encoding", "connection", "content-type", "api-key"}


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with RecordingServer("404") as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RecordingServer) -> Iterator[aoai.AzureOpenAI]:
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_key="k", api_version=API_VERSION, max_retries=0
    ) as c:
        yield c


def _mock_client(seen: list[httpx2.Request]) -> aoai.AzureOpenAI:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(404, json={"error": {"code": "DeploymentNotFound", "message": "no"}})

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    return aoai.AzureOpenAI(
        azure_endpoint="http://127.0.0.1:9", api_key="k", api_version=API_VERSION, http_client=http
    )


@budget(15_000)
@given(name=st.text(max_size=30))
def test_deployment_names_are_refused_or_one_encoded_segment(name: str) -> None:
    count_example()
    seen: list[httpx2.Request] = []
    with _mock_client(seen) as client:
        try:
            client.chat.completions.create(model=name, messages=MESSAGES)
        except (ValueError, TypeError):
            assert seen == []  # refused before anything was sent
            return
        except aoai.NotFoundError:
            pass
    (request,) = seen
    assert request.url.host == "127.0.0.1" and dict(request.url.params) == {"api-version": API_VERSION}
    raw_path = request.url.raw_path.decode("ascii").partition("?")[0]
    assert raw_path == f"/openai/deployments/{quote(name, safe='')}/chat/completions"
    assert unquote(raw_path.split("/")[3]) == name


@budget(15_000)
@given(name=st.text(max_size=30))
def test_client_deployment_path_is_one_segment_or_refused(name: str) -> None:
    count_example()
    with _mock_client([]) as client:
        try:
            segment = client.deployment_path(name)
        except (ValueError, TypeError):
            return
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert segment not in (".", "..") and unquote(segment) == name


def _send_with_header(client: aoai.AzureOpenAI, name: str, value: str) -> BaseException | None:
    try:
        client.chat.completions.create(model="d", messages=MESSAGES, extra_headers={name: value})
    except aoai.NotFoundError:
        return None
    except Exception as exc:
        return exc
    return None


@budget(5_000)
@given(
    name=st.one_of(st.just("x-fuzz"), st.text(min_size=1, max_size=12)).filter(
        lambda n: n.strip().lower() not in FRAMING
    ),
    value=st.text(max_size=40),
)
def test_header_values_are_never_injected(
    server: RecordingServer, client: aoai.AzureOpenAI, name: str, value: str
) -> None:
    """Whatever the text, the server sees at most one request, and never a header nobody set."""
    count_example()
    before = len(server.requests)
    error = _send_with_header(client, name, value)
    arrived = server.requests[before:]
    assert len(arrived) <= 1
    if error is not None:
        # Refused before sending, as a ValueError that never shows the value (it may be a key).
        assert isinstance(error, ValueError) and not isinstance(error, aoai.AzureOpenAIError), repr(error)
        assert arrived == []
        if len(value.strip()) >= 3 and value.strip() not in name:  # the name is shown, by design
            assert value.strip() not in str(error) and repr(value) not in str(error)
        return
    (request,) = arrived
    names = {n.lower() for n, _ in request["headers"]}
    expected = {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}
    expected |= {"content-type", "api-key", name.lower()}
    assert names <= expected, names - expected
    sent = [v for n, v in request["headers"] if n.lower() == name.lower()]
    assert sent == [value]  # sent exactly as given: a value the wire cannot carry is refused, not altered


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\x00b"])
def test_regression_control_characters_in_header_values_are_a_value_error(
    server: RecordingServer, value: str
) -> None:
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_key="k", api_version=API_VERSION, max_retries=2
    ) as client:
        before = len(server.requests)
        with pytest.raises(ValueError):
            client.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"x-fuzz": value})
        assert server.requests[before:] == []


PREVIEW = "2024-10-01-preview"


path_id = st.one_of(
    st.sampled_from(["", ".", "..", "a..b", ".x", "%2e%2E", "a/b", "?x=1", "#f"]), st.text(max_size=12)
)


@budget(10_000)
@given(thread_id=path_id, file_id=path_id)
def test_path_parameters_are_refused_or_one_encoded_segment_each(thread_id: str, file_id: str) -> None:
    """Every path parameter, not only deployments: `..` must never reach another route."""
    count_example()
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(404, json={"error": {"code": "NotFound", "message": "no"}})

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    with aoai.AzureOpenAI(
        azure_endpoint="http://127.0.0.1:9", api_key="k", api_version=PREVIEW, http_client=http
    ) as client:
        try:
            client.operations.vector_stores.delete_vector_store_file(
                vector_store_id=thread_id, file_id=file_id
            )
        except ValueError:
            assert seen == [] and {thread_id.lower(), file_id.lower()} & {"", ".", "..", "%2e%2e"}
            return
        except aoai.NotFoundError:
            pass
    (request,) = seen
    segments = request.url.raw_path.decode("ascii").partition("?")[0].split("/")
    assert segments[:3] == ["", "openai", "vector_stores"] and segments[4] == "files" and len(segments) == 6
    assert [unquote(segments[3]), unquote(segments[5])] == [thread_id, file_id]
