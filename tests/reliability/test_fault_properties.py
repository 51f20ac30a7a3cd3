"""Every fault kind of the emulator, with any retry budget, streamed or not: a result or the typed
error the fault implies, after exactly the attempts the retry rules allow; never anything untyped.

The body faults (corrupt gzip, redirect loop, no content type, no `[DONE]`, invalid JSON, empty
body) are what issue 18 found escaping untyped or as `None`; the status and connection faults
are the soak's. Attempts are counted by the emulator, per `x-aoai-test-id`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import aoai
import httpx2
import pytest
from aoai_emulator.testing import EmulatorHandle, running_emulator
from hypothesis import given
from hypothesis import strategies as st

from tests.reliability._support import API_VERSION, DEPLOYMENT, FAULT_HEADER, MESSAGES, TEST_ID_HEADER
from tests.reliability.examples import budget, count_example
from tests.reliability.fault_oracle import expected_errors, retried

KINDS = ["408", "429", "500", "502", "503", "504", "reset", "cut"]
KINDS += ["gzip", "redirect", "no-content-type", "no-done", "bad-json", "empty"]


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorHandle]:
    with running_emulator(stall_seconds=2.0) as handle:
        yield handle


@pytest.fixture(scope="module")
def client(emulator: EmulatorHandle) -> Iterator[aoai.AzureOpenAI]:
    with aoai.AzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=API_VERSION, timeout=10
    ) as c:
        yield c


def _call(client: aoai.AzureOpenAI, headers: dict[str, str], stream: bool, max_retries: int) -> str:
    kwargs: dict[str, Any] = {
        "model": DEPLOYMENT,
        "messages": MESSAGES,
        "extra_headers": headers,
        "max_retries": max_retries,
    }
    try:
        if stream:
            with client.chat.completions.create(stream=True, **kwargs) as chunks:
                completion = chunks.get_final_completion()
        else:
            completion = client.chat.completions.create(**kwargs)
    except aoai.AzureOpenAIError as exc:
        return type(exc).__name__
    assert completion.choices and completion.choices[0].message.content  # a result, never None
    return "ok"


def _expected(kind: str, times: int, stream: bool, max_retries: int) -> tuple[set[str], int]:
    """(allowed outcomes, attempts) for `kind` on the first `times` attempts."""
    allowed = max_retries + 1
    if times == 0:
        return {"ok"}, 1
    if not retried(kind, stream):
        return (expected_errors(kind, stream) or {"ok"}), 1
    if times < allowed:
        return {"ok"}, times + 1
    return expected_errors(kind, stream), allowed


@budget(3_000, ci=120)
@given(
    kind=st.sampled_from(KINDS),
    times=st.integers(0, 3),
    stream=st.booleans(),
    max_retries=st.integers(0, 3),
)
def test_every_fault_ends_typed_after_the_attempts_the_rules_allow(
    client: aoai.AzureOpenAI, emulator: EmulatorHandle, kind: str, times: int, stream: bool, max_retries: int
) -> None:
    count_example()
    test_id = f"fault-{uuid.uuid4().hex}"
    headers = {TEST_ID_HEADER: test_id, FAULT_HEADER: f"{kind}; times={times}; retry-after-ms=1"}
    outcome = _call(client, headers, stream, max_retries)
    allowed, attempts = _expected(kind, times, stream, max_retries)
    assert outcome in allowed, (outcome, allowed)
    assert emulator.stats(test_id)["attempts"] == attempts


@budget(1_000, ci=60)
@given(kind=st.sampled_from(KINDS), stream=st.booleans())
def test_the_async_client_agrees(emulator: EmulatorHandle, kind: str, stream: bool) -> None:
    count_example()

    async def run() -> str:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=API_VERSION, timeout=10
        ) as client:
            kwargs: dict[str, Any] = {
                "model": DEPLOYMENT,
                "messages": MESSAGES,
                "max_retries": 0,
                "extra_headers": {FAULT_HEADER: kind, TEST_ID_HEADER: f"fault-{uuid.uuid4().hex}"},
            }
            try:
                if stream:
                    chunks = await client.chat.completions.create(stream=True, **kwargs)
                    async with chunks:
                        completion = await chunks.get_final_completion()
                else:
                    completion = await client.chat.completions.create(**kwargs)
            except aoai.AzureOpenAIError as exc:
                return type(exc).__name__
            assert completion.choices[0].message.content
            return "ok"

    assert asyncio.run(run()) in (expected_errors(kind, stream) or {"ok"})


def test_the_redirect_fault_loops_on_a_path_the_emulator_does_not_count(emulator: EmulatorHandle) -> None:
    response = httpx2.get(emulator.base_url + "/_emulator/loop", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/_emulator/loop"
