"""Auth as Azure does it: api-key, and bearer tokens from the emulator's managed-identity endpoint."""

from __future__ import annotations

import hashlib

import httpx2
import pytest
from aoai_emulator.testing import EmulatorHandle, managed_identity_credential, running_emulator
from azure.identity import get_bearer_token_provider

CHAT = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21"
BODY = {"messages": [{"role": "user", "content": "hi"}]}
SCOPE = "https://cognitiveservices.azure.com/.default"


def test_default_azure_credential_end_to_end(
    emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch, test_id: str
) -> None:
    monkeypatch.setenv("IDENTITY_ENDPOINT", emulator.identity_endpoint)
    monkeypatch.setenv("IDENTITY_HEADER", emulator.identity_header)
    for name in ("MSI_ENDPOINT", "MSI_SECRET", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    provider = get_bearer_token_provider(managed_identity_credential(), SCOPE)
    token = provider()
    reply = httpx2.post(
        emulator.base_url + CHAT,
        json=BODY,
        headers={"Authorization": f"Bearer {token}", "x-aoai-test-id": test_id},
    )
    assert reply.status_code == 200, reply.text
    stats = emulator.stats(test_id)
    assert stats["auth"] == ["bearer"]
    assert stats["credential_hashes"] == [hashlib.sha256(token.encode()).hexdigest()]


def test_identity_endpoint_shape(emulator: EmulatorHandle) -> None:
    reply = httpx2.get(
        emulator.identity_endpoint,
        params={"api-version": "2019-08-01", "resource": "https://cognitiveservices.azure.com"},
        headers={"X-IDENTITY-HEADER": emulator.identity_header},
    )
    body = reply.json()
    assert set(body) >= {"access_token", "expires_on", "resource", "token_type"}
    assert body["token_type"] == "Bearer" and body["resource"] == "https://cognitiveservices.azure.com"
    wrong = httpx2.get(
        emulator.identity_endpoint, params={"resource": "x"}, headers={"X-IDENTITY-HEADER": "nope"}
    )
    assert wrong.status_code == 401
    by_scope = httpx2.get(
        emulator.identity_endpoint,
        params={"scope": SCOPE},
        headers={"X-IDENTITY-HEADER": emulator.identity_header},
    )
    assert by_scope.json()["resource"] == "https://cognitiveservices.azure.com"


def test_expired_and_foreign_tokens_are_rejected(emulator: EmulatorHandle) -> None:
    expired = emulator.issue_token(expires_in=-10)
    foreign = httpx2.get(
        emulator.identity_endpoint,
        params={"resource": "https://management.azure.com"},
        headers={"X-IDENTITY-HEADER": emulator.identity_header},
    ).json()["access_token"]
    for token in (expired, foreign, emulator.issue_token() + "x", "garbage"):
        reply = httpx2.post(emulator.base_url + CHAT, json=BODY, headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 401
        assert reply.json()["error"]["code"] == "401"
        assert "audience is incorrect" in reply.json()["error"]["message"]
    good = httpx2.post(
        emulator.base_url + CHAT, json=BODY, headers={"Authorization": f"Bearer {emulator.issue_token()}"}
    )
    assert good.status_code == 200


def test_api_key_missing_or_wrong(emulator: EmulatorHandle) -> None:
    for headers in ({}, {"api-key": "wrong"}):
        reply = httpx2.post(emulator.base_url + CHAT, json=BODY, headers=headers)
        assert reply.status_code == 401
        assert reply.json()["error"]["message"].startswith("Access denied due to invalid subscription key")
        assert reply.headers["apim-request-id"] and reply.headers["x-request-id"]


def test_custom_api_key_option() -> None:
    with running_emulator(api_key="sekret") as em:
        assert em.api_key == "sekret"
        ok = httpx2.post(em.base_url + CHAT, json=BODY, headers={"api-key": "sekret"})
        default = httpx2.post(em.base_url + CHAT, json=BODY, headers={"api-key": "emulator-key"})
    assert (ok.status_code, default.status_code) == (200, 401)
