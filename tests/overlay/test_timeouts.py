"""Timeouts per client and per request: a stalled server yields APITimeoutError after the retries."""

from __future__ import annotations

import aoai
import httpx2
import pytest
from core_support import Api, fault


def test_client_timeout_then_retries_then_timeout_error(api: Api, test_id: str) -> None:
    client = api.client(timeout=0.2, max_retries=1)
    with pytest.raises(aoai.APITimeoutError) as caught:
        api.send(
            client, options=aoai.RequestOptions(extra_headers=fault(test_id, "stall; seconds=3; times=9"))
        )
    assert isinstance(caught.value, aoai.APIConnectionError)
    assert isinstance(caught.value.__cause__, httpx2.TimeoutException)
    assert api.emulator.stats(test_id)["attempts"] == 2


def test_per_request_timeout_overrides_client(api: Api, test_id: str) -> None:
    client = api.client(max_retries=0)  # default timeout: 600 s
    options = aoai.RequestOptions(timeout=0.2, extra_headers=fault(test_id, "stall; seconds=3"))
    with pytest.raises(aoai.APITimeoutError):
        api.send(client, options=options)
    assert api.emulator.stats(test_id)["attempts"] == 1


def test_stall_then_success_on_retry(api: Api, test_id: str) -> None:
    client = api.client(timeout=httpx2.Timeout(0.3), max_retries=1)
    response = api.send(
        client, options=aoai.RequestOptions(extra_headers=fault(test_id, "stall; seconds=3; times=1"))
    )
    assert response.status_code == 200


def test_default_timeout_like_the_official_sdk(api: Api) -> None:
    client = api.client()
    assert client.timeout == httpx2.Timeout(600.0, connect=5.0)
    assert api.client(timeout=12.5).timeout == httpx2.Timeout(12.5)
