"""`client.embeddings.create(...)`: single or batch input, `dimensions`, `encoding_format`.

When the caller does not choose `encoding_format`, the request asks for base64 and the
reply is decoded to floats (`_vectors`), so callers get what the official SDK returns,
faster. A caller who asks for `"base64"` gets the strings untouched; `"float"` is sent as is.
"""

from __future__ import annotations

from typing import Any

import httpx2

from aoai._options import NOT_GIVEN
from aoai.resources._call import Call
from aoai.resources._parse import parse_json, parse_response
from aoai.resources._resource import Resource, build_request, deployment_json_call, json_request_body
from aoai.resources._vectors import floats_from_base64


class Embeddings(Resource):
    def create(self, **params: Any) -> Any:
        """Embed `input` (a string or a list of them) with the `model` deployment; returns floats."""
        decode_base64 = params.get("encoding_format", NOT_GIVEN) in (None, NOT_GIVEN)
        if decode_base64:
            params["encoding_format"] = "base64"
        operation, kwargs, options = deployment_json_call(self, "embeddings.create", params)
        module = operation.module
        kwargs["body"] = json_request_body(kwargs["body"])
        request = build_request(self._client, module, **kwargs)

        def parse(response: httpx2.Response) -> Any:
            if not decode_base64:
                return parse_response(module, response)
            data = response.json()
            for item in data.get("data") or ():
                if isinstance(item, dict) and isinstance(item.get("embedding"), str):
                    item["embedding"] = floats_from_base64(item["embedding"])
            return parse_json(module, data)

        return self._run(Call(request, options, parse))
