"""Item 19: the emulator answers Azure's 400 to odd but possible input, never a 500 (or a 200).

Each body here reached a handler and crashed it (500), or was accepted where Azure refuses
it (`max_tokens: -1` answered 200). A content part whose `text` is an object is what made
`make fuzz` fail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from aoai_emulator.testing import EmulatorHandle, running_emulator

CHAT = "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21"


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorHandle]:
    with running_emulator(stall_seconds=5.0) as handle:
        yield handle


def _post(emulator: EmulatorHandle, body: bytes | dict[str, Any], **headers: str) -> httpx2.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx2.post(
        emulator.base_url + CHAT,
        content=content,
        headers={"api-key": emulator.api_key, "content-type": "application/json", **headers},
        timeout=10,
    )


def _is_azure_400(response: httpx2.Response, param: str | None = None) -> dict[str, Any]:
    assert response.status_code == 400, (response.status_code, response.text[:300])
    error = response.json()["error"]
    assert isinstance(error["message"], str) and error["message"] and error["code"]
    if param is not None:
        assert error["param"] == param
    return dict(error)


@pytest.mark.parametrize("part_type", ["text", "image_url"])
@pytest.mark.parametrize("text", [{"a": 1}, ["x"], 3])
def test_a_content_part_whose_text_is_not_a_string(
    emulator: EmulatorHandle, text: Any, part_type: str
) -> None:
    """The fuzzer's case: an `image_url` part (which allows more keys) with a `text` object."""
    part = {"type": part_type, "text": text, "image_url": {"url": "https://example.com/a.png"}}
    messages = [{"role": "user", "content": [{"type": "text", "text": "look"}, part]}]
    param = "messages[0].content[1].text" if part_type == "image_url" else None  # else the schema's check
    _is_azure_400(_post(emulator, {"messages": messages}), param)


@pytest.mark.parametrize(
    "value", ["stall; seconds=abc", "stall; seconds=-1", "stall; seconds=nan", "429; retry-after-ms=x"]
)
def test_a_malformed_fault_parameter(emulator: EmulatorHandle, value: str) -> None:
    body = {"messages": [{"role": "user", "content": "hi"}]}
    error = _is_azure_400(_post(emulator, body, **{"x-aoai-emulator-fault": value}), "x-aoai-emulator-fault")
    assert "seconds" in error["message"] or "retry-after-ms" in error["message"]


@pytest.mark.parametrize("opener", [b"[", b'{"messages":'])
def test_deeply_nested_json(emulator: EmulatorHandle, opener: bytes) -> None:
    _is_azure_400(_post(emulator, opener * 100_000))


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\ud83d"])
def test_a_lone_surrogate(emulator: EmulatorHandle, escape: str) -> None:
    raw = '{"messages": [{"role": "user", "content": "x' + escape + '"}]}'
    _is_azure_400(_post(emulator, raw.encode()))


def test_a_surrogate_pair_is_fine(emulator: EmulatorHandle) -> None:
    raw = '{"messages": [{"role": "user", "content": "smile \\ud83d\\ude00"}]}'
    assert _post(emulator, raw.encode()).status_code == 200


@pytest.mark.parametrize("name", ["max_tokens", "max_completion_tokens"])
@pytest.mark.parametrize("value", [-1, 0])
def test_max_tokens_below_one(emulator: EmulatorHandle, name: str, value: int) -> None:
    body = {"messages": [{"role": "user", "content": "hi"}], name: value}
    error = _is_azure_400(_post(emulator, body), name)
    assert error["code"] == "integer_below_min_value"
