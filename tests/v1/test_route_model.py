"""The route model comes from the document: base URL, `api-version` query, required headers, the
deployment in the path or the body. Checked on the wire (a scripted server on 127.0.0.1 records
each request exactly as it arrived), for both route models, sync and async."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import aoai
import httpx2
import pytest
from aoai._route import api_version_query, route_for
from aoai.versions import load_metadata
from aoai_codegen.layout import Layout
from aoai_codegen.names import is_dated
from aoai_codegen.pins import known_versions

from tests.conftest import ROOT
from tests.hardening.wire_server import WireServer, json_reply

VERSIONS = known_versions(Layout.at(ROOT))
SAY_HI = [{"role": "user", "content": "hi"}]
COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
#: (api-version, the path a chat call goes to, the query it carries, the body's `model`).
CHAT_ROUTES = [
    ("2024-10-21", "/openai/deployments/dep/chat/completions", "api-version=2024-10-21", None),
    (
        "2024-10-01-preview",
        "/openai/deployments/dep/chat/completions",
        "api-version=2024-10-01-preview",
        None,
    ),
    ("v1", "/openai/v1/chat/completions", "", "dep"),
    ("preview", "/openai/v1/chat/completions", "api-version=preview", "dep"),
]


@pytest.fixture
def server() -> Iterator[WireServer]:
    with WireServer(json_reply(COMPLETION)) as running:
        yield running


def _chat(client: Any, portal: Any = None, **kwargs: Any) -> Any:
    kwargs.setdefault("model", "dep")
    call = client.chat.completions.create
    if isinstance(client, aoai.AsyncAzureOpenAI):

        async def run() -> Any:
            async with client:
                return await call(messages=SAY_HI, **kwargs)

        return portal.call(run)
    with client:
        return call(messages=SAY_HI, **kwargs)


def _split(path: str) -> tuple[str, str]:
    where, _, query = path.partition("?")
    return where, query


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_routes_as_its_metadata_says(version: str) -> None:
    meta = load_metadata(version)
    route = route_for(version)
    assert route.server_path == meta.SERVER_PATH == ("/openai" if is_dated(version) else "/openai/v1")
    expected = (
        {"api-version": version}
        if is_dated(version)
        else ({} if version == "v1" else {"api-version": version})
    )
    assert dict(route.query) == expected
    assert route.base_url("https://x.openai.azure.com") == f"https://x.openai.azure.com{meta.SERVER_PATH}/"


def test_the_api_version_query_rule() -> None:
    required = {"name": "api-version", "in": "query", "required": True, "default": None}
    optional = {"name": "api-version", "in": "query", "required": False, "default": "v1"}
    assert api_version_query(required, "2024-10-21") == {"api-version": "2024-10-21"}
    assert api_version_query({**required, "default": "2024-10-21"}, "2024-10-21") == {
        "api-version": "2024-10-21"
    }
    assert api_version_query(optional, "v1") == {}  # the service's default: left out
    assert api_version_query(optional, "preview") == {"api-version": "preview"}
    assert api_version_query({**optional, "default": None}, "v1") == {"api-version": "v1"}
    assert api_version_query(None, "v1") == {}
    assert api_version_query({**required, "in": "header"}, "v1") == {}


@pytest.mark.parametrize(("version", "path", "query", "body_model"), CHAT_ROUTES)
@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_chat_goes_where_the_route_model_says(
    server: WireServer, portal: Any, flavour: str, version: str, path: str, query: str, body_model: str | None
) -> None:
    cls = aoai.AsyncAzureOpenAI if flavour == "async" else aoai.AzureOpenAI
    _chat(cls(azure_endpoint=server.base_url, api_key="k", api_version=version), portal)
    [seen] = server.seen
    assert _split(seen.path) == (path, query)
    assert json.loads(seen.body).get("model") == body_model and seen.header("api-key") == "k"


@pytest.mark.parametrize(
    "suffix", ["", "/", "/openai", "/openai/", "/openai/v1", "/OpenAI/V1//", "/openai/v2"]
)
@pytest.mark.parametrize(("version", "path", "query", "body_model"), CHAT_ROUTES[::2])
def test_an_endpoint_copied_with_a_server_path_is_not_doubled(
    server: WireServer, suffix: str, version: str, path: str, query: str, body_model: str | None
) -> None:
    client = aoai.AzureOpenAI(azure_endpoint=server.base_url + suffix, api_key="k", api_version=version)
    assert client.azure_endpoint == server.base_url
    _chat(client)
    assert _split(server.seen[-1].path) == (path, query)


def test_any_host_works_a_services_ai_endpoint_through_a_loopback_proxy(server: WireServer) -> None:
    """The proxy (our scripted server) sees the absolute URL the client asked for; nothing leaves 127.0.0.1."""
    endpoint = "http://my-project.services.ai.azure.com/openai/v1/"
    http_client = httpx2.Client(proxy=server.base_url)
    client = aoai.AzureOpenAI(azure_endpoint=endpoint, api_key="k", api_version="v1", http_client=http_client)
    _chat(client)
    assert server.seen[-1].path == "http://my-project.services.ai.azure.com/openai/v1/chat/completions"


def test_with_options_switches_the_route_model_on_the_same_pool(server: WireServer) -> None:
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_key="k", api_version="2024-10-21") as dated:
        v1 = dated.with_options(api_version="v1")
        preview = v1.with_options(api_version="preview")
        assert dated._pool is v1._pool is preview._pool
        for client in (dated, v1, preview, dated):
            client.chat.completions.create(model="dep", messages=SAY_HI)
    assert [_split(s.path) for s in server.seen] == [
        ("/openai/deployments/dep/chat/completions", "api-version=2024-10-21"),
        ("/openai/v1/chat/completions", ""),
        ("/openai/v1/chat/completions", "api-version=preview"),
        ("/openai/deployments/dep/chat/completions", "api-version=2024-10-21"),
    ]
    assert len({s.client_port for s in server.seen}) == 1  # one kept-alive connection carried all four


def test_required_headers_are_sent_on_every_call_path(server: WireServer) -> None:
    server.script(
        json_reply({"object": "list", "data": [], "has_more": False, "first_id": None, "last_id": None})
    )
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_key="k", api_version="v1") as client:
        client.evals.list()
        client.operations.evals.list_evals()
        from aoai_v1.api.evals import list_evals

        list_evals.sync(client=client.generated_client, aoai_evals="preview")  # the generated function's own
        client.evals.list(extra_headers={"aoai-evals": "other"})  # the caller's word is last
    assert [s.header("aoai-evals") for s in server.seen] == ["preview", "preview", "preview", "other"]
    # The facade sends no query parameter the caller did not give; the generated functions (and so
    # client.operations, which calls them as they are) send the document's defaults.
    assert [_split(s.path) for s in server.seen] == [
        ("/openai/v1/evals", ""),
        ("/openai/v1/evals", "limit=20&order=asc&order_by=created_at"),
        ("/openai/v1/evals", "limit=20&order=asc&order_by=created_at"),
        ("/openai/v1/evals", ""),
    ]


def test_a_generated_function_through_generated_client_uses_the_server_path(server: WireServer) -> None:
    from aoai_v1_preview.api.chat import create_chat_completion
    from aoai_v1_preview.models import AzureCreateChatCompletionRequest

    body = AzureCreateChatCompletionRequest.from_dict({"model": "dep", "messages": SAY_HI})
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_key="k", api_version="preview") as client:
        create_chat_completion.sync(client=client.generated_client, body=body)
    assert _split(server.seen[-1].path) == ("/openai/v1/chat/completions", "api-version=preview")


@pytest.mark.parametrize("version", ["2024-10-21", "v1"])
@pytest.mark.parametrize("bad", ["a/b", "..", "", "x\n"])
def test_deployment_names_are_checked_before_sending_on_both_route_models(
    server: WireServer, version: str, bad: str
) -> None:
    with (
        aoai.AzureOpenAI(azure_endpoint=server.base_url, api_key="k", api_version=version) as client,
        pytest.raises(ValueError, match="invalid deployment name"),
    ):
        client.chat.completions.create(model=bad, messages=SAY_HI)
    assert server.seen == []


@pytest.mark.parametrize("version", ["2024-10-01-preview", "preview"])
def test_path_ids_are_checked_before_sending_on_both_route_models(server: WireServer, version: str) -> None:
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_key="k", api_version=version) as client:
        for bad in ("..", ".", ""):
            with pytest.raises(ValueError, match="would change which route is called"):
                client.vector_stores.retrieve(bad)
    assert server.seen == []


@pytest.fixture(scope="module")
def portal() -> Iterator[Any]:
    from anyio.from_thread import start_blocking_portal

    with start_blocking_portal("asyncio") as p:
        yield p
