"""The v1 API's route model: `/openai/v1/...`, the api-version (optional, `v1` or `preview`), the
deployment in the body, required headers, Azure-shaped errors valid under the document, chat and
embeddings on the v1 routes, models, and faults, stats and quotas there."""

from __future__ import annotations

import base64
import struct
from typing import Any

import httpx2
import pytest
from aoai_emulator.quotas import Quota
from aoai_emulator.testing import EmulatorHandle, running_emulator

from tests.emulator.v1_support import PREVIEW, V1, answer, problems, sse, v1_client

HELLO = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Say hello"}]}
EXPECTED = "This is an emulated reply to: Say hello"


@pytest.fixture(scope="module")
def client(emulator: EmulatorHandle) -> Any:
    with v1_client(emulator) as c:
        yield c


def test_api_version_absent_means_v1_and_preview_picks_the_preview_document(client: httpx2.Client) -> None:
    # Only the preview document has POST /images/generations: which document answered shows.
    image = {"model": "dall-e-3", "prompt": "a fox"}
    assert client.post("/images/generations", json=image).status_code == 404
    assert client.post("/images/generations", params={"api-version": "v1"}, json=image).status_code == 404
    made = client.post("/images/generations", params={"api-version": "preview"}, json=image)
    assert (
        made.status_code == 200 and made.json()["data"][0]["revised_prompt"] == "An emulated image of: a fox"
    )
    for params in ({}, {"api-version": "v1"}, {"api-version": "preview"}):
        assert (
            client.post("/chat/completions", params=params, json=HELLO).json()["choices"][0]["message"][
                "content"
            ]
            == EXPECTED
        )


@pytest.mark.parametrize("version", ["2024-10-21", "v2", ""])
def test_an_api_version_the_v1_routes_do_not_serve_is_a_400_naming_it(
    client: httpx2.Client, version: str
) -> None:
    reply = client.post("/chat/completions", params={"api-version": version}, json=HELLO)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["param"] == "api-version"
    assert (
        f"'{version}' is not supported" in error["message"]
        and "preview, v1 (absent means v1)" in error["message"]
    )
    assert not problems(V1, answer(V1, "chat.completions.create", "default"), reply.json())


def test_the_dated_routes_still_need_a_dated_api_version(emulator: EmulatorHandle) -> None:
    with httpx2.Client(base_url=emulator.base_url, headers={"api-key": emulator.api_key}) as c:
        dated = c.post(
            "/openai/deployments/gpt-4o/chat/completions", params={"api-version": "v1"}, json=HELLO
        )
    assert dated.status_code == 404 and dated.json() == {
        "error": {"code": "404", "message": "Resource not found"}
    }


def test_unknown_deployment_in_the_body_is_deployment_not_found(client: httpx2.Client) -> None:
    reply = client.post("/chat/completions", json={**HELLO, "model": "gpt-9"})
    assert reply.status_code == 404
    error = reply.json()["error"]
    assert error["code"] == "DeploymentNotFound"
    assert error["message"].startswith("The API deployment for this resource does not exist.")
    assert (
        error["type"] == "error"
    )  # the v1 document's only error type (the dated body says invalid_request_error)
    assert not problems(V1, answer(V1, "chat.completions.create", "default"), reply.json())


def test_invalid_body_is_a_400_naming_the_field_and_valid_under_the_document(client: httpx2.Client) -> None:
    missing = client.post("/chat/completions", json={"model": "gpt-4o"})
    assert missing.status_code == 400
    assert missing.json()["error"] == {
        "code": "missing_required_parameter",
        "message": "Missing required parameter: 'messages'.",
        "param": "messages",
        "type": "error",
    }
    wrong = client.post(
        "/embeddings", json={"model": "text-embedding-3-small", "input": "x", "dimensions": "many"}
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["param"] == "dimensions"
    for reply in (missing, wrong):
        assert not problems(V1, answer(V1, "embeddings.create", "default"), reply.json())


def test_a_header_the_document_requires_is_a_400_naming_it(client: httpx2.Client) -> None:
    missing = client.get("/evals")
    assert missing.status_code == 400
    assert missing.json()["error"]["param"] == "aoai-evals"
    assert (
        "requires the 'aoai-evals' header set to 'preview'; it is missing"
        in missing.json()["error"]["message"]
    )
    wrong = client.get("/evals", headers={"aoai-evals": "secret-value"})
    assert wrong.status_code == 400 and "secret-value" not in wrong.text
    assert client.get("/evals", headers={"aoai-evals": "preview"}).status_code == 501  # then: not emulated
    copy = "/fine_tuning/jobs/ftjob-1/checkpoints/ckpt-1/copy"
    assert client.get(copy).json()["error"]["param"] == "aoai-copy-ft-checkpoints"
    accepted = client.get(copy, headers={"aoai-copy-ft-checkpoints": "preview", "accept": "*/*"})
    assert accepted.status_code == 501 and "FineTuning_GetCheckpoint" in accepted.json()["error"]["message"]


def test_not_emulated_operations_answer_501_naming_them(client: httpx2.Client) -> None:
    reply = client.get("/fine_tuning/jobs")
    assert reply.status_code == 501
    assert reply.json()["error"] == {
        "code": "NotImplemented",
        "message": "The operation 'listPaginatedFineTuningJobs' is not emulated by aoai-emulator.",
        "type": "error",
    }
    head = client.head("/video/generations/gen-1/content/video", params={"api-version": "preview"})
    assert head.status_code == 501
    assert client.get("/no/such/route").json() == {"error": {"code": "404", "message": "Resource not found"}}


def test_the_api_key_is_taken_as_a_bearer_token_on_the_v1_routes_only(emulator: EmulatorHandle) -> None:
    bearer = {"authorization": f"Bearer {emulator.api_key}"}
    with httpx2.Client(base_url=emulator.base_url, headers=bearer) as c:
        assert c.post("/openai/v1/chat/completions", json=HELLO).status_code == 200
        dated = c.post(
            "/openai/deployments/gpt-4o/chat/completions", params={"api-version": "2024-10-21"}, json=HELLO
        )
        assert dated.status_code == 401
        wrong = c.post("/openai/v1/chat/completions", json=HELLO, headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
    token = {"authorization": f"Bearer {emulator.issue_token()}"}
    with httpx2.Client(base_url=emulator.base_url, headers=token) as c:
        assert c.post("/openai/v1/chat/completions", json=HELLO).status_code == 200


def test_chat_on_v1_is_the_dated_chat_with_the_documented_stream_quirks(
    client: httpx2.Client, emulator: EmulatorHandle
) -> None:
    plain = client.post("/chat/completions", json=HELLO)
    assert not problems(V1, answer(V1, "chat.completions.create"), plain.json())
    with httpx2.Client(base_url=emulator.base_url, headers={"api-key": emulator.api_key}) as c:
        dated = c.post(
            "/openai/deployments/gpt-4o/chat/completions",
            params={"api-version": "2024-10-21"},
            json={"messages": HELLO["messages"]},
        ).json()
    assert plain.json()["choices"] == dated["choices"] and plain.json()["usage"] == dated["usage"]
    streamed = client.post(
        "/chat/completions", json={**HELLO, "stream": True, "stream_options": {"include_usage": True}}
    )
    events = sse(streamed.text)
    assert events[-1] == (None, "[DONE]")
    chunks = [data for _, data in events[:-1]]
    text = "".join(
        c["choices"][0]["delta"].get("content") or ""
        for c in chunks
        if c["choices"] and "delta" in c["choices"][0]
    )
    assert text == EXPECTED and chunks[-1]["usage"] == plain.json()["usage"]
    chunk_schema = answer(V1, "chat.completions.create", content="text/event-stream")
    failing = {
        i: problems(V1, chunk_schema, c) for i, c in enumerate(chunks) if problems(V1, chunk_schema, c)
    }
    # Exactly Azure's two recorded quirks stray from the document: the first, prompt-filter-only
    # chunk (empty id/object) and the content-filter chunk whose choice has no delta.
    assert set(failing) == {0, len(chunks) - 2}
    assert failing[0] == ["object: '' is not one of ['chat.completion.chunk']"]
    assert failing[len(chunks) - 2] == ["choices/0: 'delta' is a required property"]


def test_content_filter_on_v1_is_azures_400_valid_under_the_document(client: httpx2.Client) -> None:
    reply = client.post(
        "/chat/completions", json={**HELLO, "messages": [{"role": "user", "content": "forbidden"}]}
    )
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["code"] == "content_filter" and error["innererror"]["code"] == "ResponsibleAIPolicyViolation"
    assert not problems(V1, answer(V1, "chat.completions.create", "default"), reply.json())


def test_embeddings_on_v1_float_base64_and_dimensions(client: httpx2.Client) -> None:
    body = {"model": "text-embedding-3-small", "input": ["a", "b"]}
    floats = client.post("/embeddings", json={**body, "encoding_format": "float"}).json()
    encoded = client.post("/embeddings", json={**body, "encoding_format": "base64"}).json()
    small = client.post("/embeddings", json={**body, "dimensions": 8}).json()
    for reply in (floats, encoded, small):
        assert not problems(V1, answer(V1, "embeddings.create"), reply)
    raw = base64.b64decode(encoded["data"][1]["embedding"])
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == floats["data"][1]["embedding"]
    assert [len(d["embedding"]) for d in small["data"]] == [8, 8]


def test_models_are_the_deployments(client: httpx2.Client, emulator: EmulatorHandle) -> None:
    for doc, params in ((V1, {}), (PREVIEW, {"api-version": "preview"})):
        listed = client.get("/models", params=params).json()
        assert [m["id"] for m in listed["data"]] == list(emulator.config.deployments)
        assert not problems(doc, answer(doc, "models.list"), listed)
        one = client.get("/models/text-embedding-3-small", params=params).json()
        assert (
            one["id"] == "text-embedding-3-small" and one["object"] == "model" and one["owned_by"] == "system"
        )
    missing = client.get("/models/gpt-9")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "model_not_found"
    assert "gpt-9" in missing.json()["error"]["message"]


def test_faults_and_stats_work_on_v1_routes(emulator: EmulatorHandle, test_id: str) -> None:
    fault = {"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "503; retry-after-ms=5; times=1"}
    with v1_client(emulator, **fault) as c:
        first = c.post("/chat/completions", json=HELLO)
        second = c.post("/chat/completions", json=HELLO)
    assert first.status_code == 503 and first.headers["retry-after-ms"] == "5"
    assert not problems(V1, answer(V1, "chat.completions.create", "default"), first.json())
    assert second.status_code == 200
    stats = emulator.stats(test_id)
    assert stats["attempts"] == 2
    assert [r.get("fault") for r in stats["requests"]] == ["503", None]
    assert (
        stats["requests"][1]["deployment"] == "gpt-4o"
        and stats["requests"][1]["path"] == "/openai/v1/chat/completions"
    )
    with v1_client(emulator, **{"x-aoai-emulator-fault": "cut"}) as c, pytest.raises(httpx2.HTTPError):
        c.post("/chat/completions", json={**HELLO, "stream": True}).read()
    with v1_client(emulator, **{"x-aoai-emulator-fault": "teapot"}) as c:
        typo = c.post("/chat/completions", json=HELLO)
    assert typo.status_code == 400 and typo.json()["error"]["param"] == "x-aoai-emulator-fault"
    assert not problems(V1, answer(V1, "chat.completions.create", "default"), typo.json())


def test_quotas_meter_the_body_deployment_on_v1_routes() -> None:
    with running_emulator(quotas={"gpt-4o-mini": Quota(requests=1)}) as em, v1_client(em) as c:
        admitted = c.post("/chat/completions", json={**HELLO, "model": "gpt-4o-mini"})
        refused = c.post("/chat/completions", json={**HELLO, "model": "gpt-4o-mini"})
        other = c.post("/chat/completions", json=HELLO)
    assert admitted.status_code == 200 and admitted.headers["x-ratelimit-remaining-requests"] == "0"
    assert admitted.headers["x-ms-deployment-name"] == "gpt-4o-mini"
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert refused.json()["error"]["message"].startswith(
        "Requests to the createChatCompletion Operation under Azure OpenAI API version v1 have exceeded call rate limit"
    )
    assert not problems(V1, answer(V1, "chat.completions.create", "default"), refused.json())
    assert other.status_code == 200 and "x-ratelimit-remaining-requests" not in other.headers
    charged = admitted.json()["usage"]["prompt_tokens"]  # no max_tokens: the prompt only
    assert em.quota_stats() == {"gpt-4o-mini": {"admitted": 1, "throttled": 1, "tokens_charged": charged}}
