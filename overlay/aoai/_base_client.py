"""The client core: configuration, the generated-package seam and `_send`, for sync and async alike.

`ClientCore` resolves everything once at construction (endpoint, api-version,
exactly one credential, retries, timeout) so mistakes surface before the first
call, then owns one httpx client of ours (`_http.py`) whose `send` carries auth,
retries and error mapping. The generated operations are handed that same httpx
client (`generated_client`), which is how every generated operation, with or
without a facade method, gets the same behaviour. `SyncAPIClient` and
`AsyncAPIClient` only add what differs: which httpx class, and awaiting.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx2

from aoai._endpoint import check_endpoint, shown_url, wrong_http_client
from aoai._headers import check_headers
from aoai._http import (
    DEFAULT_LIMITS,
    AsyncClientTransport,
    AsyncHTTPClient,
    ClientTransport,
    SharedPool,
    SyncHTTPClient,
)
from aoai._options import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    OPTIONS_KEY,
    NotGiven,
    RequestOptions,
    check_max_retries,
    check_max_retry_after,
    coerce_timeout,
    merge_extra_body,
)
from aoai._route import Route, route_for
from aoai._siblings import sibling_kwargs
from aoai._transports import build_transports
from aoai._version import __version__
from aoai.auth import DEFAULT_SCOPE, AzureAuth, CredentialSource, credential_guard, resolve_credential
from aoai.deployments import check_deployment_name, deployment_segment
from aoai.ratelimits import RateLimits
from aoai.versions import check_api_version, load_package

if TYPE_CHECKING:
    from aoai.pacing import Pacer

Self = TypeVar("Self", bound="ClientCore")

#: httpx's own default timeout: a caller's http_client that still has it did not choose a timeout.
_HTTPX_DEFAULT_TIMEOUT = httpx2.Timeout(5.0)


def _pacer(pacing: object) -> Pacer | None:
    """`pacing=True` -> a pacer of this client's own; a `Pacer` is shared; False/None -> none."""
    if pacing is None or pacing is False:
        return None
    from aoai.pacing import Pacer  # only clients that pace pay for importing it

    if pacing is True:
        return Pacer()
    if isinstance(pacing, Pacer):
        return pacing
    raise TypeError(f"pacing must be True, False or an aoai.pacing.Pacer, got {type(pacing).__name__}")


class ClientCore:
    """What the sync and async clients share; see the module docstring."""

    _http: SyncHTTPClient | AsyncHTTPClient

    def __init__(
        self,
        *,
        azure_endpoint: str | None = None,
        api_version: str | None = None,
        azure_deployment: str | None = None,
        api_key: Any = None,
        azure_ad_token: str | None = None,
        azure_ad_token_provider: Any = None,
        credential: Any = None,
        credential_scope: str = DEFAULT_SCOPE,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        timeout: float | httpx2.Timeout | NotGiven | None = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, Any] | None = None,
        http_client: httpx2.Client | httpx2.AsyncClient | None = None,
        pacing: bool | Pacer = False,
        _credential_source: CredentialSource | None = None,
        _pool: SharedPool | None = None,
        _default_body: Mapping[str, Any] | None = None,
    ) -> None:
        self._endpoint = check_endpoint(
            azure_endpoint if azure_endpoint is not None else os.environ.get("AZURE_OPENAI_ENDPOINT")
        )
        self._api_version = check_api_version(api_version or os.environ.get("OPENAI_API_VERSION"))
        self._route = route_for(self._api_version)
        if azure_deployment is not None:
            check_deployment_name(azure_deployment)
        self._azure_deployment = azure_deployment
        explicit = (api_key, azure_ad_token, azure_ad_token_provider, credential)
        if _credential_source is not None and all(value is None for value in explicit):
            self._credential = _credential_source
        else:
            self._credential = resolve_credential(
                api_key=api_key,
                azure_ad_token=azure_ad_token,
                azure_ad_token_provider=azure_ad_token_provider,
                credential=credential,
                scope=credential_scope,
            )
        self._check_credential(self._credential, (azure_ad_token_provider, credential, api_key))
        self._credential_scope = credential_scope
        self._max_retries = check_max_retries(max_retries)
        self._max_retry_after = check_max_retry_after(max_retry_after)
        if isinstance(timeout, NotGiven):
            ours = http_client if isinstance(http_client, (httpx2.Client, httpx2.AsyncClient)) else None
            chosen = ours.timeout if ours is not None else _HTTPX_DEFAULT_TIMEOUT  # others are refused below
            timeout = chosen if chosen != _HTTPX_DEFAULT_TIMEOUT else DEFAULT_TIMEOUT
        self._timeout = coerce_timeout(timeout)
        self._default_headers = dict(default_headers or {})
        check_headers(self._default_headers)
        self._default_query = dict(default_query or {})
        self._default_body = dict(_default_body or {})
        self._pacer = _pacer(pacing)
        self._owns_pool = _pool is None
        self._pool = self._new_pool(http_client) if _pool is None else _pool
        base_url = httpx2.URL(self._route.base_url(self._endpoint))
        self._http = self._new_http(
            base_url=base_url,
            auth=AzureAuth(self._credential, base_url),
            params={**self._route.query, **self._default_query},
            headers={"User-Agent": f"aoai-python/{__version__}", **self._default_headers},
            timeout=self._timeout,
            follow_redirects=True,
            pool=self._pool,
            max_retries=self._max_retries,
            pacer=self._pacer,
            max_retry_after=self._max_retry_after,
        )
        self._generated_client: Any = None

    # -- what differs between sync and async -------------------------------------------
    def _new_pool(self, http_client: Any) -> SharedPool:
        raise NotImplementedError

    def _new_http(self, **kwargs: Any) -> Any:
        raise NotImplementedError

    def _check_credential(self, source: CredentialSource, given: tuple[Any, ...]) -> None:
        """The sync client refuses async providers here, at construction, not at the first call."""

    def _wire_generated(self, client: Any) -> Any:
        raise NotImplementedError

    # -- configuration, read-only ---------------------------------------------------------
    @property
    def api_version(self) -> str:
        return self._api_version

    @property
    def azure_endpoint(self) -> str:
        return self._endpoint

    @property
    def route(self) -> Route:
        """Where this api-version's requests go (server path, api-version query), from its document."""
        return self._route

    @property
    def azure_deployment(self) -> str | None:
        return self._azure_deployment

    @property
    def max_retries(self) -> int:
        return self._max_retries

    @property
    def max_retry_after(self) -> float:
        """The longest server `retry-after` hint (seconds) that is waited for; a longer one fails fast."""
        return self._max_retry_after

    @property
    def timeout(self) -> httpx2.Timeout:
        return self._timeout

    @property
    def pacer(self) -> Pacer | None:
        """The client-side pacer (`pacing=`), or None when calls are not paced."""
        return self._pacer

    def rate_limits(self, deployment: str | None = None) -> RateLimits | None:
        """The quota headers of the last reply from `deployment` (default: the client's
        `azure_deployment`), parsed; None when no reply from it carried any."""
        return self._http.rate_limits.get(deployment if deployment is not None else self._azure_deployment)

    @property
    def http_client(self) -> httpx2.Client | httpx2.AsyncClient:
        """Our httpx client (retrying, authenticating): usable directly with URLs relative to the
        route model's base (`{endpoint}/openai/` on dated versions, `{endpoint}/openai/v1/` on v1)."""
        return self._http

    # -- the generated code ----------------------------------------------------------------
    @property
    def generated(self) -> ModuleType:
        """The generated package for this api-version, imported on first use."""
        return load_package(self._api_version)

    @property
    def generated_client(self) -> Any:
        """The generated `Client`, wired to our httpx client: any generated operation accepts it."""
        if self._generated_client is None:
            client = self.generated.Client(base_url=self._endpoint + self._route.server_path)
            self._generated_client = self._wire_generated(client)
        return self._generated_client

    def deployment_name(self, model: str | None = None) -> str:
        """The checked deployment name, unencoded (generated `_get_kwargs` encodes it itself)."""
        name = model if model is not None else self._azure_deployment
        if name is None:
            raise ValueError(
                "no deployment given: pass model='<deployment name>' or construct the client "
                "with azure_deployment='<deployment name>'"
            )
        return check_deployment_name(name)

    def deployment_path(self, model: str | None = None) -> str:
        """The deployment name as one checked, percent-encoded path segment (for hand-built URLs)."""
        return deployment_segment(self.deployment_name(model))

    # -- requests -------------------------------------------------------------------------
    def _build_request(
        self, request_kwargs: Mapping[str, Any], options: RequestOptions | None
    ) -> httpx2.Request:
        """Merge per-call options into what a generated `_get_kwargs` returned, and build the request."""
        opts = options or RequestOptions()
        kwargs = dict(request_kwargs)
        method = kwargs.pop("method")
        url = kwargs.pop("url")
        headers = {**(kwargs.pop("headers", None) or {}), **opts.extra_headers}
        params = {**(kwargs.pop("params", None) or {}), **opts.extra_query}
        extra_body = {**self._default_body, **opts.extra_body}
        if extra_body:
            merge_extra_body(kwargs, extra_body)
        timeout = opts.timeout if isinstance(opts.timeout, httpx2.Timeout) else self._timeout
        return self._http.build_request(
            method,
            url,
            headers=headers,
            params=params,
            timeout=timeout,
            extensions={OPTIONS_KEY: opts},
            **kwargs,
        )

    def with_options(self: Self, **changes: Any) -> Self:
        """A sibling client with some settings changed, sharing this client's connection pool.

        Accepts the constructor's settings (`api_key`, `azure_ad_token`, `azure_ad_token_provider`,
        `credential`, `credential_scope`, `api_version`, `azure_deployment`, `max_retries`,
        `max_retry_after`, `timeout`, `pacing`, `default_headers`, `default_query`) and the per-call ones
        (`extra_headers`, `extra_query`, `extra_body`), which then apply to every call of the
        sibling. Closing the sibling closes only the sibling: the shared pool belongs to the
        client that created it, and when that one is closed, every sibling is closed too
        (calls raise `ClientClosedError`).
        """
        return type(self)(**sibling_kwargs(self, dict(changes)))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(azure_endpoint={shown_url(self._endpoint)!r}, api_version={self._api_version!r}, "
            f"azure_deployment={self._azure_deployment!r}, auth={self._credential.kind!r}, "
            f"max_retries={self._max_retries})"
        )

    __str__ = __repr__


class SyncAPIClient(ClientCore):
    """The synchronous core of `aoai.AzureOpenAI`."""

    _http: SyncHTTPClient

    def _new_pool(self, http_client: Any) -> SharedPool:
        if http_client is None:
            return SharedPool(*build_transports(DEFAULT_LIMITS, asynchronous=False))
        if not isinstance(http_client, httpx2.Client):
            raise wrong_http_client(http_client, "httpx2.Client")
        return SharedPool(ClientTransport(http_client))

    def _new_http(self, **kwargs: Any) -> SyncHTTPClient:
        guard = credential_guard(kwargs["base_url"])
        return SyncHTTPClient(event_hooks={"request": [guard]}, **kwargs)

    def _check_credential(self, source: CredentialSource, given: tuple[Any, ...]) -> None:
        for value in given:
            call = getattr(value, "get_token", value)
            if callable(call) and inspect.iscoroutinefunction(call):
                raise TypeError(
                    f"the {source.kind} is async, which the sync client cannot await: "
                    "use aoai.AsyncAzureOpenAI, or pass a sync provider / TokenCredential"
                )

    def _wire_generated(self, client: Any) -> Any:
        return client.set_httpx_client(self._http)

    def _send(
        self,
        request_kwargs: Mapping[str, Any],
        *,
        options: RequestOptions | None = None,
        stream: bool = False,
    ) -> httpx2.Response:
        """Send what a generated `_get_kwargs` built; raises the typed error on >= 400.

        With `stream=True` a successful body is left unread and the caller must close it.
        """
        return self._http.send(self._build_request(request_kwargs, options), stream=stream)

    def close(self) -> None:
        """Close this client; the client that created the pool also closes it (and so every sibling)."""
        self._http.marked_closed = True
        if self._owns_pool:
            self._pool.closed = True
            self._http.close()

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncAPIClient(ClientCore):
    """The asynchronous core of `aoai.AsyncAzureOpenAI`."""

    _http: AsyncHTTPClient

    def _new_pool(self, http_client: Any) -> SharedPool:
        if http_client is None:
            return SharedPool(*build_transports(DEFAULT_LIMITS, asynchronous=True))
        if not isinstance(http_client, httpx2.AsyncClient):
            raise wrong_http_client(http_client, "httpx2.AsyncClient")
        return SharedPool(AsyncClientTransport(http_client))

    def _new_http(self, **kwargs: Any) -> AsyncHTTPClient:
        guard = credential_guard(kwargs["base_url"])

        async def async_guard(request: httpx2.Request) -> None:
            guard(request)

        return AsyncHTTPClient(event_hooks={"request": [async_guard]}, **kwargs)

    def _wire_generated(self, client: Any) -> Any:
        return client.set_async_httpx_client(self._http)

    async def _send(
        self,
        request_kwargs: Mapping[str, Any],
        *,
        options: RequestOptions | None = None,
        stream: bool = False,
    ) -> httpx2.Response:
        """Send what a generated `_get_kwargs` built; raises the typed error on >= 400.

        With `stream=True` a successful body is left unread and the caller must close it.
        """
        return await self._http.send(self._build_request(request_kwargs, options), stream=stream)

    async def aclose(self) -> None:
        """Close this client; the client that created the pool also closes it (and so every sibling)."""
        self._http.marked_closed = True
        if self._owns_pool:
            self._pool.closed = True
            await self._http.aclose()

    close = aclose

    async def __aenter__(self: Self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
