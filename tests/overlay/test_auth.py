"""Each way of authenticating reaches the emulator with the right credential, per attempt."""

from __future__ import annotations

import time
from typing import Any

import aoai
import pytest
from aoai_emulator.testing import managed_identity_credential
from core_support import API_VERSION, Api, fault


def test_api_key_string(api: Api, test_id: str) -> None:
    client = api.client(default_headers={"x-aoai-test-id": test_id})
    assert api.chat(client).choices
    assert api.emulator.stats(test_id)["auth"] == ["api-key"]


def test_api_key_callable_asked_per_attempt(api: Api, test_id: str) -> None:
    calls = []

    def key() -> str:
        calls.append(1)
        return api.emulator.api_key

    client = api.client(api_key=key, max_retries=2)
    api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "503; times=2")))
    assert len(calls) == api.emulator.stats(test_id)["attempts"] == 3


def test_api_key_from_env(api: Api, test_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", api.emulator.api_key)
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", api.emulator.base_url)
    monkeypatch.setenv("OPENAI_API_VERSION", API_VERSION)
    cls = aoai.AsyncAzureOpenAI if api.is_async else aoai.AzureOpenAI
    client = cls(default_headers={"x-aoai-test-id": test_id})
    api._clients.append(client)
    assert api.chat(client).choices
    assert api.emulator.stats(test_id)["auth"] == ["api-key"]


def test_static_token(api: Api, test_id: str) -> None:
    client = api.client(
        azure_ad_token=api.emulator.issue_token(), default_headers={"x-aoai-test-id": test_id}
    )
    assert api.chat(client).choices
    assert api.emulator.stats(test_id)["auth"] == ["bearer"]


def test_static_token_from_env(api: Api, test_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", api.emulator.issue_token())
    cls = aoai.AsyncAzureOpenAI if api.is_async else aoai.AzureOpenAI
    client = cls(
        azure_endpoint=api.emulator.base_url,
        api_version=API_VERSION,
        default_headers={"x-aoai-test-id": test_id},
    )
    api._clients.append(client)
    assert api.chat(client).choices
    assert api.emulator.stats(test_id)["auth"] == ["bearer"]


def test_sync_token_provider_called_once_per_attempt(api: Api, test_id: str) -> None:
    tokens: list[str] = []

    def provider() -> str:
        tokens.append(api.emulator.issue_token())
        return tokens[-1]

    client = api.client(azure_ad_token_provider=provider, max_retries=2)
    api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "500; times=2")))
    stats = api.emulator.stats(test_id)
    assert stats["attempts"] == len(tokens) == 3
    assert stats["auth"] == ["bearer"] * 3


def test_async_token_provider_called_once_per_attempt(api: Api, test_id: str) -> None:
    if not api.is_async:
        pytest.skip("async providers need the async client (the sync refusal is in test_construction)")
    calls = []

    async def provider() -> str:
        calls.append(1)
        return api.emulator.issue_token()

    client = api.client(azure_ad_token_provider=provider, max_retries=1)
    api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "429; times=1")))
    assert len(calls) == api.emulator.stats(test_id)["attempts"] == 2


class FakeCredential:
    """An azure-core TokenCredential (sync or async) minting emulator tokens, counting calls."""

    def __init__(self, emulator: Any, expires_in: float = 3600, is_async: bool = False) -> None:
        self.emulator = emulator
        self.expires_in = expires_in
        self.scopes: list[str] = []
        if is_async:
            self.get_token = self._async_get_token  # type: ignore[method-assign]

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        self.scopes.append(scopes[0])
        return AccessToken(self.emulator.issue_token(), int(time.time() + self.expires_in))

    async def _async_get_token(self, *scopes: str, **kwargs: Any) -> Any:
        return FakeCredential.get_token(self, *scopes)


def test_token_credential_cached_until_near_expiry(api: Api, test_id: str) -> None:
    credential = FakeCredential(api.emulator, is_async=api.is_async)
    client = api.client(credential=credential, default_headers={"x-aoai-test-id": test_id})
    api.chat(client)
    api.chat(client)
    assert credential.scopes == ["https://cognitiveservices.azure.com/.default"]
    assert api.emulator.stats(test_id)["auth"] == ["bearer", "bearer"]


def test_token_credential_renewed_when_expiring(api: Api, test_id: str) -> None:
    # Expires within the refresh margin: every attempt must fetch a fresh token.
    credential = FakeCredential(api.emulator, expires_in=60, is_async=api.is_async)
    client = api.client(credential=credential, credential_scope="api://custom/.default", max_retries=1)
    api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "502; times=1")))
    assert credential.scopes == ["api://custom/.default"] * 2
    hashes = api.emulator.stats(test_id)["credential_hashes"]
    assert len(set(hashes)) == 2, "a retried attempt must carry the renewed token"


def test_default_azure_credential_via_managed_identity(
    api: Api, test_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IDENTITY_ENDPOINT", api.emulator.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", api.emulator.identity_header)
    credential = managed_identity_credential(asynchronous=api.is_async)
    client = api.client(credential=credential, default_headers={"x-aoai-test-id": test_id})
    try:
        assert api.chat(client).choices
    finally:
        api.run(credential.close) if api.is_async else credential.close()
    assert api.emulator.stats(test_id)["auth"] == ["bearer"]


def test_wrong_key_is_authentication_error(api: Api, test_id: str) -> None:
    client = api.client(api_key="not-the-key", default_headers={"x-aoai-test-id": test_id})
    with pytest.raises(aoai.AuthenticationError) as caught:
        api.chat(client)
    assert caught.value.status_code == 401
    assert caught.value.request_id
    assert "not-the-key" not in str(caught.value) + repr(caught.value)
    assert api.emulator.stats(test_id)["attempts"] == 1, "401 is not retried"
