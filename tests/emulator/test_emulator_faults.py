"""Every fault kind, observed from an httpx client, with attempts counted by the stats endpoint."""

from __future__ import annotations

import httpx2
import pytest
from aoai_emulator.testing import EmulatorHandle, running_emulator

CHAT = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
BODY = {"messages": [{"role": "user", "content": "tell me a story about faults"}]}


def post(
    emulator: EmulatorHandle, test_id: str, fault: str | None = None, **kwargs: object
) -> httpx2.Response:
    headers = {"api-key": emulator.api_key, "x-aoai-test-id": test_id}
    if fault is not None:
        headers["x-aoai-emulator-fault"] = fault
    return httpx2.post(emulator.base_url + CHAT, json=kwargs.pop("json", BODY), headers=headers, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_status_faults(emulator: EmulatorHandle, test_id: str, status: int) -> None:
    reply = post(emulator, test_id, f"{status}; retry-after=1; retry-after-ms=50; should-retry=false")
    assert reply.status_code == status
    assert set(reply.json()["error"]) >= {"code", "message"}
    assert reply.headers["retry-after"] == "1" and reply.headers["retry-after-ms"] == "50"
    assert reply.headers["x-should-retry"] == "false"
    assert reply.headers["apim-request-id"]
    assert emulator.stats(test_id)["attempts"] == 1


def test_times_injects_only_the_first_attempts(emulator: EmulatorHandle, test_id: str) -> None:
    statuses = [post(emulator, test_id, "429; retry-after-ms=50; times=2").status_code for _ in range(3)]
    assert statuses == [429, 429, 200]
    stats = emulator.stats(test_id)
    assert stats["attempts"] == 3
    assert [r.get("fault") for r in stats["requests"]] == ["429", "429", None]
    served = httpx2.get(emulator.base_url + "/_emulator/stats", params={"test_id": test_id}).json()
    assert served["attempts"] == 3


def test_reset_before_response(emulator: EmulatorHandle, test_id: str) -> None:
    with pytest.raises((httpx2.RemoteProtocolError, httpx2.ReadError)):
        post(emulator, test_id, "reset")
    assert emulator.stats(test_id)["attempts"] == 1


def test_cut_non_streaming_body(emulator: EmulatorHandle, test_id: str) -> None:
    with pytest.raises((httpx2.RemoteProtocolError, httpx2.ReadError)):
        post(emulator, test_id, "cut")
    assert emulator.stats(test_id)["attempts"] == 1


def test_cut_stream_mid_way(emulator: EmulatorHandle, test_id: str) -> None:
    headers = {"api-key": emulator.api_key, "x-aoai-test-id": test_id, "x-aoai-emulator-fault": "cut"}
    lines: list[str] = []
    with (
        pytest.raises((httpx2.RemoteProtocolError, httpx2.ReadError)),
        httpx2.stream(
            "POST", emulator.base_url + CHAT, json={**BODY, "stream": True}, headers=headers
        ) as reply,
    ):
        assert reply.status_code == 200
        lines.extend(line for line in reply.iter_lines() if line)
    assert lines and lines[0].startswith("data: ")
    assert "data: [DONE]" not in lines


def test_stall_outlasts_the_client_timeout(emulator: EmulatorHandle, test_id: str) -> None:
    with pytest.raises(httpx2.ReadTimeout):
        post(emulator, test_id, "stall; seconds=5", timeout=0.3)
    assert emulator.stats(test_id)["attempts"] == 1


def test_stall_default_comes_from_the_option(test_id: str) -> None:
    with running_emulator(stall_seconds=0.05) as em:
        reply = post(em, test_id, "stall")
    assert reply.status_code == 504


def test_bad_fault_header_is_a_clear_400(emulator: EmulatorHandle, test_id: str) -> None:
    reply = post(emulator, test_id, "418")
    assert reply.status_code == 400
    assert reply.json()["error"]["param"] == "x-aoai-emulator-fault"
    assert "unknown fault kind" in reply.json()["error"]["message"]


def test_seeded_fault_plan_is_reproducible() -> None:
    plan = {"seed": 7, "rates": {"429": 0.3, "500": 0.2}}
    runs = []
    for _ in range(2):
        with running_emulator(fault_plan=plan) as em:
            runs.append([post(em, f"plan-{i}").status_code for i in range(20)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 429, 500}


def test_none_skips_the_plan(test_id: str) -> None:
    with running_emulator(fault_plan={"seed": 1, "rates": {"503": 1.0}}) as em:
        assert post(em, test_id).status_code == 503
        assert post(em, test_id, "none").status_code == 200
        em.reset_stats()
        assert em.stats(test_id)["attempts"] == 0
