"""The Responses API's stream, folded: its final event carries the whole `Response`.

Why a fold of its own and not the chat fold: a Responses stream needs no merging. Its events
(`response.created`, `response.output_text.delta`, ...) describe the reply as it grows, and
the last one (`response.completed`, or `response.incomplete` / `response.failed` when it
ends otherwise) carries the `Response` itself, the same object a non-streamed call returns
and `responses.retrieve` gives later. So `get_final_response()` decodes that one payload
into the version's response model, and the fold keeps nothing else: memory does not grow
with the stream. The API sends no `[DONE]`: the final event is its end (`finished`). An
`error` event is delivered like any other and then fails the stream (`failure`), since no
final response follows it.

The event types named here are the Responses API's wire protocol, the same in every version
that has the API; which class each event decodes into is the document's (`_facade` metadata).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aoai.decoding import decode
from aoai.plain import wrap
from aoai.response_text import fill

#: Events that end a Responses stream, each carrying the final `response`.
FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})
ERROR_EVENT = "error"


class ResponseFold:
    """Keeps the final event's `response` (see the module docstring)."""

    def __init__(self, response_type: type | None) -> None:
        self.response_type = response_type
        self.finished = False
        self.failure: Mapping[str, Any] | None = None
        self._final: Mapping[str, Any] | None = None

    def add(self, payload: dict[str, Any]) -> None:
        kind = payload.get("type")
        if kind in FINAL_EVENTS and isinstance(payload.get("response"), Mapping):
            self._final = payload["response"]
            self.finished = True
        elif kind == ERROR_EVENT:
            self.failure = payload

    def result(self) -> Any:
        """The final `Response` as the version's model (plain data without one); None before it arrived."""
        if self._final is None:
            return None
        return fill(
            wrap(self._final) if self.response_type is None else decode(self.response_type, self._final)
        )


def response_fold(response_type: type | None) -> Callable[[], ResponseFold]:
    """A fresh fold per stream, decoding into `response_type`."""
    return lambda: ResponseFold(response_type)
