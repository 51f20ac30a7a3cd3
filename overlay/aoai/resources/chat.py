"""`client.chat.completions.create(...)`: chat completions, whole or streamed.

Parameters are the request model's fields of the client's api-version, read at run time
(`_body.json_body`), so a field a new version adds is accepted with no edit here. The
stream chunk model is the one the version's metadata names (the generator finds it in
the document); a version whose document describes no chunk still streams, its chunks
decoded into plain data (`aoai.plain`), and still folds into the version's completion.
What this layer adds to the generic method (`_generic`) is that fold.
"""

from __future__ import annotations

from typing import Any

from aoai.accumulate import chat_fold
from aoai.resources._call import StreamSpec
from aoai.resources._catalog import FacadeOperation
from aoai.resources._generic import operation_call
from aoai.resources._resource import Resource


def _folded(operation: FacadeOperation) -> StreamSpec:
    completion = operation.response_model
    return StreamSpec(operation.stream_chunk, chat_fold(completion) if completion is not None else None)


class ChatCompletions(Resource):
    _prefix = "chat.completions"

    def create(self, **params: Any) -> Any:
        """Create a chat completion; `stream=True` returns a `Stream` / `AsyncStream` of chunks.

        Keywords: `messages` (dicts or generated message models), `model` (the deployment:
        on dated versions unless the client has `azure_deployment`; on the v1 API the body's
        `model`, filled from `azure_deployment` when not given), any field of this
        api-version's chat request model, and the per-call options `timeout`, `max_retries`,
        `extra_headers`, `extra_query`, `extra_body`. Returns the version's completion model.
        A stream's `get_final_completion()` folds it into one.
        """
        return self._run(operation_call(self, "chat.completions.create", (), params, stream=_folded))


class Chat(Resource):
    """`client.chat`: holds `completions`, as in the official SDK."""

    _prefix = "chat"

    @property
    def completions(self) -> ChatCompletions:
        return self._child(ChatCompletions)
