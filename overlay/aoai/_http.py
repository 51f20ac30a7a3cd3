"""The httpx clients the generated code calls: every `send` retries, re-authenticates and raises typed errors.

`SyncHTTPClient` / `AsyncHTTPClient` subclass httpx's clients and override
`build_request` (to build each URL once) and `send`, the single funnel of `client.request(...)` (what generated operations
call) and `client.send(...)`. Each is a driver of the sans-IO `retry_flow`: it
performs the attempts and sleeps the flow asks for; each attempt goes through
httpx's own auth machinery, so the `AzureAuth` flow runs again per attempt.

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

from aoai._options import OPTIONS_KEY, RequestOptions
from aoai.errors import APIConnectionError, APITimeoutError, status_error_from_response
from aoai.ratelimits import RateLimitBook
from aoai.retries import Attempt, Flow, Outcome, retry_flow

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


def finish(outcome: Outcome, request: httpx2.Request) -> httpx2.Response:
    """Turn the last outcome into the caller's result: a response < 400, or a typed exception."""
    if isinstance(outcome, httpx2.TimeoutException):
        raise APITimeoutError(f"Request timed out ({type(outcome).__name__}).", request=request) from outcome
    if isinstance(outcome, httpx2.TransportError):
        raise APIConnectionError(
            f"Connection error ({type(outcome).__name__}: {outcome}).", request=request
        ) from outcome
    if outcome.status_code >= 400:
        raise status_error_from_response(outcome)
    return outcome


def _needs_body(response: httpx2.Response, stream: bool) -> bool:
    """Error bodies are always read (retry decisions and error messages need them)."""
    return not stream or response.status_code >= 400


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

    def __init__(self, *, max_retries: int, pacer: Pacer | None = None, **kwargs: Any) -> None:
        self._default_params: dict[str, Any] = dict(kwargs.pop("params", None) or {})
        self._urls: dict[tuple[str, tuple[tuple[str, Any], ...]], httpx2.URL] = {}
        super().__init__(**kwargs)
        use_response_cookies(self)  # type: ignore[arg-type]  # always mixed into an httpx client
        self.max_retries = max_retries
        self.pacer = pacer
        #: The last quota headers seen per deployment (`client.rate_limits(...)`).
        self.rate_limits = RateLimitBook()

    def _flow(self, request: httpx2.Request) -> Flow:
        """The call's retry flow, paced when the client has a pacer (without one: unchanged)."""
        flow = retry_flow(request, max_retries_for(request, self.max_retries))
        return flow if self.pacer is None else self.pacer.flow(request, flow)

    def _finish(self, outcome: Outcome, request: httpx2.Request) -> httpx2.Response:
        if isinstance(outcome, httpx2.Response):
            self.rate_limits.record(outcome)
        return finish(outcome, request)

    def build_request(
        self, method: str, url: httpx2.URL | str, *, params: Any = None, **kwargs: Any
    ) -> httpx2.Request:
        url, params = self._request_url(self, url, params)
        return super().build_request(method, url, params=params, **kwargs)  # type: ignore[misc]

    def _merged_url(
        self, client: httpx2.Client | httpx2.AsyncClient, url: str, params: Any
    ) -> httpx2.URL | None:
        if params is not None and not isinstance(params, dict):
            return None
        try:
            key = (url, tuple(params.items()) if params else ())
            return self._urls[key]
        except KeyError:
            pass
        except TypeError:  # a list value: unhashable, so not remembered
            return None
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
        return url, httpx2.QueryParams(self._default_params).merge(params)


class SyncHTTPClient(AzureHTTPMixin, httpx2.Client):
    """An `httpx2.Client` whose `send` is retrying, re-authenticating and error-mapping."""

    def _attempt(
        self, request: httpx2.Request, stream: bool, auth: AuthArg, redirects: RedirectArg
    ) -> Outcome:
        try:
            response = super().send(request, stream=True, auth=auth, follow_redirects=redirects)
        except httpx2.TransportError as exc:
            return exc
        if _needs_body(response, stream):
            try:
                response.read()
            except httpx2.TransportError as exc:
                response.close()
                return exc
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
                        outcome.close()
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
        except httpx2.TransportError as exc:
            return exc
        if _needs_body(response, stream):
            try:
                await response.aread()
            except httpx2.TransportError as exc:
                await response.aclose()
                return exc
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
        return _rewrap(self.client.send(request, stream=True, auth=None, follow_redirects=False))

    def close(self) -> None:
        self.client.close()


class AsyncClientTransport(httpx2.AsyncBaseTransport):
    """Use a caller's `httpx2.AsyncClient` as a transport: one hop, no redirects or auth of its own."""

    def __init__(self, client: httpx2.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return _rewrap(await self.client.send(request, stream=True, auth=None, follow_redirects=False))

    async def aclose(self) -> None:
        await self.client.aclose()
