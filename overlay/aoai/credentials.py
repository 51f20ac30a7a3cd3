"""Credentials: where the key or token for one attempt comes from.

Every attempt, retries included, asks again, so a key callable or token provider is asked
once per attempt, a rotated `AzureKeyCredential` is seen by the next attempt, and a cached
Entra token is renewed between attempts. Each credential kind is a small generator (`flow`),
sans-IO: it yields what it needs done and receives the result back —

- `Call(fn, args)`: call the caller's provider. The sync driver calls it and refuses an
  awaitable with a clear message; the async driver awaits an async one and runs a sync one
  in a worker thread, so a blocking `get_token` never stalls the event loop;
- `SINGLE_FLIGHT`: hold this source's lock until the flow returns. A cached token is checked
  again under the lock, so N concurrent first calls (threads, or tasks) fetch it once.

One implementation per kind, two drivers (`resolve_sync`, `resolve_async`): the shape of
httpx's own `Auth`. Nothing here imports azure-identity or azure-core: credentials are used
through `get_token(scope)` and `.key`, so importing `aoai` stays cheap.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aoai._headers import check_value

#: The Entra ID scope of Azure AI services (Azure OpenAI included).
DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default"
#: Renew a cached credential token this long before it expires.
REFRESH_MARGIN_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Call:
    """Driver: call `fn(*args)` (a provider of the caller's) and send back what it returns."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()


class _SingleFlight:
    """Driver: hold the source's lock (`thread_lock` or `async_lock`) until the flow returns."""


SINGLE_FLIGHT = _SingleFlight()

# What a credential flow yields, receives back, and returns: (header name, header value).
CredentialFlow = Generator[Call | _SingleFlight, Any, tuple[str, str]]


class CredentialSource(Protocol):
    """One way of obtaining the credential header; `kind` is safe to show (never the secret)."""

    kind: str
    header: str

    def flow(self) -> CredentialFlow: ...

    def invalidate(self, value: str) -> None:
        """The service refused `value` (a 401): a cached credential is not to be used again."""


def _non_empty(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{what} must give a non-empty string, got {type(value).__name__}")
    # Never echo the value: it is a secret. A trailing newline or space from a key file is the usual cause.
    check_value(what, value)
    return value


def is_key_credential(value: Any) -> bool:
    """An `azure.core.credentials.AzureKeyCredential` (or its shape): `.key`, `.update()`, no `get_token`."""
    return isinstance(getattr(value, "key", None), str) and callable(getattr(value, "update", None))


class _Source:
    """Defaults: nothing cached, so nothing to invalidate."""

    kind = ""
    header = ""

    def invalidate(self, value: str) -> None:
        pass


class ApiKey(_Source):
    """`api-key` header from a string or from a callable asked on every attempt (key rotation)."""

    kind = "api key"
    header = "api-key"

    def __init__(self, key: str | Callable[[], Any], what: str = "api_key") -> None:
        if not callable(key):
            _non_empty(key, what)
        self._key = key

    def flow(self) -> CredentialFlow:
        if callable(self._key):
            value = yield Call(self._key)
            return "api-key", _non_empty(value, "the api_key callable")
        return "api-key", self._key

    def __repr__(self) -> str:
        return "ApiKey(<redacted>)"


class AzureKey(_Source):
    """`api-key` from an azure-core `AzureKeyCredential`, read on every attempt (`.update()` rotates it)."""

    kind = "Azure key credential"
    header = "api-key"

    def __init__(self, credential: Any) -> None:
        self._credential = credential

    def flow(self) -> CredentialFlow:
        yield from ()
        return "api-key", _non_empty(self._credential.key, "the AzureKeyCredential's key")

    def __repr__(self) -> str:
        return f"AzureKey({type(self._credential).__name__}(<redacted>))"


class StaticToken(_Source):
    """A fixed Entra ID bearer token (`azure_ad_token` / `AZURE_OPENAI_AD_TOKEN`); no refresh possible."""

    kind = "static Entra ID token"
    header = "Authorization"

    def __init__(self, token: str, what: str = "azure_ad_token") -> None:
        self._token = _non_empty(token, what)

    def flow(self) -> CredentialFlow:
        yield from ()
        return "Authorization", f"Bearer {self._token}"

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"


class TokenProvider(_Source):
    """`azure_ad_token_provider`: a sync or async callable returning a bearer token, asked per attempt.

    It is not cached here: `get_bearer_token_provider` already caches, and a
    provider the caller wrote may want to be asked every time.
    """

    kind = "Entra ID token provider"
    header = "Authorization"

    def __init__(self, provider: Callable[[], Any]) -> None:
        if not callable(provider):
            raise TypeError(
                f"azure_ad_token_provider must be a callable returning a token, got {type(provider).__name__}"
            )
        self._provider = provider

    def flow(self) -> CredentialFlow:
        token = yield Call(self._provider)
        return "Authorization", f"Bearer {_non_empty(token, 'azure_ad_token_provider')}"

    def __repr__(self) -> str:
        return f"TokenProvider({getattr(self._provider, '__qualname__', 'callable')})"


class CredentialTokens(_Source):
    """An azure-core `TokenCredential` / `AsyncTokenCredential`, its token cached until near expiry."""

    kind = "Entra ID credential"
    header = "Authorization"

    def __init__(self, credential: Any, scope: str = DEFAULT_SCOPE) -> None:
        if not callable(getattr(credential, "get_token", None)):
            raise TypeError(
                "credential must be an azure.core.credentials.TokenCredential or AsyncTokenCredential "
                f"(an object with get_token(scope)) or an AzureKeyCredential, got {type(credential).__name__}"
            )
        self._credential = credential
        self.scope = scope
        self._token: str | None = None
        self._expires_on = 0.0
        self.thread_lock = threading.Lock()
        self.async_lock: Any = None  # an anyio.Lock, made by the async driver in its event loop

    def _fresh(self) -> str | None:
        if self._token is not None and time.time() < self._expires_on - REFRESH_MARGIN_SECONDS:
            return self._token
        return None

    def flow(self) -> CredentialFlow:
        token = self._fresh()
        if token is None:
            yield SINGLE_FLIGHT
            token = self._fresh()  # another caller may have fetched it while we waited
            if token is None:
                access = yield Call(self._credential.get_token, (self.scope,))
                token = _non_empty(getattr(access, "token", None), "credential.get_token()")
                self._token, self._expires_on = token, float(getattr(access, "expires_on", 0))
        return "Authorization", f"Bearer {token}"

    def invalidate(self, value: str) -> None:
        if self._token is not None and value == f"Bearer {self._token}":
            self._token = None

    def __repr__(self) -> str:
        return f"CredentialTokens({type(self._credential).__name__}, scope={self.scope!r})"


def resolve_sync(source: CredentialSource) -> tuple[str, str]:
    """Drive a credential flow without an event loop; an awaitable here is a usage mistake."""
    flow = source.flow()
    lock: Any = None
    value: Any = None
    try:
        while True:
            step = flow.send(value)
            value = None
            if step is SINGLE_FLIGHT:
                lock = source.thread_lock  # type: ignore[attr-defined]
                lock.acquire()
                continue
            assert isinstance(step, Call)
            value = step.fn(*step.args)
            if inspect.isawaitable(value):
                if inspect.iscoroutine(value):
                    value.close()  # never awaited: close it so Python does not warn later
                raise TypeError(
                    "the credential returned an awaitable, which the sync client cannot wait for: "
                    "use aoai.AsyncAzureOpenAI with async token providers and AsyncTokenCredential"
                )
    except StopIteration as stop:
        result: tuple[str, str] = stop.value
        return result
    finally:
        if lock is not None:
            lock.release()


def _is_async(fn: Any) -> bool:
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))  # noqa: B004


async def resolve_async(source: CredentialSource) -> tuple[str, str]:
    """Drive a credential flow in an event loop: async providers awaited, sync ones in a worker thread."""
    import anyio  # loaded by httpx2's async transport already; keeps `import aoai` lean

    flow = source.flow()
    lock: Any = None
    value: Any = None
    try:
        while True:
            step = flow.send(value)
            value = None
            if step is SINGLE_FLIGHT:
                if source.async_lock is None:  # type: ignore[attr-defined]
                    source.async_lock = anyio.Lock()  # type: ignore[attr-defined]
                lock = source.async_lock  # type: ignore[attr-defined]
                await lock.acquire()
                continue
            assert isinstance(step, Call)
            if _is_async(step.fn):
                value = await step.fn(*step.args)
            else:
                value = await anyio.to_thread.run_sync(functools.partial(step.fn, *step.args))
                if inspect.isawaitable(value):  # a sync callable handing back a coroutine
                    value = await value
    except StopIteration as stop:
        result: tuple[str, str] = stop.value
        return result
    finally:
        if lock is not None:
            lock.release()


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
    for value in (api_key, credential):
        if value is not None and is_key_credential(value) and not hasattr(value, "get_token"):
            return AzureKey(value)
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
