"""One Responses API turn, planned from the request: ids, reply text, status and token counts.

Ids are derived from the request (like chat's), so a replay is the same response. With
`previous_response_id` the reply also names the earlier turns' user text (`... (earlier in this
conversation: ...)`), so a caller can see that the earlier turns were read.

Triggers in the input (see `text`): `<trigger>` is refused by the prompt filter (400),
`<trigger>-output` stops the reply half-way (`incomplete`, reason `content_filter`), and
`<trigger>-error` makes it fail half-way (`failed` with `server_error`; streamed: an `error`
event, then `response.failed`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from aoai_emulator import text
from aoai_emulator.context import Call
from aoai_emulator.response_input import input_items, prompt_text, user_text

FAILURE = "The model failed while generating the response."
FAILURE_CODE = "server_error"
#: Request members that change how a reply is delivered, not what it is.
DELIVERY = ("stream", "stream_options")


@dataclass(frozen=True)
class Turn:
    """Everything one create request produces; both renderings come from it."""

    id: str
    item_id: str
    created_at: int
    reply: str
    status: str  # completed | incomplete | failed
    reason: str | None  # why incomplete: max_output_tokens | content_filter
    items: list[dict[str, Any]]  # the request's input, as item resources
    said: list[str]  # user text of every turn so far, this one last
    input_tokens: int

    @property
    def output_tokens(self) -> int:
        return 0 if self.status == "failed" else len(text.pieces(self.reply))


def _earlier(said: list[str]) -> str:
    words = " | ".join(" ".join(t.split()) for t in said)
    return words if len(words) <= 200 else words[:200].rsplit(" ", 1)[0] + " ..."


def plan(call: Call, previous: dict[str, Any] | None) -> Turn:
    body = call.body
    stable = {k: v for k, v in body.items() if k not in DELIVERY}
    digest = text.digest("response", json.dumps(stable, sort_keys=True, default=str))
    response_id = f"resp_{digest[:48]}"
    items = input_items(body.get("input"), response_id)
    current = user_text(items)
    earlier = list(previous["said"]) if previous else []
    reply = text.reply(current)
    if earlier:
        reply += f" (earlier in this conversation: {_earlier(earlier)})"
    status, reason = "completed", None
    reply, cut = text.truncate(reply, body.get("max_output_tokens"))
    if cut:
        status, reason = "incomplete", "max_output_tokens"
    trigger = call.config.trigger_word
    if text.output_trips_filter(current, trigger):
        reply, status, reason = text.filter_cut(reply), "incomplete", "content_filter"
    if text.output_fails(current, trigger):
        reply, status, reason = text.filter_cut(reply), "failed", None
    carried = previous["tokens"] if previous else 0
    return Turn(
        id=response_id,
        item_id=f"msg_{text.digest('output', response_id)[:48]}",
        created_at=int(time.time()),
        reply=reply,
        status=status,
        reason=reason,
        items=items,
        said=[*earlier, current],
        input_tokens=carried + text.count_tokens(prompt_text(body)),
    )


def message(turn: Turn, status: str, content: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": turn.item_id, "type": "message", "status": status, "role": "assistant", "content": content}


def output_part(reply: str) -> dict[str, Any]:
    return {"type": "output_text", "text": reply, "annotations": []}
