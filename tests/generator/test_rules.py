"""The generic rules: class names from keys, tags from routes, operationIds, subtypes, binary media."""

from __future__ import annotations

import copy
from typing import Any

from aoai_codegen.rules import apply_rules, binary_content_types, class_names, generator_config

DOC: dict[str, Any] = {
    "openapi": "3.0.0",
    "servers": [{"url": "{endpoint}/openai/v1"}],
    "paths": {
        "/deployments/{deployment-id}/chat/completions": {"post": {"operationId": "ChatCompletions_Create"}},
        "/vector_stores/{id}/files": {"get": {"operationId": "List", "tags": ["Vector stores"]}},
        "/responses/{response_id}": {"get": {"tags": ["Responses"]}},
        "/fine_tuning/jobs": {"post": {"operationId": "createJob", "tags": ["Fine-tuning"]}},
        "/video/{id}/thumbnail": {
            "get": {"operationId": "thumb", "responses": {"200": {"content": {"image/jpg": {}}}}}
        },
    },
    "components": {
        "schemas": {
            "staticChunkingStrategy": {"title": "Static Chunking Strategy", "type": "object"},
            "staticChunkingStrategyRequestParam": {"title": "Static Chunking Strategy", "type": "object"},
            "OpenAI.CreateEmbeddingResponse": {"type": "object"},
            "OpenAI.Error": {"type": "object"},
            "Error": {"type": "object"},
            "OpenAI.Event": {"type": "object", "properties": {"type": {"anyOf": [{"type": "string"}]}}},
            "OpenAI.DoneEvent": {
                "type": "object",
                "allOf": [{"$ref": "#/components/schemas/OpenAI.Event"}],
                "required": ["type", "text"],
                "properties": {"type": {"type": "string", "enum": ["done"]}, "text": {"type": "string"}},
            },
        }
    },
}


def test_rules_name_everything_the_same_way_in_every_document() -> None:
    document = apply_rules(copy.deepcopy(DOC))
    schemas = document["components"]["schemas"]
    assert (
        "title" not in schemas["staticChunkingStrategy"]
        and "title" not in schemas["staticChunkingStrategyRequestParam"]
    )
    tags = {path: next(iter(item.values()))["tags"] for path, item in document["paths"].items()}
    assert tags == {
        "/deployments/{deployment-id}/chat/completions": ["chat"],
        "/vector_stores/{id}/files": ["vector_stores"],
        "/responses/{response_id}": ["responses"],
        "/fine_tuning/jobs": ["fine_tuning"],
        "/video/{id}/thumbnail": ["video"],
    }
    assert document["paths"]["/responses/{response_id}"]["get"]["operationId"] == "get_responses_response_id"
    assert document["paths"]["/vector_stores/{id}/files"]["get"]["operationId"] == "List"  # kept


def test_a_subtype_keeps_its_own_properties_and_the_base_declaration_of_shared_ones() -> None:
    done = apply_rules(copy.deepcopy(DOC))["components"]["schemas"]["OpenAI.DoneEvent"]
    assert "properties" not in done and "required" not in done
    assert done["allOf"] == [
        {"$ref": "#/components/schemas/OpenAI.Event"},
        {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["type", "text"]},
    ]


def test_namespaced_keys_lose_the_namespace_unless_the_bare_name_is_taken() -> None:
    assert class_names(DOC) == {
        "OpenAI.CreateEmbeddingResponse": "CreateEmbeddingResponse",
        "OpenAI.Event": "Event",
        "OpenAI.DoneEvent": "DoneEvent",
    }  # OpenAI.Error keeps OpenAIError: Error is another key's
    overrides = generator_config(DOC)["class_overrides"]
    assert overrides["OpenAICreateEmbeddingResponse"].class_name == "CreateEmbeddingResponse"
    assert overrides["OpenAICreateEmbeddingResponse"].module_name == "create_embedding_response"


def test_binary_media_types_are_read_as_bytes() -> None:
    assert binary_content_types(DOC) == ["image/jpg"]
    assert generator_config(DOC)["content_type_overrides"] == {"image/jpg": "application/octet-stream"}
