"""`client.images.generate(...)`: image generation (DALL-E deployments)."""

from __future__ import annotations

from functools import partial
from typing import Any

from aoai.resources._call import Call
from aoai.resources._parse import parse_response
from aoai.resources._resource import Resource, build_request, deployment_json_call, json_request_body


class Images(Resource):
    def generate(self, **params: Any) -> Any:
        """Generate images (`prompt`, `model`, any field of the version's request model, options)."""
        operation, kwargs, options = deployment_json_call(self, "images.generate", params)
        kwargs["body"] = json_request_body(kwargs["body"])
        request = build_request(self._client, operation.module, **kwargs)
        return self._run(Call(request, options, partial(parse_response, operation.module)))
