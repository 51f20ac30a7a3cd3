"""The facade metadata (`_facade.py`) of every generated version, and the facade-name rule."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from aoai_codegen.facade_names import Endpoint, facade_map
from aoai_codegen.layout import Layout
from aoai_codegen.names import is_dated
from aoai_codegen.pins import known_versions
from aoai_codegen.routes import operations, route

from tests.conftest import ROOT

VERSIONS = known_versions(Layout.at(ROOT))
#: The facade names of the official SDKs, for the routes that carry them (see facade_names).
SDK_NAMES = {
    ("post", "/chat/completions"): "chat.completions.create",
    ("post", "/completions"): "completions.create",
    ("post", "/embeddings"): "embeddings.create",
    ("post", "/images/generations"): "images.generate",
    ("post", "/audio/transcriptions"): "audio.transcriptions.create",
    ("post", "/audio/translations"): "audio.translations.create",
    ("post", "/audio/speech"): "audio.speech.create",
    ("post", "/responses"): "responses.create",
    ("get", "/responses/{response_id}"): "responses.retrieve",
    ("delete", "/responses/{response_id}"): "responses.delete",
    ("get", "/responses/{response_id}/input_items"): "responses.input_items.list",
    ("post", "/files"): "files.create",
    ("get", "/files"): "files.list",
    ("get", "/files/{file_id}"): "files.retrieve",
    ("delete", "/files/{file_id}"): "files.delete",
    ("get", "/files/{file_id}/content"): "files.content",
    ("get", "/models"): "models.list",
    ("get", "/models/{model}"): "models.retrieve",
}


def _metadata(version: str) -> Any:
    from aoai.versions import package_name

    return importlib.import_module(f"{package_name(version)}._facade")


def _document(version: str) -> dict[str, Any]:
    from aoai.versions import package_name

    return json.loads((ROOT / "generated" / package_name(version) / "openapi.json").read_text("utf-8"))


@pytest.mark.parametrize("version", VERSIONS)
def test_metadata_describes_the_document(version: str) -> None:
    meta, document = _metadata(version), _document(version)
    assert version == meta.API_VERSION and meta.FORMAT_VERSION == 1
    assert ("dated" if is_dated(version) else "v1") == meta.ROUTE_MODEL
    assert ("/openai" if is_dated(version) else "/openai/v1") == meta.SERVER_PATH
    assert meta.API_VERSION_PARAMETER["required"] is is_dated(version)
    assert meta.COUNTS["operations"] == len(meta.OPERATIONS) == len(list(operations(document)))
    package = importlib.import_module(meta.__name__.rsplit(".", 1)[0])
    models = importlib.import_module(f"{package.__name__}.models")
    for op_id, op in meta.OPERATIONS.items():
        assert (ROOT / "generated" / package.__name__ / (op["module"].replace(".", "/") + ".py")).is_file()
        for body in op["request"]:
            assert body["kind"] in ("json", "multipart", "form", "binary") and body["content_type"]
        for name in [*(b["model"] for b in op["request"]), *((op["response"] or {}).get("models") or ())]:
            assert name is None or isinstance(getattr(models, name), type), (op_id, name)
        assert (op["deployment"] or {}).get("in") in (None, "path", "body")
    # FACADE: exactly the SDK names of the routes this version has, and every name maps to a real operation
    by_route = {(op["method"].lower(), op["route"]): op_id for op_id, op in meta.OPERATIONS.items()}
    for key, name in SDK_NAMES.items():
        assert meta.FACADE.get(name) == by_route.get(key), (version, name)
    assert set(meta.FACADE.values()) <= set(meta.OPERATIONS) and meta.FACADE_AMBIGUOUS == {}


@pytest.mark.parametrize("version", VERSIONS)
def test_chat_streams_into_the_chunk_schema_the_document_names(version: str) -> None:
    meta = _metadata(version)
    chat = meta.OPERATIONS[meta.FACADE["chat.completions.create"]]
    stream = chat["stream"]
    assert stream["found_by"] in ("text/event-stream", "json oneOf before patches")
    assert "StreamResponse" in stream["schema"] and stream["model"] and stream["variants"] == ()
    embeddings = meta.OPERATIONS[meta.FACADE["embeddings.create"]]
    assert embeddings["stream"] is None and embeddings["paging"] is None


def test_legacy_completions_stream_their_reply_model_as_the_document_describes() -> None:
    """No chunk schema, but the reply's description says streamed objects share its shape."""
    having = [v for v in VERSIONS if "completions.create" in _metadata(v).FACADE]
    assert having == [v for v in VERSIONS if is_dated(v)]  # the v1 API has no legacy completions
    for version in having:
        meta = _metadata(version)
        completions = meta.OPERATIONS[meta.FACADE["completions.create"]]
        assert completions["stream"]["found_by"] == "success schema: same shape streamed", version
        assert (
            completions["stream"]["model"]
            == completions["response"]["models"][0]
            == "CreateCompletionResponse"
        )
        chat = meta.OPERATIONS[meta.FACADE["chat.completions.create"]]
        assert (
            chat["stream"]["model"] != chat["response"]["models"][0]
        )  # read from the description, not assumed


def test_the_v1_api_records_body_deployments_required_headers_and_paging() -> None:
    for version in [v for v in VERSIONS if not is_dated(v)]:
        meta = _metadata(version)
        chat = meta.OPERATIONS[meta.FACADE["chat.completions.create"]]
        assert chat["deployment"] == {"in": "body", "name": "model"} and chat["path_parameters"] == ()
        evals = meta.OPERATIONS[meta.FACADE["evals.list"]]
        assert evals["headers"] == {"aoai-evals": "preview"}
        assert evals["paging"] == {
            "after": "after",
            "limit": "limit",
            "before": None,
            "data": "data",
            "has_more": "has_more",
            "first_id": "first_id",
            "last_id": "last_id",
        }
        copy = meta.OPERATIONS[meta.FACADE["fine_tuning.jobs.checkpoints.copy"]]
        assert copy["headers"]["aoai-copy-ft-checkpoints"] == "preview"
        assert meta.API_VERSION_PARAMETER["enum"] == ("v1", "preview")
        # written beside the `$ref` (`{"$ref": ..., "default": "v1"}`), the default is still the document's
        assert meta.API_VERSION_PARAMETER["default"] == "v1"
        # patch 14: the files list declares its cursor, so it pages like every other list
        assert meta.OPERATIONS[meta.FACADE["files.list"]]["paging"] == evals["paging"]


def test_responses_stream_events_map_each_type_to_its_own_class() -> None:
    for version in [v for v in VERSIONS if not is_dated(v)]:
        meta, document = _metadata(version), _document(version)
        stream = meta.OPERATIONS[meta.FACADE["responses.create"]]["stream"]
        mapping = document["components"]["schemas"][stream["schema"]]["discriminator"]["mapping"]
        assert set(stream["events"]) == set(mapping) and len(mapping) >= 40
        assert stream["events"]["response.output_text.delta"] == "ResponseTextDeltaEvent"
        assert stream["events"]["response.completed"] == "ResponseCompletedEvent"
        assert stream["events"]["error"] == "ResponseErrorEvent"
    for version in [v for v in VERSIONS if is_dated(v)]:  # no discriminated chunk there
        meta = _metadata(version)
        assert meta.OPERATIONS[meta.FACADE["chat.completions.create"]]["stream"]["events"] == {}


def test_dated_versions_put_the_deployment_in_the_path() -> None:
    for version in [v for v in VERSIONS if is_dated(v)]:
        meta = _metadata(version)
        chat = meta.OPERATIONS[meta.FACADE["chat.completions.create"]]
        assert chat["deployment"] == {"in": "path", "name": "deployment-id"}
        assert (
            chat["route"] == "/chat/completions"
            and chat["path"] == "/deployments/{deployment-id}/chat/completions"
        )


def _names(routes: list[tuple[str, str, str]]) -> dict[str, str]:
    endpoints = [
        Endpoint(op_id, method, path, lists=path.endswith("/items")) for op_id, method, path in routes
    ]
    chosen, ambiguous = facade_map(endpoints)
    assert ambiguous == {}
    return chosen


def test_the_facade_rule_on_routes_no_document_has_yet() -> None:
    assert _names(
        [
            ("a", "post", "/threads/{thread_id}/runs"),
            ("b", "post", "/threads/runs"),  # skips the thread item: named after its operationId
            ("c", "get", "/threads/{thread_id}/runs/{run_id}"),
            ("d", "post", "/threads/{thread_id}/runs/{run_id}/cancel"),
            ("e", "post", "/images/edits"),
            ("f", "get", "/jobs/{id}/checkpoints/{cid}/copy"),
            ("g", "post", "/jobs/{id}/checkpoints/{cid}/copy"),
            ("h", "get", "/things/{id}/items"),
        ]
    ) == {
        "threads.runs.create": "a",
        "threads.b": "b",
        "threads.runs.retrieve": "c",
        "threads.runs.cancel": "d",
        "images.edit": "e",
        "jobs.checkpoints.retrieve_copy": "f",
        "jobs.checkpoints.copy": "g",
        "things.items.list": "h",
    }


def test_names_the_rule_cannot_tell_apart_are_reported_not_guessed() -> None:
    endpoints = [Endpoint("x", "post", "/a/b", False), Endpoint("y", "post", "/deployments/{d}/a/b", False)]
    chosen, ambiguous = facade_map(endpoints)
    assert chosen == {} and ambiguous == {"a.b.create": ["x", "y"]}


def test_route_strips_only_the_deployment_prefix() -> None:
    assert route("/deployments/{deployment-id}/chat/completions") == "/chat/completions"
    assert route("/deployments") == "/deployments"


def test_generated_metadata_is_plain_data(tmp_path: Path) -> None:
    """Importing `_facade` imports nothing: it is literals only."""
    for version in VERSIONS:
        meta = _metadata(version)
        source = Path(meta.__file__).read_text("utf-8")
        assert "import " not in source
