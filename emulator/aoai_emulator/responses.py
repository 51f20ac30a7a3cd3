"""The Responses API: create (plain or streamed), retrieve, delete, and the input items of a response.

One `Turn` is planned per create request (`response_plan`) and rendered either as one JSON body
or as the stream of events (`response_events`), which is what makes the streamed
`response.completed` carry exactly the Response a plain call returns for the same request (only
`created_at`, the clock, may differ).

Stored responses (`store`, true by default) live in the state's object store with their input
items; `previous_response_id` continues a stored conversation, and the reply then names the
earlier turns' user text (`... (earlier in this conversation: ...)`), so a caller can see that
the earlier turns were read. Replies are built against the document's own answer schema
(`objects.build`), so they are valid in every api-version that has the operation.

"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from aoai_emulator import errors
from aoai_emulator.context import Call
from aoai_emulator.objects import build, page, stored
from aoai_emulator.response_events import events
from aoai_emulator.response_input import prompt_text
from aoai_emulator.response_plan import FAILURE, FAILURE_CODE, Turn, message, output_part, plan
from aoai_emulator.wire import SSEResponse

__all__ = ["HANDLERS", "prompt_text"]

RESPONSE, INPUT, CONTEXT = "response", "response_input", "response_context"


def response_body(call: Call, turn: Turn, *, final: bool = True) -> dict[str, Any]:
    """The Response object: final, or the `in_progress` snapshot the stream starts with."""
    body = call.body
    values: dict[str, Any] = {
        "id": turn.id,
        "object": "response",
        "created_at": turn.created_at,
        "status": turn.status if final else "in_progress",
        "error": None,
        "incomplete_details": {"reason": turn.reason} if final and turn.reason else None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "model": call.model,
        "output": [],
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": None,
        "store": body.get("store", True) is not False,
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": body.get("top_p", 1.0),
        "truncation": body.get("truncation") or "disabled",
        "user": body.get("user"),
        "metadata": body.get("metadata") or {},
        "background": False,
    }
    if final and turn.status == "failed":
        values["error"] = {"code": FAILURE_CODE, "message": FAILURE}
    elif final:
        status = "incomplete" if turn.status == "incomplete" else "completed"
        values["output"] = [message(turn, status, [output_part(turn.reply)])]
        values["usage"] = {
            "input_tokens": turn.input_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": turn.output_tokens,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": turn.input_tokens + turn.output_tokens,
        }
    return build(call.doc, call.operation.response_fragment(), values)


def _store(call: Call, turn: Turn, response: dict[str, Any]) -> None:
    objects = call.state.objects
    objects.put(RESPONSE, response)
    for item in turn.items:
        objects.put(INPUT, item, turn.id)
    usage = response.get("usage") or {}
    objects.put(CONTEXT, {"id": turn.id, "said": turn.said, "tokens": usage.get("total_tokens", 0)})


async def create(call: Call) -> Any:
    most = call.body.get("max_output_tokens")
    if most is not None and most < 1:  # the document sets no minimum; no reply fits in less than one
        return errors.bad_request(
            f"Invalid 'max_output_tokens': expected a value >= 1, got {most}.", param="max_output_tokens"
        )
    previous_id = call.body.get("previous_response_id")
    previous = call.state.objects.get(CONTEXT, previous_id) if previous_id else None
    if previous_id and previous is None:
        return errors.bad_request(
            f"Previous response with id '{previous_id}' not found.",
            param="previous_response_id",
            code="previous_response_not_found",
        )
    turn = plan(call, previous)
    response = response_body(call, turn)
    if call.body.get("store", True) is not False:
        _store(call, turn, response)
    if call.body.get("stream"):
        return SSEResponse(events(turn, response_body(call, turn, final=False), response), named=True)
    return JSONResponse(response)


def _stored(call: Call) -> dict[str, Any] | Response:
    return stored(call, RESPONSE, call.params["response_id"])


async def retrieve(call: Call) -> Response:
    found = _stored(call)
    return found if isinstance(found, Response) else JSONResponse(found)


async def delete(call: Call) -> Response:
    found = _stored(call)
    if isinstance(found, Response):
        return found
    for kind in (RESPONSE, CONTEXT):
        call.state.objects.delete(kind, found["id"])
    if "application/json" not in call.operation.response_types:
        return Response(status_code=200)  # a document whose deletion answers no body
    receipt = {"id": found["id"], "object": "response.deleted", "deleted": True}
    return JSONResponse(build(call.doc, call.operation.response_fragment(), receipt))


async def list_input_items(call: Call) -> Response:
    found = _stored(call)
    if isinstance(found, Response):
        return found
    return JSONResponse(page(call.state.objects.children(INPUT, found["id"]), call.query))


HANDLERS = {
    "responses.create": create,
    "responses.retrieve": retrieve,
    "responses.delete": delete,
    "responses.input_items.list": list_input_items,
}
