"""`client.chat.completions.create(...)`: chat completions, whole or streamed.

Parameters are the request model's fields of the client's api-version, read at run time
(`_body.json_body`), so a field a new version adds is accepted with no edit here. The
stream chunk model is the one the version's metadata names (the generator finds it in
the document); a version whose document describes no chunk still streams, its chunks
decoded into plain data (`aoai.plain`), and still folds into the version's completion.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aoai.accumulate import chat_fold
from aoai.resources._call import Call, StreamSpec
from aoai.resources._parse import parse_response
from aoai.resources._resource import Resource, build_request, deployment_json_call, json_request_body


class ChatCompletions(Resource):
    def create(self, **params: Any) -> Any:
        """Create a chat completion; `stream=True` returns a `Stream` / `AsyncStream` of chunks.

        Keywords: `messages` (dicts or generated message models), `model` (the deployment,
        unless the client has `azure_deployment`), any field of this api-version's chat
        request model, and the per-call options `timeout`, `max_retries`, `extra_headers`,
        `extra_query`, `extra_body`. Returns the version's completion model. A stream's
        `get_final_completion()` folds it into one.
        """
        return self._run(self._call(params))

    def _call(self, params: dict[str, Any]) -> Call:
        operation, kwargs, options = deployment_json_call(self, "chat.completions.create", params)
        module = operation.module
        kwargs["body"] = json_request_body(kwargs["body"])
        request = build_request(self._client, module, **kwargs)
        stream = None
        if params.get("stream") is True:
            completion = operation.response_model
            stream = StreamSpec(
                operation.stream_chunk, chat_fold(completion) if completion is not None else None
            )
        return Call(request, options, partial(parse_response, module), stream)


class Chat(Resource):
    """`client.chat`: holds `completions`, as in the official SDK."""

    @property
    def completions(self) -> ChatCompletions:
        return self._child(ChatCompletions)
