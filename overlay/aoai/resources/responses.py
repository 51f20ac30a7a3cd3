"""`client.responses`: the Responses API (`create`, `retrieve`, `delete`, `input_items.list`).

What this layer adds to the generic methods (`_generic`):

- `create(stream=True)` returns a stream of the document's typed events: each decodes into
  the class its `type` names in the document (`ResponseTextDeltaEvent`, ...), an event type the
  document does not know yet into plain data, and `get_final_response()` returns the
  `Response` the final event carries, the same one a non-streamed call returns
  (`aoai.response_stream`);
- the responses it returns have `output_text` filled in, as the official SDK offers it
  (`aoai.response_text`).

Everything else (`model` as the body's deployment, `previous_response_id`, per-call options,
`with_raw_response`, paging of `input_items.list`) is the generic method's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2

from aoai.resources._call import StreamSpec
from aoai.resources._catalog import FacadeOperation
from aoai.resources._generic import operation_call
from aoai.resources._parse import parse_response
from aoai.resources._resource import Resource
from aoai.response_stream import response_fold
from aoai.response_text import fill


def _events(operation: FacadeOperation) -> StreamSpec:
    return StreamSpec(
        operation.stream_chunk, response_fold(operation.response_model), operation.stream_events
    )


def _filled(operation: FacadeOperation) -> Callable[[httpx2.Response], Any]:
    return lambda response: fill(parse_response(operation.module, response))


class Responses(Resource):
    _prefix = "responses"

    def create(self, **params: Any) -> Any:
        """Create a model response (`model`: the deployment, `input`, `instructions`,
        `previous_response_id`, any field of the version's request model, the per-call options).

        Returns the version's `Response` model; with `stream=True` a `Stream` / `AsyncStream` of
        typed events whose `get_final_response()` is that same `Response`.
        """
        return self._run(operation_call(self, "responses.create", (), params, parse=_filled, stream=_events))

    def retrieve(self, *args: Any, **params: Any) -> Any:
        """Retrieve a stored response by id (`response_id`), `output_text` filled in."""
        return self._run(operation_call(self, "responses.retrieve", args, params, parse=_filled))
