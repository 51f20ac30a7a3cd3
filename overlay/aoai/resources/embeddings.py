"""`client.embeddings.create(...)`: single or batch input, `dimensions`, `encoding_format`.

When the caller does not choose `encoding_format`, the request asks for base64 and the
reply is decoded to floats (`_vectors`), so callers get what the official SDK returns,
faster. A caller who asks for `"base64"` gets the strings untouched; `"float"` is sent as is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import httpx2

from aoai._options import NOT_GIVEN
from aoai.resources._catalog import FacadeOperation
from aoai.resources._generic import operation_call
from aoai.resources._parse import parse_json
from aoai.resources._resource import Resource
from aoai.resources._vectors import floats_from_base64


def _decoded(module: Any, response: httpx2.Response) -> Any:
    data = response.json()
    for item in data.get("data") or ():
        if isinstance(item, dict) and isinstance(item.get("embedding"), str):
            item["embedding"] = floats_from_base64(item["embedding"])
    return parse_json(module, data)


def _base64_to_floats(operation: FacadeOperation) -> Callable[[httpx2.Response], Any]:
    return partial(_decoded, operation.module)


class Embeddings(Resource):
    _prefix = "embeddings"

    def create(self, **params: Any) -> Any:
        """Embed `input` (a string or a list of them) with the `model` deployment; returns floats."""
        decode_base64 = params.get("encoding_format", NOT_GIVEN) in (None, NOT_GIVEN)
        if decode_base64:
            params["encoding_format"] = "base64"
        parse = _base64_to_floats if decode_base64 else None
        return self._run(operation_call(self, "embeddings.create", (), params, parse=parse))
