"""API keys and the emulator's own Entra-like bearer tokens.

Tokens are HS256 JWTs signed with the emulator's key, so the emulator can check signature, audience
and expiry offline exactly where Azure would (401 with Azure's message). They are issued by an
App Service managed-identity compatible endpoint, which is what lets azure-identity's
`DefaultAzureCredential` work end to end against the emulator.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from aoai_emulator.config import AUDIENCE, EmulatorConfig

INVALID_KEY = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key "
    "for an active subscription and use a correct regional API endpoint for your resource."
)
INVALID_TOKEN = (
    f"Unauthorized. Access token is missing, invalid, audience is incorrect ({AUDIENCE}), or have expired."
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def issue_token(
    config: EmulatorConfig, *, expires_in: float = 3600, audience: str = AUDIENCE
) -> tuple[str, int]:
    """(token, expires_on) for `audience`; `expires_in` may be negative to mint an expired token."""
    now = time.time()
    expires_on = int(now + expires_in)
    claims = {
        "aud": audience,
        "iss": "aoai-emulator",
        "iat": int(now),
        "exp": expires_on,
        "jti": uuid.uuid4().hex,
    }
    signing_input = _b64(b'{"alg":"HS256","typ":"JWT"}') + "." + _b64(json.dumps(claims).encode())
    signature = hmac.new(config.signing_key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + _b64(signature), expires_on


def verify_token(config: EmulatorConfig, token: str) -> str | None:
    """None when valid, else why not (for logs and stats; the client only sees Azure's message)."""
    try:
        header, payload, signature = token.split(".")
        expected = hmac.new(config.signing_key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            return "bad signature"
        claims: dict[str, Any] = json.loads(_unb64(payload))
    except ValueError:
        return "malformed token"
    if claims.get("aud", "").rstrip("/") != AUDIENCE:
        return f"wrong audience {claims.get('aud')!r}"
    if claims.get("exp", 0) <= time.time():
        return "expired"
    return None


@dataclass(frozen=True)
class Credential:
    """Which credential a request carried: kind is `api-key`, `bearer` or `none`."""

    kind: str
    value: str

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.value.encode()).hexdigest() if self.value else None


def credential_of(headers: Any) -> Credential:
    key = headers.get("api-key")
    if key is not None:
        return Credential("api-key", key)
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return Credential("bearer", authorization[7:].strip())
    return Credential("none", "")


def check(config: EmulatorConfig, credential: Credential, *, key_as_bearer: bool = False) -> str | None:
    """None if the credential is accepted, else Azure's 401 message.

    `key_as_bearer`: the v1 API also takes the API key as `Authorization: Bearer <key>`, which is
    what the plain OpenAI SDK sends (`OpenAI(base_url=.../openai/v1/, api_key=key)`)."""
    if credential.kind == "api-key":
        return None if hmac.compare_digest(credential.value, config.api_key) else INVALID_KEY
    if credential.kind == "bearer":
        if key_as_bearer and hmac.compare_digest(credential.value, config.api_key):
            return None
        return None if verify_token(config, credential.value) is None else INVALID_TOKEN
    return INVALID_KEY


def identity_reply(
    config: EmulatorConfig, secret: str | None, resource: str | None
) -> tuple[int, dict[str, Any]]:
    """The App Service managed-identity endpoint (api-version 2019-08-01) reply: (status, body)."""
    if secret != config.identity_header:
        return 401, {"statusCode": 401, "message": "X-IDENTITY-HEADER is missing or invalid."}
    if not resource:
        return 400, {"statusCode": 400, "message": "The 'resource' (or 'scope') parameter is required."}
    audience = resource.removesuffix("/.default")
    token, expires_on = issue_token(config, audience=audience)
    return 200, {
        "access_token": token,
        "expires_on": str(expires_on),
        "resource": audience,
        "token_type": "Bearer",
        "client_id": "00000000-0000-0000-0000-00000000e1e1",
    }
