"""Every way to authenticate, as (client keyword arguments, the secrets that must never leak).

Why a module of its own: the secrets test crosses each mode with every success, retry and
error path, sync and async; keeping the modes here keeps that test a plain table.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

SYNC_MODES = ("api_key", "api_key_callable", "static_token", "token_provider", "credential")
ASYNC_MODES = (*SYNC_MODES, "async_token_provider", "async_credential")


@dataclass(frozen=True)
class AccessToken:
    """The shape of azure-core's `AccessToken` (token, expires_on), without importing azure-core."""

    token: str
    expires_on: int


class FakeCredential:
    """A `TokenCredential`: `get_token(scope)` returns a fresh emulator-signed token."""

    def __init__(self, mint: Any) -> None:
        self.mint = mint

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self.mint(), int(time.time()) + 3600)


class FakeAsyncCredential(FakeCredential):
    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:  # type: ignore[override]
        return AccessToken(self.mint(), int(time.time()) + 3600)


def credentials(mode: str, emulator: Any, *, wrong: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Client kwargs for `mode`, and every secret value they can put on the wire.

    `wrong=True` gives a credential the emulator refuses (a different key, an expired token),
    which must not leak either.
    """
    minted: list[str] = []

    def mint() -> str:
        token = emulator.issue_token(expires_in=-60 if wrong else 3600)
        minted.append(token)
        return token

    key = f"wrong-{time.time_ns()}-key" if wrong else emulator.api_key
    kwargs: dict[str, Any]
    if mode == "api_key":
        kwargs = {"api_key": key}
    elif mode == "api_key_callable":
        kwargs = {"api_key": lambda: key}
    elif mode == "static_token":
        kwargs = {"azure_ad_token": mint()}
    elif mode == "token_provider":
        kwargs = {"azure_ad_token_provider": mint}
    elif mode == "async_token_provider":

        async def provider() -> str:
            return mint()

        kwargs = {"azure_ad_token_provider": provider}
    elif mode == "credential":
        kwargs = {"credential": FakeCredential(mint)}
    elif mode == "async_credential":
        kwargs = {"credential": FakeAsyncCredential(mint)}
    else:
        raise ValueError(mode)
    secrets: list[str] = minted if "token" in mode or "credential" in mode else [key]
    return kwargs, secrets
