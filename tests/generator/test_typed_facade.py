"""The typed facade emitter and the enum naming rule on a small document made for them.

The real documents' stubs are type-checked by both checkers in tests/typing; these tests pin
the rules themselves: which keyword names, overloads, results and enum names a document gets.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from aoai_codegen.enum_names import field_of, plan
from aoai_codegen.generate import GenerationError, generate_all
from aoai_codegen.layout import Layout

from tests.generator.pipeline_project import write_pinned_document

VERSION = "2030-01-01"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def reasons(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.0",
    "info": {"title": "t", "version": "1"},
    "servers": [{"url": "https://{endpoint}/openai"}],
    "paths": {
        "/deployments/{deployment-id}/chat/completions": {
            "post": {
                "operationId": "Chat_Create",
                "parameters": [
                    {"name": "deployment-id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "api-version", "in": "query", "required": True, "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ref("ChatRequest")}},
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": ref("ChatReply")},
                            "text/event-stream": {"schema": ref("ChatChunk")},
                        },
                    }
                },
            }
        },
        "/files": {
            "get": {
                "operationId": "Files_List",
                "parameters": [
                    {"name": "after", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "order", "in": "query", "schema": reasons("asc", "desc")},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": ref("FileList")}}}
                },
            }
        },
        "/files/{file_id}/content": {
            "get": {
                "operationId": "Files_Content",
                "parameters": [
                    {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Message": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {"role": reasons("user", "system"), "content": {"type": "string"}},
            },
            "ChatRequest": {
                "type": "object",
                "required": ["messages"],
                "properties": {
                    "messages": {"type": "array", "items": ref("Message")},
                    "temperature": {"type": "number", "nullable": True},
                    "stream": {"type": "boolean"},
                    "input": {"type": "string"},
                    "from": {"type": "string"},
                },
            },
            "ChatReply": {
                "type": "object",
                "properties": {
                    "choices": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"finish_reason": reasons("stop", "length")},
                        },
                    }
                },
            },
            "ChatChunk": {
                "type": "object",
                "properties": {
                    "choices": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"finish_reason": reasons("stop", "length")},
                        },
                    }
                },
            },
            "Legacy": {"type": "object", "properties": {"finish_reason": reasons("stop")}},
            "File": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "FileList": {
                "type": "object",
                "required": ["data", "has_more"],
                "properties": {
                    "data": {"type": "array", "items": ref("File")},
                    "has_more": {"type": "boolean"},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("typed")
    root, mirror = tmp / "project", tmp / "mirror"
    write_pinned_document(root, mirror, VERSION, DOCUMENT)
    layout = Layout.at(root, mirror=mirror)
    generate_all(layout, [VERSION], jobs=1)
    return layout.package_dir(VERSION)


def method(stub: str, cls: str, name: str) -> str:
    """The text of `cls`'s `name` definitions (all overloads)."""
    body = stub.split(f"\nclass {cls}:", 1)[1].split("\nclass ", 1)[0]
    return "\n".join(re.findall(rf"    (?:async )?def {name}\(.*?\) -> [^\n]*", body, re.S))


def test_chat_create_has_the_contract_signature_and_stream_overloads(package: Path) -> None:
    stub = (package / "typed.pyi").read_text()
    create = method(stub, "ChatCompletions", "create")
    assert create.count("def create(") == 3
    assert "model: str | _NotGiven = ..." in create  # the deployment, optional (azure_deployment)
    assert "messages: Sequence[_models.Message | _params.MessageParam]" in create  # required: no default
    assert "temperature: float | None | _NotGiven = ..." in create
    assert "input: str | _NotGiven = ..." in create  # the JSON name, not the generator's `input_`
    assert "from_: str | _NotGiven = ..." in create  # a keyword keeps the generator's name
    for option in ("timeout", "max_retries", "extra_headers", "extra_query", "extra_body"):
        assert f"{option}: " in create
    returns = re.findall(r"-> ([^:]*):", create)
    assert returns == [
        "_Stream[_models.ChatChunk]",
        "_models.ChatReply",
        "_models.ChatReply | _Stream[_models.ChatChunk]",
    ]
    raw = method(stub, "AsyncChatCompletionsWithRawResponse", "create")
    assert "async def create(" in raw and "-> _RawResponse[_AsyncStream[_models.ChatChunk]]" in raw


def test_lists_page_and_binary_replies_are_bytes(package: Path) -> None:
    stub = (package / "typed.pyi").read_text()
    assert "-> _SyncPage[_models.File]" in method(stub, "Files", "list")
    listing = method(stub, "AsyncFiles", "list")
    assert listing.startswith("    def list(") and "-> _AsyncPaginator[_models.File]" in listing
    content = method(stub, "Files", "content")
    assert re.search(r"self,\s+file_id: str,\s+\*,", content) and content.endswith("-> bytes:")


def test_the_typed_dicts_use_json_keys(package: Path) -> None:
    params = (package / "params.py").read_text()
    assert "class MessageParam(TypedDict, total=False):" in params
    assert 'role: Required[models.Role | Literal["user", "system"]]' in params


def test_pinned_clients_and_the_cross_version_overloads(package: Path) -> None:
    stub = (package / "typed.pyi").read_text()
    assert f"class AzureOpenAI(_aoai_typing.NotIn_{package.name}, _aoai_typing.AzureOpenAI):" in stub
    overloads = (package.parent / "aoai_typing" / "__init__.pyi").read_text()
    assert (
        f'api_version: Literal["{VERSION}"]' in overloads
        and f"-> {package.name}.typed.AzureOpenAI" in overloads
    )
    assert (
        'AzureOpenAI, AsyncAzureOpenAI = pinned_clients("2030-01-01", __name__)'
        in (package / "typed.py").read_text()
    )


def test_inline_enums_are_named_for_their_field(package: Path) -> None:
    models = {p.stem for p in (package / "models").glob("*.py")}
    assert "finish_reason" in models  # the reply's and the chunk's, shared: most of the field's enums agree
    assert "legacy_finish_reason" in models  # the odd one, qualified by its component
    assert {"role", "order"} <= models  # a request field's and a query parameter's, each unambiguous
    assert not any(name.endswith(("_type_1", "_item_finish_reason")) for name in models)


def test_enum_naming_plan() -> None:
    assert field_of("finish_reason_type_1") == "finish_reason"
    assert field_of("include_contexts_item") == "include_contexts"
    names = plan(DOCUMENT)
    assert names.short[("finish_reason", ("length", "stop"))] == "FinishReason"
    assert names.qualified[("Legacy", "finish_reason", ("stop",))] == "LegacyFinishReason"
    reserved = plan(DOCUMENT, frozenset({"FinishReason"}))  # another pin has a component of that name
    assert ("finish_reason", ("length", "stop")) not in reserved.short
    tie = copy.deepcopy(DOCUMENT)
    tie["components"]["schemas"]["ChatChunk"]["properties"]["choices"]["items"]["properties"][
        "finish_reason"
    ] = reasons("x", "y")
    assert not any(field == "finish_reason" for field, _ in plan(tie).short)  # 1 against 1: no winner


def test_a_parameter_clashing_with_a_per_call_option_fails_the_build(tmp_path: Path) -> None:
    document = copy.deepcopy(DOCUMENT)
    document["components"]["schemas"]["ChatRequest"]["properties"]["timeout"] = {"type": "integer"}
    root, mirror = tmp_path / "project", tmp_path / "mirror"
    write_pinned_document(root, mirror, VERSION, document)
    with pytest.raises(
        GenerationError, match=r"chat\.completions\.create\(\): two parameters would be named 'timeout'"
    ):
        generate_all(Layout.at(root, mirror=mirror), [VERSION], jobs=1)
