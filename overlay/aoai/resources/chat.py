"""`client.chat.completions.create(...)`: chat completions, whole or streamed.

Parameters are the request model's fields of the client's api-version, read at run time
(`_body.json_body`), so a field a new version adds is accepted with no edit here. The
stream chunk model is looked up by its schema name (`createChatCompletionStreamResponse`,
present in every pinned document) because no operation references it: the document
describes the streamed reply only in prose.
"""

from __future__ import annotations

import importlib
from functools import partial
from typing import Any

from aoai.accumulate import chat_fold
from aoai.resources._call import Call, StreamSpec
from aoai.resources._parse import parse_response, success_model
from aoai.resources._resource import Resource, build_request, deployment_json_call, json_request_body

CHUNK_MODEL = "CreateChatCompletionStreamResponse"


class ChatCompletions(Resource):
    def create(self, **params: Any) -> Any:
        """Create a chat completion; `stream=True` returns a `Stream` / `AsyncStream` of chunk models.

        Keywords: `messages` (dicts or generated message models), `model` (the deployment,
        unless the client has `azure_deployment`), any field of this api-version's
        `CreateChatCompletionRequest`, and the per-call options `timeout`, `max_retries`,
        `extra_headers`, `extra_query`, `extra_body`. Returns the version's
        `CreateChatCompletionResponse`. A stream's `get_final_completion()` folds it into one.
        """
        return self._run(self._call(params))

    def _call(self, params: dict[str, Any]) -> Call:
        module, kwargs, options = deployment_json_call(
            self, "chat", "chat_completions_create", params, label="chat.completions.create"
        )
        kwargs["body"] = json_request_body(kwargs["body"])
        request = build_request(self._client, module, **kwargs)
        stream = None
        if params.get("stream") is True:
            completion = success_model(module)
            chunk = getattr(importlib.import_module(f"{self._client.generated.__name__}.models"), CHUNK_MODEL)
            stream = StreamSpec(chunk, chat_fold(completion) if completion is not None else None)
        return Call(request, options, partial(parse_response, module), stream)


class Chat(Resource):
    """`client.chat`: holds `completions`, as in the official SDK."""

    @property
    def completions(self) -> ChatCompletions:
        return self._child(ChatCompletions)
