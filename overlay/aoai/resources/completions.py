"""`client.completions.create(...)`: legacy text completions, whole or streamed.

Streamed completions chunks have the same shape as the whole reply (the document
says so in prose), so when the version's metadata names no chunk model the stream
decodes into the operation's own response model.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aoai.resources._call import Call, StreamSpec
from aoai.resources._parse import parse_response
from aoai.resources._resource import Resource, build_request, deployment_json_call, json_request_body


class Completions(Resource):
    def create(self, **params: Any) -> Any:
        """Create a completion (`prompt`, `model`, any field of the version's request model, options).

        `stream=True` returns a `Stream` / `AsyncStream` of the version's completion model.
        """
        return self._run(self._call(params))

    def _call(self, params: dict[str, Any]) -> Call:
        operation, kwargs, options = deployment_json_call(self, "completions.create", params)
        kwargs["body"] = json_request_body(kwargs["body"])
        request = build_request(self._client, operation.module, **kwargs)
        stream = None
        if params.get("stream") is True:
            stream = StreamSpec(operation.stream_chunk or operation.response_model)
        return Call(request, options, partial(parse_response, operation.module), stream)
