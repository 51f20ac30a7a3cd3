"""Patches that cannot lie: strict `add`, one-line failures, and applies / redundant / stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aoai_codegen.patches import Patch, PatchError


def _patch(tmp_path: Path, operations: list[dict[str, Any]], name: str = "09-declare.json") -> Patch:
    path = tmp_path / name
    path.write_text(json.dumps({"reason": "declare stream_options", "operations": operations}))
    return Patch.from_file(path)


DECLARE = [
    {"op": "test", "path": "/components/schemas/options/type", "value": "object"},
    {"op": "add", "path": "/components/schemas/request/properties/stream_options", "value": {"$ref": "#/x"}},
]


def _document(**extra: Any) -> dict[str, Any]:
    request: dict[str, Any] = {"type": "object", "properties": {"messages": {"type": "array"}, **extra}}
    huge = {f"field{i}": {"type": "string", "description": "x" * 200} for i in range(300)}  # ~70 KB around it
    return {"components": {"schemas": {"options": {"type": "object"}, "request": request, "huge": huge}}}


def test_add_onto_an_existing_member_fails_naming_patch_op_and_pointer(tmp_path: Path) -> None:
    patch = _patch(tmp_path, DECLARE)
    with pytest.raises(PatchError) as caught:
        patch.apply(_document(stream_options={"type": "string"}))
    message = str(caught.value)
    assert message.startswith(
        "patch 09-declare.json operation 1 (add /components/schemas/request/properties/stream_options): "
        'add onto a member the document already has (now {"type": "string"})'
    )
    assert "\n" not in message and len(message) < 400
    assert caught.value.failure is not None and caught.value.failure.index == 1


def test_add_onto_an_existing_member_is_allowed_after_a_test_of_that_path(tmp_path: Path) -> None:
    tested = [
        {
            "op": "test",
            "path": "/components/schemas/request/properties/stream_options",
            "value": {"type": "string"},
        },
        DECLARE[1],
    ]
    document = _patch(tmp_path, tested).apply(_document(stream_options={"type": "string"}))
    assert document["components"]["schemas"]["request"]["properties"]["stream_options"] == {"$ref": "#/x"}


def test_copy_onto_an_existing_member_is_refused_too(tmp_path: Path) -> None:
    copy_op = {
        "op": "copy",
        "from": "/components/schemas/options",
        "path": "/components/schemas/request/properties/messages",
    }
    with pytest.raises(PatchError, match=r"operation 0 \(copy .*/messages\): copy onto a member"):
        _patch(tmp_path, [copy_op]).apply(_document())


def test_a_failed_test_never_prints_the_document(tmp_path: Path) -> None:
    stale = [{"op": "test", "path": "/components/schemas/huge", "value": {"other": 1}}]
    with pytest.raises(PatchError) as caught:
        _patch(tmp_path, stale).apply(_document())
    message = str(caught.value)
    assert "operation 0 (test /components/schemas/huge): test failed: found {" in message
    assert len(message) < 400 and "x" * 100 not in message


def test_a_missing_path_names_the_first_missing_part(tmp_path: Path) -> None:
    stale = [{"op": "test", "path": "/paths/~1gone/post/operationId", "value": "Gone"}]
    with pytest.raises(PatchError, match=r"operationId\): nothing at /paths — no longer applies"):
        _patch(tmp_path, stale).apply(_document())


def test_check_tells_applies_redundant_and_stale_apart(tmp_path: Path) -> None:
    patch = _patch(tmp_path, DECLARE)
    applies, patched = patch.check(_document())
    assert (
        applies.state == "applies"
        and "stream_options" in patched["components"]["schemas"]["request"]["properties"]
    )
    redundant, unchanged = patch.check(_document(stream_options={"$ref": "#/x"}))
    assert redundant.state == "redundant" and redundant.failure is not None
    assert redundant.line().startswith("patch 09-declare.json operation 1 (add ")
    assert unchanged == _document(stream_options={"$ref": "#/x"})
    stale, _ = patch.check(_document(stream_options={"type": "string"}))
    assert stale.state == "stale" and "already has" in stale.line()
    gone = _document()
    del gone["components"]["schemas"]["options"]
    assert patch.check(gone)[0].state == "stale"


def test_a_patch_that_changes_nothing_is_redundant(tmp_path: Path) -> None:
    same = [
        {"op": "test", "path": "/components/schemas/options/type", "value": "object"},
        {"op": "replace", "path": "/components/schemas/options/type", "value": "object"},
    ]
    check, _ = _patch(tmp_path, same).check(_document())
    assert check.state == "redundant" and "changes nothing" in check.line()


@pytest.mark.parametrize(
    "operation",
    [
        {"op": "frobnicate", "path": "/x"},
        {"op": "add", "path": "/x"},
        {"op": "move", "path": "/x"},
        {"op": "test"},
    ],
)
def test_malformed_operations_are_refused_when_read(tmp_path: Path, operation: dict[str, Any]) -> None:
    with pytest.raises(PatchError, match=r"09-declare\.json: operation 0"):
        _patch(tmp_path, [operation])
