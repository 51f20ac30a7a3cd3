"""The `httpx2.Auth` that attaches the credential, and the rule of where a credential may go.

Where the credential comes from is `aoai.credentials`; this module decides where it is sent:
only to the endpoint's origin (scheme, host, port), on every attempt, and on no redirect
that leaves it. The auth flow is sans-IO too (`_steps`): it yields `RESOLVE` ("get me the
credential header") or a request to send, and the two drivers (`sync_auth_flow`,
`async_auth_flow`) differ only in how they resolve. After a 401 the credential is asked
again (a cached token invalidated first); if that gives a different value, the request is
sent once more with it: an expired or revoked token is renewed without failing the call,
and a static key is not resent in vain.

A credential header the caller set (`api-key` / `Authorization` in `default_headers` or
`extra_headers`) is sent as is, as the official SDK does, and the client's own credential
of that name is then neither asked for nor added. It is still only sent to the endpoint.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any

import httpx2

from aoai.credentials import (
    DEFAULT_SCOPE,
    ApiKey,
    AzureKey,
    CredentialSource,
    CredentialTokens,
    StaticToken,
    TokenProvider,
    resolve_async,
    resolve_credential,
    resolve_sync,
)

__all__ = [
    "DEFAULT_SCOPE",
    "ApiKey",
    "AzureAuth",
    "AzureKey",
    "CredentialSource",
    "CredentialTokens",
    "StaticToken",
    "TokenProvider",
    "credential_guard",
    "mark_caller_credentials",
    "resolve_credential",
    "same_origin",
]

CREDENTIAL_HEADERS = ("api-key", "authorization")
#: `request.extensions` key: the credential headers the caller set themselves (lower-case names).
CALLER_CREDENTIALS = "aoai_caller_credentials"


class _Resolve:
    """Driver: resolve the source's credential and send back `(header name, value)`."""


RESOLVE = _Resolve()
Steps = Generator[_Resolve | httpx2.Request, Any, None]


def same_origin(a: httpx2.URL, b: httpx2.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


def mark_caller_credentials(request: httpx2.Request) -> None:
    """Note which credential headers a freshly built request carries: only the caller can have set them."""
    found = tuple(name for name in CREDENTIAL_HEADERS if name in request.headers)
    if found:
        request.extensions = {**request.extensions, CALLER_CREDENTIALS: found}


def strip_credentials(request: httpx2.Request, keep: tuple[str, ...] = ()) -> None:
    for name in CREDENTIAL_HEADERS:
        if name not in keep:
            request.headers.pop(name, None)


class AzureAuth(httpx2.Auth):
    """Attach the credential header to requests for the endpoint's origin, and to nothing else."""

    def __init__(self, source: CredentialSource, endpoint: httpx2.URL) -> None:
        self.source = source
        self.endpoint = endpoint

    def _steps(self, request: httpx2.Request) -> Steps:
        """The auth decisions, without I/O: see the module docstring."""
        if not same_origin(request.url, self.endpoint):
            strip_credentials(request)  # not even the caller's: this origin is not the endpoint
            yield request
            return
        caller: tuple[str, ...] = request.extensions.get(CALLER_CREDENTIALS, ())
        strip_credentials(request, keep=caller)  # drops the header of a previous attempt
        if self.source.header.lower() in caller:
            yield request
            return
        sent: tuple[str, str] = yield RESOLVE
        request.headers[sent[0]] = sent[1]
        response: httpx2.Response = yield request
        if response.status_code != 401:
            return
        self.source.invalidate(sent[1])
        fresh: tuple[str, str] = yield RESOLVE
        if fresh != sent:
            request.headers[fresh[0]] = fresh[1]
            yield request

    def sync_auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        steps = self._steps(request)
        value: Any = None
        while True:
            try:
                step = steps.send(value)
            except StopIteration:
                return
            if step is RESOLVE:
                value = resolve_sync(self.source)
            else:
                assert isinstance(step, httpx2.Request)
                value = yield step

    async def async_auth_flow(
        self, request: httpx2.Request
    ) -> AsyncGenerator[httpx2.Request, httpx2.Response]:
        steps = self._steps(request)
        value: Any = None
        while True:
            try:
                step = steps.send(value)
            except StopIteration:
                return
            if step is RESOLVE:
                value = await resolve_async(self.source)
            else:
                assert isinstance(step, httpx2.Request)
                value = yield step

    def __repr__(self) -> str:
        return f"AzureAuth({self.source!r})"


def credential_guard(endpoint: httpx2.URL) -> Callable[[httpx2.Request], None]:
    """A request hook that drops credentials from any hop (a redirect) leaving the endpoint's origin.

    httpx drops `Authorization` on a cross-origin redirect but keeps `api-key`; this drops both.
    """

    def guard(request: httpx2.Request) -> None:
        if not same_origin(request.url, endpoint):
            strip_credentials(request)

    return guard
