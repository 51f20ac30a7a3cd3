"""The diff across route models (dated -> v1) pairs the operations that moved by what they do and
reads as a migration note; within one route model nothing is paired."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from aoai_codegen.diff import diff_surfaces
from aoai_codegen.diff_moves import renamed_fields
from aoai_codegen.render import SCHEMA_PATH, render
from aoai_codegen.routes import operations
from aoai_codegen.surface import Field, Model, Surface, extract_surface

from tests.conftest import ROOT


def _package(version: str) -> Path:
    from aoai.versions import package_name

    return ROOT / "generated" / package_name(version)


@cache
def _surface(version: str) -> Surface:
    return extract_surface(_package(version))


def _same_routes(old: str, new: str) -> set[tuple[str, str]]:
    """Independently of diff_moves: (old `METHOD path`, new `METHOD path`) of operations whose
    operationIds differ but whose method and path agree once `/deployments/{...}` is cut off."""

    def by_route(version: str) -> dict[tuple[str, str], tuple[str, str]]:
        doc: dict[str, Any] = json.loads((_package(version) / "openapi.json").read_text("utf-8"))
        return {
            (m.upper(), re.sub(r"^/deployments/\{[^}]+\}", "", p)): (op["operationId"], f"{m.upper()} {p}")
            for p, m, op in operations(doc)
        }

    a, b = by_route(old), by_route(new)
    return {(a[k][1], b[k][1]) for k in a.keys() & b.keys() if a[k][0] != b[k][0]}


@pytest.mark.parametrize("new", ["v1", "preview"])
def test_dated_to_v1_pairs_exactly_the_operations_that_moved(new: str) -> None:
    diff = diff_surfaces(_surface("2024-10-21"), _surface(new))
    expected = _same_routes("2024-10-21", new)
    assert {(m.old_api, m.new_api) for m in diff.moves} == expected
    assert {a for a, _ in expected} >= {
        "POST /deployments/{deployment-id}/chat/completions",
        "POST /deployments/{deployment-id}/embeddings",
    }
    moved = {c.subject for c in diff.changes if c.kind == "operation.route_moved"}
    assert moved == {m.old_module for m in diff.moves} and all(
        c.breaking for c in diff.changes if c.kind == "operation.route_moved"
    )
    removed_or_added = {c.subject for c in diff.changes if c.kind in ("operation.removed", "operation.added")}
    assert not removed_or_added & ({m.old_module for m in diff.moves} | {m.new_module for m in diff.moves})


def test_the_migration_note_says_where_the_deployment_went_and_what_the_models_gained() -> None:
    diff = diff_surfaces(_surface("2024-10-21"), _surface("v1"))
    chat = next(m for m in diff.moves if m.old_api.endswith("/chat/completions"))
    assert chat.new_api == "POST /chat/completions" and chat.new_module == "chat.create_chat_completion"
    assert chat.notes == [
        "the deployment is now the body's `model` (was the {deployment-id} path segment)",
        "api-version: required -> optional",
    ]
    request = next(m for m in chat.models if m.role == "request")
    assert (request.old, request.new) == ("CreateChatCompletionRequest", "AzureCreateChatCompletionRequest")
    assert "model" in request.added and request.removed == [] and request.renamed == []
    embeddings = next(m for m in diff.moves if m.old_api.endswith("/embeddings"))
    body = next(m for m in embeddings.models if m.role == "request")
    assert body.added == ["model"] and body.removed == ["input_type"]
    renamed = {(c.old, c.new) for c in diff.changes if c.kind == "model.renamed"}
    assert ("CreateChatCompletionResponse", "AzureCreateChatCompletionResponse") in renamed
    assert (
        "ChatCompletionResponseMessage",
        "AzureChatCompletionResponseMessage",
    ) in renamed  # through `choices`
    text = render(diff, "text")
    assert text.startswith(
        "Surface diff 2024-10-21 -> v1\n\nmigration: operations that moved (2)\n"
        "  POST /deployments/{deployment-id}/chat/completions -> POST /chat/completions\n"
        "    call chat.create_chat_completion (was chat.chat_completions_create)\n"
        "    the deployment is now the body's `model` (was the {deployment-id} path segment)\n"
    )
    assert "### Migration: operations that moved (2)" in render(diff, "markdown")
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    data = json.loads(render(diff, "json"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert [m["new_api"] for m in data["migration"]] == [m.new_api for m in diff.moves]


def test_within_a_route_model_nothing_is_paired() -> None:
    for old, new in (("2024-10-21", "2024-10-01-preview"), ("v1", "preview")):
        diff = diff_surfaces(_surface(old), _surface(new))
        assert diff.moves == [] and not any(
            c.kind in ("operation.route_moved", "model.renamed") for c in diff.changes
        )
        assert json.loads(render(diff, "json"))["migration"] == []


def test_a_field_under_another_python_name_for_the_same_json_key_is_a_rename() -> None:
    def model(*fields: tuple[str, str]) -> Model:
        return Model("M", "m", [Field(n, j, "str", False, False, None) for n, j in fields])

    before = model(("object_", "object"), ("gone", "gone"), ("kept", "kept"))
    after = model(("object", "object"), ("kept", "kept"), ("new", "new"))
    assert renamed_fields(before, after) == [("object_", "object")]
