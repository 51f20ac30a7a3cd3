"""The Responses API on the v1 routes: stored responses, `previous_response_id`, input items in
cursor pages, and the stream of typed events whose `response.completed` carries the Response a
plain call returns. Every body and every event is checked against the served document."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from aoai_emulator.testing import EmulatorHandle

from tests.emulator.v1_support import PREVIEW, V1, answer, event_problems, problems, sse, v1_client

ORDER = [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
]
ENDING = [
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
]


@pytest.fixture(scope="module")
def client(emulator: EmulatorHandle) -> Any:
    with v1_client(emulator) as c:
        yield c


def create(client: httpx2.Client, **body: Any) -> httpx2.Response:
    return client.post("/responses", json={"model": "gpt-4o", **body})


def text_of(response: dict[str, Any]) -> str:
    return "".join(part["text"] for item in response["output"] for part in item["content"])


def stream(client: httpx2.Client, **body: Any) -> list[tuple[str | None, Any]]:
    reply = create(client, stream=True, **body)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/event-stream")
    return sse(reply.text)


def test_a_response_is_stored_retrieved_and_deleted(client: httpx2.Client) -> None:
    made = create(client, input="Hello there", instructions="Be brief.", metadata={"k": "v"})
    assert made.status_code == 200
    response = made.json()
    assert not problems(V1, answer(V1, "responses.create"), response)
    assert response["object"] == "response" and response["status"] == "completed"
    assert response["id"].startswith("resp_") and response["model"] == "gpt-4o-2024-08-06"
    assert text_of(response) == "This is an emulated reply to: Hello there"
    assert response["instructions"] == "Be brief." and response["metadata"] == {"k": "v"}
    usage = response["usage"]
    assert usage["output_tokens"] == 8 and usage["input_tokens"] == 5  # "Be brief." + "Hello there"
    assert usage["total_tokens"] == 13
    fetched = client.get(f"/responses/{response['id']}")
    assert fetched.json() == response
    deleted = client.delete(f"/responses/{response['id']}")
    assert deleted.json() == {"id": response["id"], "object": "response.deleted", "deleted": True}
    assert not problems(V1, answer(V1, "responses.delete"), deleted.json())
    gone = client.get(f"/responses/{response['id']}")
    assert gone.status_code == 404 and response["id"] in gone.json()["error"]["message"]
    assert not problems(V1, answer(V1, "responses.retrieve", "default"), gone.json())


def test_store_false_keeps_nothing(client: httpx2.Client) -> None:
    response = create(client, input="Do not keep this", store=False).json()
    assert response["store"] is False
    assert client.get(f"/responses/{response['id']}").status_code == 404
    refused = create(client, input="Continue", previous_response_id=response["id"])
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["param"] == "previous_response_id" and error["code"] == "previous_response_not_found"
    assert response["id"] in error["message"]


def test_previous_response_id_carries_the_conversation(client: httpx2.Client) -> None:
    first = create(client, input="My name is Ada").json()
    second = create(client, input="What is my name?", previous_response_id=first["id"]).json()
    third = create(client, input="And now?", previous_response_id=second["id"]).json()
    assert (
        text_of(second)
        == "This is an emulated reply to: What is my name? (earlier in this conversation: My name is Ada)"
    )
    assert text_of(third).endswith("(earlier in this conversation: My name is Ada | What is my name?)")
    assert second["previous_response_id"] == first["id"]
    # The earlier turns are part of the input the model read, as OpenAI counts it.
    assert second["usage"]["input_tokens"] == first["usage"]["total_tokens"] + 5
    alone = create(client, input="What is my name?").json()
    assert text_of(alone) == "This is an emulated reply to: What is my name?"


def test_input_items_come_in_cursor_pages(client: httpx2.Client) -> None:
    messages = [{"role": "user", "content": f"message {i}"} for i in range(5)]
    response = create(client, input=messages).json()
    assert text_of(response) == "This is an emulated reply to: message 4"
    path = f"/responses/{response['id']}/input_items"
    everything = client.get(path, params={"order": "asc"}).json()
    assert not problems(V1, answer(V1, "responses.input_items.list"), everything)
    ids = [item["id"] for item in everything["data"]]
    assert [i["content"][0]["text"] for i in everything["data"]] == [f"message {i}" for i in range(5)]
    assert everything["has_more"] is False and (everything["first_id"], everything["last_id"]) == (
        ids[0],
        ids[-1],
    )
    pages, after = [], None
    while True:
        page = client.get(
            path, params={"order": "asc", "limit": 2, **({"after": after} if after else {})}
        ).json()
        pages.append([item["id"] for item in page["data"]])
        if not page["has_more"]:
            break
        after = page["last_id"]
    assert pages == [ids[0:2], ids[2:4], ids[4:5]]
    newest_first = client.get(path, params={"limit": 2}).json()
    assert [item["id"] for item in newest_first["data"]] == [ids[4], ids[3]] and newest_first[
        "has_more"
    ] is True
    assert client.get("/responses/resp_missing/input_items").status_code == 404


def test_the_stream_emits_the_documented_events_in_order(client: httpx2.Client) -> None:
    events = stream(client, input="Stream this reply")
    names = [name for name, _ in events]
    datas = [data for _, data in events]
    deltas = len(names) - len(ORDER) - len(ENDING) - 1
    assert names == [*ORDER, *["response.output_text.delta"] * deltas, *ENDING, "response.completed"]
    assert [d["type"] for d in datas] == names  # the `event:` line names the data's type
    assert [d["sequence_number"] for d in datas] == list(range(len(datas)))
    for data in datas:
        assert not event_problems(V1, data), (data["type"], event_problems(V1, data))
    reply = "".join(d["delta"] for d in datas if d["type"] == "response.output_text.delta")
    assert reply == "This is an emulated reply to: Stream this reply" and deltas == 9
    assert datas[0]["response"]["status"] == "in_progress" and datas[0]["response"]["output"] == []
    assert all(d["obfuscation"] for d in datas if d["type"] == "response.output_text.delta")


def test_the_completed_event_carries_the_response_a_plain_call_returns(client: httpx2.Client) -> None:
    body = {"input": "Same either way", "instructions": "Be brief.", "temperature": 0.5}
    completed = stream(client, **body)[-1][1]["response"]
    assert completed == client.get(f"/responses/{completed['id']}").json()  # stored as streamed
    plain = create(client, **body).json()
    assert plain["created_at"] >= completed["created_at"]
    assert {**completed, "created_at": 0} == {**plain, "created_at": 0}  # only the clock may differ
    assert not problems(V1, answer(V1, "responses.create"), completed)


def test_max_output_tokens_and_the_output_filter_stop_it_incomplete(client: httpx2.Client) -> None:
    short = create(client, input="Tell me a long story please", max_output_tokens=3).json()
    assert short["status"] == "incomplete" and short["incomplete_details"] == {"reason": "max_output_tokens"}
    assert text_of(short) == "This is an" and short["usage"]["output_tokens"] == 3
    filtered = create(client, input="say forbidden-output words").json()
    assert filtered["status"] == "incomplete" and filtered["incomplete_details"] == {
        "reason": "content_filter"
    }
    events = stream(client, input="Tell me a long story please", max_output_tokens=3)
    assert events[-1][0] == "response.incomplete"
    assert {**events[-1][1]["response"], "created_at": 0} == {**short, "created_at": 0}
    for response in (short, filtered):
        assert not problems(V1, answer(V1, "responses.create"), response)
    nothing = create(client, input="Hello", max_output_tokens=0)
    assert nothing.status_code == 400 and nothing.json()["error"]["param"] == "max_output_tokens"


def test_the_error_trigger_fails_it_with_an_error_event(client: httpx2.Client) -> None:
    failed = create(client, input="please forbidden-error now").json()
    assert failed["status"] == "failed" and failed["output"] == []
    assert failed["error"] == {
        "code": "server_error",
        "message": "The model failed while generating the response.",
    }
    assert not problems(V1, answer(V1, "responses.create"), failed)
    events = stream(client, input="please forbidden-error now")
    names = [name for name, _ in events]
    assert names[: len(ORDER)] == ORDER and names[-2:] == ["error", "response.failed"]
    assert "response.completed" not in names and names.count("response.output_text.delta") == 4  # half of 9
    error = events[-2][1]
    assert (error["code"], error["param"]) == ("server_error", None)
    assert {**events[-1][1]["response"], "created_at": 0} == {**failed, "created_at": 0}
    for _, data in events:
        assert not event_problems(V1, data), event_problems(V1, data)


def test_the_prompt_filter_refuses_the_input(client: httpx2.Client) -> None:
    refused = create(
        client, input=[{"role": "user", "content": [{"type": "input_text", "text": "forbidden"}]}]
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "content_filter"
    assert not problems(V1, answer(V1, "responses.create", "default"), refused.json())


def test_the_preview_document_serves_the_same_responses(client: httpx2.Client) -> None:
    params = {"api-version": "preview"}
    made = client.post(
        "/responses", params=params, json={"model": "gpt-4o", "input": "Preview please"}
    ).json()
    assert not problems(PREVIEW, answer(PREVIEW, "responses.create"), made)
    items = client.get(f"/responses/{made['id']}/input_items", params=params).json()
    assert not problems(PREVIEW, answer(PREVIEW, "responses.input_items.list"), items)
    streamed = client.post(
        "/responses", params=params, json={"model": "gpt-4o", "input": "Preview please", "stream": True}
    )
    for _, data in sse(streamed.text):
        assert not event_problems(PREVIEW, data), event_problems(PREVIEW, data)
