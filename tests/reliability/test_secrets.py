"""No key or token in logs, exception messages, reprs or `str(client)`, on any path.

Each auth mode is driven through success, a retry and every error path the emulator can
produce, with DEBUG logging on for every logger (aoai, httpx2, httpcore2). Each case first
asserts it really took its path (the expected exception class), so a case that silently
succeeded cannot pass as "nothing leaked".
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Iterator
from typing import Any

import aoai
import httpx2
import pytest
from aoai_emulator import testing

from tests.reliability._support import API_VERSION, DEPLOYMENT, FAULT_HEADER, TEST_ID_HEADER
from tests.reliability.secret_modes import ASYNC_MODES, SYNC_MODES, credentials

#: path -> (fault header, expected exception class or None for success)
PATHS: dict[str, tuple[str | None, type[BaseException] | None]] = {
    "success": (None, None),
    "retry": ("503; times=1", None),
    "400": ("not-a-fault-kind", aoai.BadRequestError),
    "401": (None, aoai.AuthenticationError),
    "404": (None, aoai.NotFoundError),
    "408": ("408", aoai.APIStatusError),
    "429": ("429; retry-after-ms=1", aoai.RateLimitError),
    "500": ("500", aoai.InternalServerError),
    "502": ("502", aoai.InternalServerError),
    "503": ("503", aoai.ServiceUnavailableError),
    "504": ("504", aoai.GatewayTimeoutError),
    "reset": ("reset", aoai.APIConnectionError),
    "cut": ("cut", aoai.APIConnectionError),
    "stall": ("stall", aoai.APITimeoutError),
    "content_filter": (None, aoai.ContentFilterError),
    "stream_cut": ("cut", aoai.APIConnectionError),
}


@pytest.fixture(scope="module")
def secret_emulator() -> Iterator[Any]:
    with testing.running_emulator(api_key=f"sk-{uuid.uuid4().hex}", stall_seconds=3.0) as handle:
        yield handle


@pytest.fixture
def all_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in ("aoai", "httpx2", "httpcore2", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _call(path: str) -> dict[str, Any]:
    fault, _ = PATHS[path]
    headers = {TEST_ID_HEADER: f"secrets-{uuid.uuid4().hex}"}
    if fault:
        headers[FAULT_HEADER] = fault
    prompt = "this is forbidden" if path == "content_filter" else "hello"
    return {
        "model": "no-such-deployment" if path == "404" else DEPLOYMENT,
        "messages": [{"role": "user", "content": prompt}],
        "extra_headers": headers,
        "max_retries": 1,
        "stream": path == "stream_cut",
    }


def _client_kwargs(emulator: Any, mode: str, path: str) -> tuple[dict[str, Any], list[str]]:
    kwargs, secrets = credentials(mode, emulator, wrong=path == "401")
    kwargs.update(
        azure_endpoint=emulator.base_url, api_version=API_VERSION, timeout=httpx2.Timeout(5.0, read=0.3)
    )
    return kwargs, secrets


def _exposed_text(client: Any, error: BaseException | None, logs: str) -> str:
    """Everything a user could print or log: the places a secret must not be."""
    parts = [logs]
    if client is not None:
        parts += [str(client), repr(client), repr(client._credential), repr(client.http_client.auth)]
    if error is not None:
        parts += [str(error), repr(error), "".join(traceback.format_exception(error))]
        for linked in (error.__cause__, error.__context__):
            if linked is not None:
                parts += [str(linked), repr(linked)]
    return "\n".join(parts)


def _assert_clean(secrets: list[str], exposed: str) -> None:
    assert secrets and all(secrets), "the mode produced no secret to look for"
    for secret in secrets:
        assert secret not in exposed


def _assert_path_taken(path: str, error: BaseException | None) -> None:
    expected = PATHS[path][1]
    if expected is None:
        assert error is None, repr(error)
    else:
        assert isinstance(error, expected), repr(error)


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("mode", SYNC_MODES)
def test_sync_secrets_never_leak(secret_emulator: Any, all_debug: Any, mode: str, path: str) -> None:
    kwargs, secrets = _client_kwargs(secret_emulator, mode, path)
    error: BaseException | None = None
    with aoai.AzureOpenAI(**kwargs) as client:
        try:
            result = client.chat.completions.create(**_call(path))
            if path == "stream_cut":
                with result as stream:
                    for _ in stream:
                        pass
        except Exception as exc:
            error = exc
        _assert_path_taken(path, error)
        _assert_clean(secrets, _exposed_text(client, error, all_debug.text))


@pytest.mark.anyio
@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("mode", ASYNC_MODES)
async def test_async_secrets_never_leak(secret_emulator: Any, all_debug: Any, mode: str, path: str) -> None:
    kwargs, secrets = _client_kwargs(secret_emulator, mode, path)
    error: BaseException | None = None
    async with aoai.AsyncAzureOpenAI(**kwargs) as client:
        try:
            result = await client.chat.completions.create(**_call(path))
            if path == "stream_cut":
                async with result as stream:
                    async for _ in stream:
                        pass
        except Exception as exc:
            error = exc
        _assert_path_taken(path, error)
        _assert_clean(secrets, _exposed_text(client, error, all_debug.text))


@pytest.mark.parametrize("mode", ["api_key", "static_token"])
def test_regression_credential_with_newline_does_not_leak(secret_emulator: Any, mode: str) -> None:
    """A key read from a file keeps its newline; refusing it is fine, quoting it in an error is not."""
    secret = (secret_emulator.api_key if mode == "api_key" else secret_emulator.issue_token()) + "\n"
    kwargs = {"api_key": secret} if mode == "api_key" else {"azure_ad_token": secret}
    with pytest.raises(Exception) as caught:
        _chat_once(secret_emulator, **kwargs)
    assert isinstance(caught.value, (ValueError, aoai.AzureOpenAIError)), repr(caught.value)
    _assert_clean([secret.strip()], _exposed_text(None, caught.value, ""))


def test_regression_non_ascii_key_is_refused_without_leaking(secret_emulator: Any) -> None:
    secret = f"sk-{uuid.uuid4().hex}-caf\u00e9"
    with pytest.raises(Exception) as caught:
        _chat_once(secret_emulator, api_key=secret)
    _assert_clean([secret], _exposed_text(None, caught.value, ""))


def _chat_once(emulator: Any, **credential: Any) -> None:
    """Construct and call inside the caller's `raises`: a fix may refuse at either step."""
    with aoai.AzureOpenAI(azure_endpoint=emulator.base_url, api_version=API_VERSION, **credential) as client:
        client.chat.completions.create(model=DEPLOYMENT, messages=[{"role": "user", "content": "hi"}])
