"""`client.completions.create(...)`: legacy text completions, whole or streamed.

A streamed completion's chunks are completion replies: the document says so in the reply
schema's description, and the generator's metadata records that reply model as the
operation's stream chunk. So `stream=True` yields the version's completion model, typed
as such, with nothing decided here.
"""

from __future__ import annotations

from typing import Any

from aoai.resources._generic import operation_call
from aoai.resources._resource import Resource


class Completions(Resource):
    _prefix = "completions"

    def create(self, **params: Any) -> Any:
        """Create a completion (`prompt`, `model`, any field of the version's request model, options).

        `stream=True` returns a `Stream` / `AsyncStream` of the version's completion model.
        """
        return self._run(operation_call(self, "completions.create", (), params))
