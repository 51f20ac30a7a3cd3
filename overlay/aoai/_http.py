"""The httpx clients the generated code calls: every `send` retries, re-authenticates and raises typed errors.

`SyncHTTPClient` / `AsyncHTTPClient` subclass httpx's clients and override
`build_request` (to build each URL once) and `send`, the single funnel of `client.request(...)` (what generated operations
call) and `client.send(...)`. Each is a driver of the sans-IO `retry_flow`: it
performs the attempts and sleeps the flow asks for; each attempt goes through
httpx's own auth machinery, so the `AzureAuth` flow runs again per attempt.

Because every call path (facade, `operations`, `generated_client`, `http_client`)
builds and sends here, the request checks live here too: header values (`_headers`),
path segments (`_paths`), which credential headers the caller set (`auth`), and
whether the client, or the owner of the pool it shares, was closed. What the last
attempt ended with becomes the caller's result or typed error in `_outcomes`.

A user's own httpx client (`http_client=`) is wrapped as the *transport* of
ours, so its proxies, TLS and pool are used while retries, auth, redirects and
error mapping stay here.
"""

from __future__ import annotations

from time import sleep  # module-level so tests can observe waits without sleeping
from typing import TYPE_CHECKING, Any

import httpx2
from httpx2 import USE_CLIENT_DEFAULT
from httpx2._client import UseClientDefault  # the type of USE_CLIENT_DEFAULT; httpx exports only the value

from aoai._headers import check_headers
from aoai._options import DEFAULT_MAX_RETRY_AFTER, OPTIONS_KEY, RequestOptions
from aoai._outcomes import finish, library_error
from aoai._paths import check_relative_path
from aoai.auth import mark_caller_credentials
from aoai.errors import ClientClosedError
from aoai.ratelimits import RateLimitBook
from aoai.retries import Attempt, Flow, Outcome, UnreadableBody, retry_flow

if TYPE_CHECKING:
    from aoai.pacing import Pacer

AuthArg = httpx2._types.AuthTypes | UseClientDefault | None
RedirectArg = bool | UseClientDefault

#: The official SDK's pool, kept on numbers (bench/README.md, "The pool"): HTTP/1.1 carries one
#: call per connection, so 1,000 connections let a 1,000-way job keep its calls in flight when
#: answers take seconds; smaller pools win only where answers are instant (loopback). Kept
#: alive: 100, since httpcore2 probes every idle connection's socket on each request.
DEFAULT_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)


def max_retries_for(request: httpx2.Request, default: int) -> int:
    options = request.extensions.get(OPTIONS_KEY)
    if isinstance(options, RequestOptions) and isinstance(options.max_retries, int):
        return options.max_retries
    return default


def _needs_body(response: httpx2.Response, stream: bool) -> bool:
    """Error bodies are always read (retry decisions and error messages need them)."""
    return not stream or response.status_code >= 400


def _sent(exc: Exception) -> Outcome:
    """What a failed `send` means for the retry flow: an httpx2 error, or a library's mapped to one."""
    if isinstance(exc, httpx2.HTTPError):
        return exc
    mapped = library_error(exc)
    if mapped is None:
        raise exc  # ours (a ValueError from a credential check) or the caller's: not a transport failure
    return mapped


def _read_failed(response: httpx2.Response, exc: Exception) -> Outcome:
    """A body that breaks off is a transport failure; one that arrived but does not decode is not."""
    if isinstance(exc, httpx2.DecodingError):
        return UnreadableBody(response, exc)
    return _sent(exc)


class SharedPool:
    """The transport (and proxy mounts) that a client and its `with_options` siblings share.

    `closed` is set when the owner closes it: every sibling then raises `ClientClosedError`
    instead of quietly opening new connections in a pool its owner has shut.
    """

    def __init__(self, transport: Any, mounts: dict[str, Any] | None = None) -> None:
        self.transport = transport
        self.mounts = dict(mounts or {})
        self.closed = False


class ResponseCookies(httpx2.Cookies):
    """httpx's cookie jar, minus the work when a response sets no cookie.

    httpx wraps every response and request for `http.cookiejar` even when there is
    no `Set-Cookie` header (a sixth of a small call's client time); the jar's result
    is the same either way, so skip it then. Cookies that are set still persist.
    """

    def extract_cookies(self, response: httpx2.Response) -> None:
        if "set-cookie" in response.headers or "set-cookie2" in response.headers:
            super().extract_cookies(response)


def use_response_cookies(client: httpx2.Client | httpx2.AsyncClient) -> None:
    # The `cookies` setter would re-wrap the jar in a plain httpx2.Cookies, so set the attribute it reads.
    client._cookies = ResponseCookies(client.cookies)


class AzureHTTPMixin:
    """What the sync and async clients share: setup, and each distinct request URL built once.

    httpx parses and re-joins base URL, path and query on every `build_request`
    (about a quarter of a small call's client time); a client sends to few distinct
    (path, query) pairs, so the merged `httpx2.URL` is remembered. The client-level
    query (`api-version`, `default_query`) is kept here rather than in httpx's own
    `params`, or httpx would merge it into the finished URL again on every call.
    """

    MAX_URLS = 512

    def __init__(
        self,
        *,
        max_retries: int,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        pool: SharedPool | None = None,
        pacer: Pacer | None = None,
        **kwargs: Any,
    ) -> None:
        if pool is None:
            pool = SharedPool(kwargs.pop("transport", None), kwargs.pop("mounts", None))
        self._default_params: dict[str, Any] = dict(kwargs.pop("params", None) or {})
        self._urls: dict[tuple[str, tuple[tuple[str, type, Any], ...]], httpx2.URL] = {}
        super().__init__(transport=pool.transport, mounts=pool.mounts, **kwargs)  # type: ignore[call-arg]
        use_response_cookies(self)  # type: ignore[arg-type]  # always mixed into an httpx client
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.pool = pool
        self.marked_closed = False
        self.pacer = pacer
        #: The last quota headers seen per deployment (`client.rate_limits(...)`).
        self.rate_limits = RateLimitBook()

    def check_open(self) -> None:
        if self.marked_closed or self.pool.closed:
            raise ClientClosedError(
                "this client was closed, or the client whose connection pool it shares "
                "(with_options) was: create a new client"
            )

    def _flow(self, request: httpx2.Request) -> Flow:
        """The call's retry flow, paced when the client has a pacer (without one: unchanged)."""
        self.check_open()
        flow = retry_flow(
            request, max_retries_for(request, self.max_retries), max_retry_after=self.max_retry_after
        )
        return flow if self.pacer is None else self.pacer.flow(request, flow)

    def _finish(self, outcome: Outcome, request: httpx2.Request) -> httpx2.Response:
        if isinstance(outcome, httpx2.Response):
            self.rate_limits.record(outcome)
        return finish(outcome, request)

    def build_request(
        self, method: str, url: httpx2.URL | str, *, params: Any = None, **kwargs: Any
    ) -> httpx2.Request:
        check_headers(kwargs.get("headers"))  # every call path: facade, generated code, http_client
        url, params = self._request_url(self, url, params)
        request: httpx2.Request = super().build_request(method, url, params=params, **kwargs)  # type: ignore[misc]
        mark_caller_credentials(request)
        return request

    def _merged_url(
        self, client: httpx2.Client | httpx2.AsyncClient, url: str, params: Any
    ) -> httpx2.URL | None:
        if params is not None and not isinstance(params, dict):
            return None
        try:
            # The value's type is part of the key: True == 1 == 1.0, but they are sent as true, 1, 1.0.
            key = (url, tuple((k, type(v), v) for k, v in params.items()) if params else ())
            return self._urls[key]
        except KeyError:
            pass
        except TypeError:  # a list value: unhashable, so not remembered
            return None
        check_relative_path(url)  # only on a miss: a remembered URL passed the check already
        merged = client._merge_url(url).copy_merge_params({**self._default_params, **(params or {})})
        if len(self._urls) >= self.MAX_URLS:
            self._urls.clear()
        self._urls[key] = merged
        return merged

    def _request_url(self, client: Any, url: httpx2.URL | str, params: Any) -> tuple[httpx2.URL | str, Any]:
        """The (url, params) to hand httpx: a remembered absolute URL, or the merged query for it to join."""
        if isinstance(url, str):
            merged = self._merged_url(client, url, params)
            if merged is not None:
                return merged, None
            check_relative_path(url)
        return url, httpx2.QueryParams(self._default_params).merge(params)


class SyncHTTPClient(AzureHTTPMixin, httpx2.Client):
    """An `httpx2.Client` whose `send` is retrying, re-authenticating and error-mapping."""

    def _attempt(
        self, request: httpx2.Request, stream: bool, auth: AuthArg, redirects: RedirectArg
    ) -> Outcome:
        try:
            response = super().send(request, stream=True, auth=auth, follow_redirects=redirects)
        except Exception as exc:
            return _sent(exc)
        if _needs_body(response, stream):
            try:
                response.read()
            except Exception as exc:
                response.close()
                return _read_failed(response, exc)
        return response

    def send(
        self,
        request: httpx2.Request,
        *,
        stream: bool = False,
        auth: AuthArg = USE_CLIENT_DEFAULT,
        follow_redirects: RedirectArg = USE_CLIENT_DEFAULT,
    ) -> httpx2.Response:
        flow = self._flow(request)
        outcome: Outcome | None = None
        try:
            step = next(flow)
            while True:
                if isinstance(step, Attempt):
                    outcome = self._attempt(request, stream, auth, follow_redirects)
                    step = flow.send(outcome)
                else:
                    if isinstance(outcome, httpx2.Response):
                        outcome.close()  # read already; closing returns its connection
                    sleep(step.seconds)
                    step = next(flow)
        except StopIteration as stop:
            return self._finish(stop.value, request)
        finally:
            flow.close()  # an interrupted flow releases what it holds (a pacer's place in line)


class AsyncHTTPClient(AzureHTTPMixin, httpx2.AsyncClient):
    """An `httpx2.AsyncClient` whose `send` is retrying, re-authenticating and error-mapping."""

    async def _attempt(
        self, request: httpx2.Request, stream: bool, auth: AuthArg, redirects: RedirectArg
    ) -> Outcome:
        try:
            response = await super().send(request, stream=True, auth=auth, follow_redirects=redirects)
        except Exception as exc:
            return _sent(exc)
        if _needs_body(response, stream):
            try:
                await response.aread()
            except Exception as exc:
                await response.aclose()
                return _read_failed(response, exc)
        return response

    async def send(
        self,
        request: httpx2.Request,
        *,
        stream: bool = False,
        auth: AuthArg = USE_CLIENT_DEFAULT,
        follow_redirects: RedirectArg = USE_CLIENT_DEFAULT,
    ) -> httpx2.Response:
        import anyio  # already loaded by httpx's async transport; keeps `import aoai` lean

        flow = self._flow(request)
        outcome: Outcome | None = None
        try:
            step = next(flow)
            while True:
                if isinstance(step, Attempt):
                    outcome = await self._attempt(request, stream, auth, follow_redirects)
                    step = flow.send(outcome)
                else:
                    if isinstance(outcome, httpx2.Response):
                        await outcome.aclose()
                    await anyio.sleep(step.seconds)
                    step = next(flow)
        except StopIteration as stop:
            return self._finish(stop.value, request)
        finally:
            flow.close()  # an interrupted flow releases what it holds (a pacer's place in line)


def _rewrap(response: httpx2.Response) -> httpx2.Response:
    return httpx2.Response(
        response.status_code, headers=response.headers, stream=response.stream, extensions=response.extensions
    )


class ClientTransport(httpx2.BaseTransport):
    """Use a caller's `httpx2.Client` as a transport: one hop, no redirects or auth of its own."""

    def __init__(self, client: httpx2.Client) -> None:
        self.client = client

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if self.client.is_closed:
            raise ClientClosedError("the http_client this client was given has been closed")
        return _rewrap(self.client.send(request, stream=True, auth=None, follow_redirects=False))

    def close(self) -> None:
        self.client.close()


class AsyncClientTransport(httpx2.AsyncBaseTransport):
    """Use a caller's `httpx2.AsyncClient` as a transport: one hop, no redirects or auth of its own."""

    def __init__(self, client: httpx2.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if self.client.is_closed:
            raise ClientClosedError("the http_client this client was given has been closed")
        return _rewrap(await self.client.send(request, stream=True, auth=None, follow_redirects=False))

    async def aclose(self) -> None:
        await self.client.aclose()
