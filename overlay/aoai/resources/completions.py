"""`client.completions.create(...)`: legacy text completions, whole or streamed.

Streamed completions chunks have the same shape as the whole reply (the document
says so in prose), so when the version's metadata names no chunk model the stream
decodes into the operation's own response model.
"""

from __future__ import annotations

from typing import Any

from aoai.resources._call import StreamSpec
from aoai.resources._catalog import FacadeOperation
from aoai.resources._generic import operation_call
from aoai.resources._resource import Resource


def _chunks(operation: FacadeOperation) -> StreamSpec:
    return StreamSpec(operation.stream_chunk or operation.response_model)


class Completions(Resource):
    _prefix = "completions"

    def create(self, **params: Any) -> Any:
        """Create a completion (`prompt`, `model`, any field of the version's request model, options).

        `stream=True` returns a `Stream` / `AsyncStream` of the version's completion model.
        """
        return self._run(operation_call(self, "completions.create", (), params, stream=_chunks))
