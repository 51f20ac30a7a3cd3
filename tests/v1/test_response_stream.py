"""The Responses stream, sans-IO: events decode by their `type` into the document's classes, unknown
ones into plain data; the final event ends the stream (no `[DONE]`) and carries the final response;
an `error` event is delivered and then fails the stream; `output_text` reads every version's model."""

from __future__ import annotations

import json
import logging
from typing import Any

import aoai
import pytest
from aoai.decoding import decode
from aoai.plain import PlainObject, wrap
from aoai.resources._catalog import facade_operation
from aoai.response_stream import response_fold
from aoai.response_text import fill, output_text
from aoai.streaming import ChunkDecoder, IncompleteStreamError, StreamError

RESPONSE = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1,
    "status": "completed",
    "model": "gpt-4o",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [
                {"type": "output_text", "text": "Hello", "annotations": []},
                {"type": "refusal", "refusal": "no"},
                {"type": "output_text", "text": " world", "annotations": []},
            ],
        },
    ],
}


def sse(*events: dict[str, Any]) -> str:
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)


def decoder(version: str = "v1") -> ChunkDecoder[Any]:
    client = aoai.AzureOpenAI(azure_endpoint="http://127.0.0.1:9", api_key="k", api_version=version)
    operation = facade_operation(client, "responses.create")
    return ChunkDecoder(
        operation.stream_chunk, None, response_fold(operation.response_model), operation.stream_events
    )


def test_events_decode_into_their_own_classes_and_the_final_one_ends_the_stream(
    caplog: pytest.LogCaptureFixture,
) -> None:
    d = decoder()
    text = sse(
        {
            "type": "response.created",
            "sequence_number": 0,
            "response": {**RESPONSE, "status": "in_progress", "output": []},
        },
        {
            "type": "response.output_text.delta",
            "sequence_number": 1,
            "item_id": "msg_1",
            "output_index": 1,
            "content_index": 0,
            "delta": "Hello",
        },
        {"type": "response.brand_new_event", "sequence_number": 2, "detail": {"x": 1}},
        {"type": "response.completed", "sequence_number": 3, "response": RESPONSE},
    )
    with caplog.at_level(logging.WARNING, logger="aoai"):
        events = [*d.feed(text), *d.finish()]
    assert [type(e).__name__ for e in events] == [
        "ResponseCreatedEvent",
        "ResponseTextDeltaEvent",
        "PlainObject",
        "ResponseCompletedEvent",
    ]
    assert events[1].delta == "Hello" and events[2].detail.x == 1  # an unknown type is still readable
    assert d.done is True and caplog.records == []  # no [DONE] is due after the final event
    final = d.final()
    assert (
        type(final).__name__ == "AzureResponse"
        and final.id == "resp_1"
        and final.output_text == "Hello world"
    )


def test_an_error_event_is_delivered_then_fails_the_stream() -> None:
    d = decoder("preview")
    error = {
        "type": "error",
        "sequence_number": 1,
        "code": "server_error",
        "message": "It broke.",
        "param": None,
    }
    text = sse(
        {"type": "response.created", "sequence_number": 0, "response": {**RESPONSE, "output": []}}, error
    )
    events = list(d.feed(text))
    assert [type(e).__name__ for e in events] == ["ResponseCreatedEvent", "ResponseErrorEvent"]
    assert events[1].message == "It broke."
    with pytest.raises(StreamError) as caught:
        list(d.finish())
    assert caught.value.code == "server_error" and caught.value.message == "It broke."


def test_a_stream_that_ends_before_its_final_event_has_no_final_response() -> None:
    d = decoder()
    text = sse({"type": "response.created", "sequence_number": 0, "response": {**RESPONSE, "output": []}})
    assert len([*d.feed(text), *d.finish()]) == 1  # it ended cleanly, so what came is delivered
    with pytest.raises(IncompleteStreamError, match="without the one that carries its final result"):
        d.final()


def test_a_chat_stream_still_wants_done() -> None:
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}
    d: ChunkDecoder[Any] = ChunkDecoder(None)
    list(d.feed(f"data: {json.dumps(chunk)}\n\n"))
    list(d.finish())
    assert d.done is False and d.ended is True


def test_output_text_reads_models_and_plain_data_alike() -> None:
    assert output_text(RESPONSE) == output_text(wrap(RESPONSE)) == "Hello world"
    assert output_text({"output": []}) == "" and output_text({}) == ""
    for version in ("v1", "preview", "2025-04-01-preview"):
        client = aoai.AzureOpenAI(azure_endpoint="http://127.0.0.1:9", api_key="k", api_version=version)
        model = facade_operation(client, "responses.retrieve").response_model
        assert model is not None
        decoded = fill(decode(model, RESPONSE))
        assert decoded.output_text == "Hello world", version
    plain = fill(PlainObject(RESPONSE))
    assert plain.output_text == "Hello world"
