"""A planned response as the Responses API streams it: typed events in the documented order.

`response.created`, `response.in_progress`, `response.output_item.added`,
`response.content_part.added`, one `response.output_text.delta` per word, `response.output_text.done`,
`response.content_part.done`, `response.output_item.done`, then `response.completed` (or
`response.incomplete`) carrying the final Response itself. A failing reply stops after half its
deltas with an `error` event and `response.failed`. Every event has its `sequence_number`; the
wire adds the `event:` line (`wire.SSEResponse(named=True)`).
"""

from __future__ import annotations

from typing import Any

from aoai_emulator import text
from aoai_emulator.response_plan import FAILURE, FAILURE_CODE, Turn, message, output_part


def _obfuscation(turn: Turn, index: int, delta: str) -> str:
    """Padding the service adds to each delta against length side channels; deterministic here."""
    return text.digest("obfuscation", turn.id, index)[: 2 + (16 - len(delta) % 16)]


def events(turn: Turn, started: dict[str, Any], final: dict[str, Any]) -> list[dict[str, Any]]:
    """The stream for `turn`: `started` is the in-progress snapshot, `final` the finished Response."""
    out: list[dict[str, Any]] = []

    def emit(kind: str, **members: Any) -> None:
        out.append({"type": kind, "sequence_number": len(out), **members})

    where = {"item_id": turn.item_id, "output_index": 0, "content_index": 0}
    emit("response.created", response=started)
    emit("response.in_progress", response=started)
    emit("response.output_item.added", output_index=0, item=message(turn, "in_progress", []))
    emit("response.content_part.added", **where, part=output_part(""))
    pieces = text.pieces(turn.reply)
    for index, piece in enumerate(pieces):
        emit("response.output_text.delta", **where, delta=piece, obfuscation=_obfuscation(turn, index, piece))
    if turn.status == "failed":
        emit("error", code=FAILURE_CODE, message=FAILURE, param=None)
        emit("response.failed", response=final)
        return out
    done = final["output"][0]
    emit("response.output_text.done", **where, text=turn.reply)
    emit("response.content_part.done", **where, part=done["content"][0])
    emit("response.output_item.done", output_index=0, item=done)
    emit("response.incomplete" if turn.status == "incomplete" else "response.completed", response=final)
    return out
