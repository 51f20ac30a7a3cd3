"""`client.completions.create(...)`: legacy text completions, whole or streamed.

Streamed completions chunks have the same shape as the whole reply (the document
says so), so the stream decodes into the operation's own response model.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aoai.resources._call import Call, StreamSpec
from aoai.resources._parse import parse_response, success_model
from aoai.resources._resource import Resource, build_request, deployment_json_call, json_request_body


class Completions(Resource):
    def create(self, **params: Any) -> Any:
        """Create a completion (`prompt`, `model`, any field of the version's request model, options).

        `stream=True` returns a `Stream` / `AsyncStream` of the version's completion model.
        """
        return self._run(self._call(params))

    def _call(self, params: dict[str, Any]) -> Call:
        module, kwargs, options = deployment_json_call(
            self, "completions", "completions_create", params, label="completions.create"
        )
        kwargs["body"] = json_request_body(kwargs["body"])
        request = build_request(self._client, module, **kwargs)
        stream = None
        if params.get("stream") is True:
            model = success_model(module)
            if model is None:
                raise NotImplementedError("this api-version's completions reply has no model to stream into")
            stream = StreamSpec(model)
        return Call(request, options, partial(parse_response, module), stream)
