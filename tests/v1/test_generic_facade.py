"""The generic facade: every FACADE entry of every version is a method at its dotted path, with the
contract's signature (path parameters positional in route order, everything else keywords), and
what a caller gets wrong is a clear error before anything is sent."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import aoai
import pytest
from aoai.resources._bind import arguments
from aoai.resources._body import ParameterError
from aoai.resources._catalog import facade_operation
from aoai.versions import load_metadata
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions

from tests.conftest import ROOT
from tests.hardening.wire_server import WireServer, json_reply

VERSIONS = known_versions(Layout.at(ROOT))


def _client(version: str, cls: type = aoai.AzureOpenAI, **kwargs: Any) -> Any:
    return cls(azure_endpoint="http://127.0.0.1:9", api_key="k", api_version=version, **kwargs)


def _resolve(root: Any, name: str) -> Any:
    target = root
    for part in name.split("."):
        target = getattr(target, part)
    return target


@pytest.mark.parametrize("version", VERSIONS)
def test_every_facade_entry_is_a_method_at_its_path_sync_async_and_raw(version: str) -> None:
    facade = load_metadata(version).FACADE
    assert facade, version
    for cls in (aoai.AzureOpenAI, aoai.AsyncAzureOpenAI):
        client = _client(version, cls)
        for name in facade:
            method = _resolve(client, name)
            assert callable(method), name
            head, _, leaf = name.rpartition(".")
            raw = getattr(_resolve(client, head).with_raw_response, leaf)
            assert callable(raw) and raw.__name__ == leaf, name
        tops = {name.split(".")[0] for name in facade}
        assert tops <= set(dir(client))


@pytest.mark.parametrize("version", VERSIONS)
def test_path_parameters_come_in_route_order_and_the_deployment_is_model(version: str) -> None:
    meta = load_metadata(version)
    client = _client(version)
    for name, operation_id in meta.FACADE.items():
        spec = meta.OPERATIONS[operation_id]
        shape = facade_operation(client, name).shape
        declared = [p for p in spec["path_parameters"] if (spec["deployment"] or {}).get("name") != p]
        by_position = sorted(declared, key=lambda p: spec["path"].index("{" + p + "}"))
        assert [p.replace("-", "_") for p in by_position] == list(shape.path), name
        where = (spec["deployment"] or {}).get("in")
        assert (shape.deployment_path is not None) == (where == "path"), name
        assert (shape.deployment_body == "model") == (where == "body"), name
        assert "model" in shape.keywords or where is None, name


def test_a_name_the_version_lacks_is_an_attribute_error_naming_what_it_has() -> None:
    client = _client("2024-10-21")
    with pytest.raises(AttributeError) as caught:
        client.vector_stores  # noqa: B018
    assert str(caught.value).startswith(
        "api-version 2024-10-21 has no vector_stores: its document declares no such operation "
        "(the client offers: audio, chat, completions, embeddings, images;"
    )
    with pytest.raises(AttributeError, match=r"has no files\.upload.*client\.files offers: content, create"):
        _client("v1").files.upload  # noqa: B018
    with pytest.raises(AttributeError):
        _client("v1")._private  # noqa: B018


def test_binding_errors_name_the_method_and_what_it_takes() -> None:
    client = _client("v1")
    shape = facade_operation(client, "files.retrieve").shape
    with pytest.raises(
        TypeError, match=r"files\.retrieve\(\) takes 1 positional argument\(s\) \(file_id\) but 2"
    ):
        arguments(shape, client, ("a", "b"), {})
    with pytest.raises(TypeError, match=r"missing required argument: 'file_id'"):
        arguments(shape, client, (), {})
    with pytest.raises(TypeError, match=r"multiple values for argument 'file_id'"):
        arguments(shape, client, ("a",), {"file_id": "b"})
    with pytest.raises(TypeError, match=r"file_id must be a string id, got int: 7"):
        arguments(shape, client, (7,), {})
    with pytest.raises(ParameterError, match=r"got unexpected keyword\(s\) 'purpose'.*takes file_id"):
        arguments(shape, client, ("a",), {"purpose": "x"})
    kwargs, body = arguments(shape, client, (), {"file_id": "a", "purpose": aoai.NOT_GIVEN})
    assert kwargs == {"file_id": "a"} and body is None  # NOT_GIVEN: as if not passed
    listing = facade_operation(client, "responses.input_items.list").shape
    kwargs, _ = arguments(listing, client, ("resp_1",), {"order": "desc", "limit": 3})
    assert (
        kwargs["order"].value == "desc" and kwargs["limit"] == 3
    )  # the generated enum, as _get_kwargs reads it
    with pytest.raises(ParameterError, match=r"order='sideways' is not one of 'asc', 'desc'.*extra_query"):
        arguments(listing, client, ("resp_1",), {"order": "sideways"})


def test_json_bodies_are_checked_against_the_request_model() -> None:
    client = _client("v1")
    with pytest.raises(
        ParameterError, match=r"responses\.create\(\) got an unexpected keyword 'temprature'.*api-version v1"
    ):
        client.responses.create(model="gpt-4o", input="hi", temprature=1)
    with pytest.raises(ParameterError, match=r"missing required keyword\(s\): model"):
        client.embeddings.create(input="hi")


@pytest.fixture
def server() -> Iterator[WireServer]:
    with WireServer(json_reply({"object": "list", "data": [], "has_more": False})) as running:
        yield running


def test_optional_parameters_not_given_are_not_sent_and_none_is_null(server: WireServer) -> None:
    import json

    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_key="k", api_version="v1") as client:
        client.vector_stores.list(after=aoai.NOT_GIVEN, limit=aoai.NOT_GIVEN)
        client.vector_stores.create(name="docs", expires_after=None, metadata=aoai.NOT_GIVEN)
    assert server.seen[0].path == "/openai/v1/vector_stores"
    assert json.loads(server.seen[1].body) == {"name": "docs", "expires_after": None}


def test_a_dated_preview_list_pages_too(server: WireServer) -> None:
    pages = [
        {
            "object": "list",
            "data": [{"id": "asst_1"}, {"id": "asst_2"}],
            "first_id": "asst_1",
            "last_id": "asst_2",
            "has_more": True,
        },
        {
            "object": "list",
            "data": [{"id": "asst_3"}],
            "first_id": "asst_3",
            "last_id": "asst_3",
            "has_more": False,
        },
    ]
    server.script(*[json_reply(page) for page in pages])
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_key="k", api_version="2024-10-01-preview"
    ) as client:
        first = client.assistants.list(limit=2)
        assert isinstance(first, aoai.pagination.SyncPage) and [a.id for a in first.data] == [
            "asst_1",
            "asst_2",
        ]
        assert [a.id for a in first] == ["asst_1", "asst_2", "asst_3"]
    assert [s.path for s in server.seen] == [
        "/openai/assistants?api-version=2024-10-01-preview&limit=2",
        "/openai/assistants?api-version=2024-10-01-preview&limit=2&after=asst_2",
    ]


def test_facade_methods_have_the_generated_docs() -> None:
    method = _client("v1").responses.input_items.list
    assert inspect.isfunction(method) is False and method.__name__ == "list"
    assert "Args:" in (method.__doc__ or "") and "client (" not in (method.__doc__ or "")
