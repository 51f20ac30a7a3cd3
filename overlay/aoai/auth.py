"""Credentials: where the key or token comes from, and the `httpx2.Auth` that attaches it.

Every attempt, retries included, runs the auth flow again, so a key callable or
token provider is asked once per attempt and an expiring Entra token is renewed
between attempts. Each credential kind is a small generator (`flow`) that yields
whatever its provider returns and receives the resolved value back: the sync
driver refuses awaitables with a clear message, the async driver awaits them.
One implementation per kind, two drivers — the shape of httpx's own `Auth`.

Nothing here imports azure-identity or azure-core: a `TokenCredential` is used
through its `get_token(scope)` method, so importing `aoai` stays cheap.
"""

from __future__ import annotations

import inspect
import os
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from typing import Any, Protocol

import httpx2

from aoai._headers import check_value

#: The Entra ID scope of Azure AI services (Azure OpenAI included).
DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default"
#: Renew a cached credential token this long before it expires.
REFRESH_MARGIN_SECONDS = 300.0

CREDENTIAL_HEADERS = ("api-key", "authorization")

# What a credential flow yields (a value or an awaitable of it), receives back, and returns.
CredentialFlow = Generator[Any, Any, tuple[str, str]]


class CredentialSource(Protocol):
    """One way of obtaining the credential header; `kind` is safe to show (never the secret)."""

    kind: str

    def flow(self) -> CredentialFlow: ...


def _non_empty(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{what} must give a non-empty string, got {type(value).__name__}")
    # Never echo the value: it is a secret. A trailing newline or space from a key file is the usual cause.
    check_value(what, value)
    return value


class ApiKey:
    """`api-key` header from a string or from a callable asked on every attempt (key rotation)."""

    kind = "api key"

    def __init__(self, key: str | Callable[[], Any], what: str = "api_key") -> None:
        if not callable(key):
            _non_empty(key, what)
        self._key = key

    def flow(self) -> CredentialFlow:
        if callable(self._key):
            value = yield self._key()
            return "api-key", _non_empty(value, "the api_key callable")
        return "api-key", self._key

    def __repr__(self) -> str:
        return "ApiKey(<redacted>)"


class StaticToken:
    """A fixed Entra ID bearer token (`azure_ad_token` / `AZURE_OPENAI_AD_TOKEN`); no refresh possible."""

    kind = "static Entra ID token"

    def __init__(self, token: str, what: str = "azure_ad_token") -> None:
        self._token = _non_empty(token, what)

    def flow(self) -> CredentialFlow:
        yield from ()
        return "Authorization", f"Bearer {self._token}"

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"


class TokenProvider:
    """`azure_ad_token_provider`: a sync or async callable returning a bearer token, asked per attempt.

    It is not cached here: `get_bearer_token_provider` already caches, and a
    provider the caller wrote may want to be asked every time.
    """

    kind = "Entra ID token provider"

    def __init__(self, provider: Callable[[], Any]) -> None:
        if not callable(provider):
            raise TypeError(
                f"azure_ad_token_provider must be a callable returning a token, got {type(provider).__name__}"
            )
        self._provider = provider

    def flow(self) -> CredentialFlow:
        token = yield self._provider()
        return "Authorization", f"Bearer {_non_empty(token, 'azure_ad_token_provider')}"

    def __repr__(self) -> str:
        return f"TokenProvider({getattr(self._provider, '__qualname__', 'callable')})"


class CredentialTokens:
    """An azure-core `TokenCredential` / `AsyncTokenCredential`, its token cached until near expiry."""

    kind = "Entra ID credential"

    def __init__(self, credential: Any, scope: str = DEFAULT_SCOPE) -> None:
        if not callable(getattr(credential, "get_token", None)):
            raise TypeError(
                "credential must be an azure.core.credentials.TokenCredential or AsyncTokenCredential "
                f"(an object with get_token(scope)), got {type(credential).__name__}"
            )
        self._credential = credential
        self.scope = scope
        self._token: str | None = None
        self._expires_on = 0.0

    def flow(self) -> CredentialFlow:
        if self._token is None or time.time() >= self._expires_on - REFRESH_MARGIN_SECONDS:
            access = yield self._credential.get_token(self.scope)
            self._token = _non_empty(getattr(access, "token", None), "credential.get_token()")
            self._expires_on = float(getattr(access, "expires_on", 0))
        return "Authorization", f"Bearer {self._token}"

    def __repr__(self) -> str:
        return f"CredentialTokens({type(self._credential).__name__}, scope={self.scope!r})"


def resolve_sync(flow: CredentialFlow) -> tuple[str, str]:
    """Drive a credential flow without an event loop; an awaitable here is a usage mistake."""
    value: Any = None
    try:
        while True:
            step = flow.send(value)
            if inspect.isawaitable(step):
                if inspect.iscoroutine(step):
                    step.close()  # never awaited: close it so Python does not warn later
                raise TypeError(
                    "the credential returned an awaitable, which the sync client cannot wait for: "
                    "use aoai.AsyncAzureOpenAI with async token providers and AsyncTokenCredential"
                )
            value = step
    except StopIteration as stop:
        result: tuple[str, str] = stop.value
        return result


async def resolve_async(flow: CredentialFlow) -> tuple[str, str]:
    """Drive a credential flow in an event loop, awaiting what the provider returns if needed."""
    value: Any = None
    try:
        while True:
            step = flow.send(value)
            value = (await step) if inspect.isawaitable(step) else step
    except StopIteration as stop:
        result: tuple[str, str] = stop.value
        return result


def same_origin(a: httpx2.URL, b: httpx2.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


class AzureAuth(httpx2.Auth):
    """Attach the credential header to requests for the endpoint's origin, and to nothing else."""

    def __init__(self, source: CredentialSource, endpoint: httpx2.URL) -> None:
        self.source = source
        self.endpoint = endpoint

    def _apply(self, request: httpx2.Request, header: tuple[str, str]) -> None:
        strip_credentials(request)
        if same_origin(request.url, self.endpoint):
            request.headers[header[0]] = header[1]

    def sync_auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        self._apply(request, resolve_sync(self.source.flow()))
        yield request

    async def async_auth_flow(
        self, request: httpx2.Request
    ) -> AsyncGenerator[httpx2.Request, httpx2.Response]:
        self._apply(request, await resolve_async(self.source.flow()))
        yield request

    def __repr__(self) -> str:
        return f"AzureAuth({self.source!r})"


def strip_credentials(request: httpx2.Request) -> None:
    for name in CREDENTIAL_HEADERS:
        request.headers.pop(name, None)


def credential_guard(endpoint: httpx2.URL) -> Callable[[httpx2.Request], None]:
    """A request hook that drops credentials from any hop (a redirect) leaving the endpoint's origin.

    httpx drops `Authorization` on a cross-origin redirect but keeps `api-key`; this drops both.
    """

    def guard(request: httpx2.Request) -> None:
        if not same_origin(request.url, endpoint):
            strip_credentials(request)

    return guard


def resolve_credential(
    *,
    api_key: Any = None,
    azure_ad_token: Any = None,
    azure_ad_token_provider: Any = None,
    credential: Any = None,
    scope: str = DEFAULT_SCOPE,
    environ: Mapping[str, str] | None = None,
) -> CredentialSource:
    """Pick exactly one credential: the explicit one, else one from the environment, else fail clearly."""
    env = os.environ if environ is None else environ
    given = {
        name: value
        for name, value in (
            ("api_key", api_key),
            ("azure_ad_token", azure_ad_token),
            ("azure_ad_token_provider", azure_ad_token_provider),
            ("credential", credential),
        )
        if value is not None
    }
    if len(given) > 1:
        raise ValueError(
            f"conflicting credentials: got {', '.join(sorted(given))}; pass exactly one of "
            "api_key, azure_ad_token, azure_ad_token_provider or credential"
        )
    if api_key is not None:
        return ApiKey(api_key)
    if azure_ad_token is not None:
        return StaticToken(azure_ad_token)
    if azure_ad_token_provider is not None:
        return TokenProvider(azure_ad_token_provider)
    if credential is not None:
        return CredentialTokens(credential, scope)
    env_key, env_token = env.get("AZURE_OPENAI_API_KEY"), env.get("AZURE_OPENAI_AD_TOKEN")
    if env_key and env_token:
        raise ValueError(
            "conflicting credentials in the environment: both AZURE_OPENAI_API_KEY and "
            "AZURE_OPENAI_AD_TOKEN are set; unset one or pass a credential explicitly"
        )
    if env_key:
        return ApiKey(env_key, "AZURE_OPENAI_API_KEY")
    if env_token:
        return StaticToken(env_token, "AZURE_OPENAI_AD_TOKEN")
    raise ValueError(
        "missing credentials: pass one of api_key, azure_ad_token, azure_ad_token_provider or "
        "credential, or set AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN"
    )
