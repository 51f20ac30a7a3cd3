"""The exceptions `aoai` raises, and the mapping from an HTTP response to one of them.

All of them derive from `AzureOpenAIError`, so one `except` catches everything the
client raises on purpose. Status errors are chosen by status code first (so a
body the service did not shape as Azure documents still yields the right class)
and then refined by Azure's error `code` (`content_filter`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx2

from aoai.ratelimits import RateLimits, rate_limits_of
from aoai.retries import retry_after_seconds

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "AzureOpenAIError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "ContentFilterError",
    "GatewayTimeoutError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "status_error_from_response",
]

#: Azure puts its id in `apim-request-id`; some gateways only send `x-request-id`.
REQUEST_ID_HEADERS = ("apim-request-id", "x-request-id", "x-ms-request-id")


class AzureOpenAIError(Exception):
    """Base of every error `aoai` raises on purpose."""


class UnsupportedOperationError(AzureOpenAIError, NotImplementedError):
    """The client's api-version has no such operation (its document declares none), or routes it in a
    way this client does not address yet. Raised before any request; the message names the version
    and the method. Also a `NotImplementedError`, which is what it means."""


class APIConnectionError(AzureOpenAIError):
    """No usable HTTP response: the connection failed, was reset or cut, after all retries."""

    def __init__(self, message: str = "Connection error.", *, request: httpx2.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool), after all retries."""

    def __init__(self, message: str = "Request timed out.", *, request: httpx2.Request | None = None) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(AzureOpenAIError):
    """A response arrived but is not what the operation returns; nothing was made up in its place.

    Raised for a success status whose body is empty, is not JSON, does not decode (a corrupt
    gzip body), is nested too deeply to parse, or has the wrong shape (a list where an object
    is due, an embedding that is not base64), and for a stream event that is not a JSON object
    (after the chunks that came before it). `reason` says which; `response` is the HTTP
    response (None when the broken body belonged to a redirect hop).
    """

    def __init__(
        self, reason: str, *, response: httpx2.Response | None, request: httpx2.Request | None = None
    ) -> None:
        self.reason = reason
        self.response = response
        self.status_code = response.status_code if response is not None else None
        self.request_id = request_id_of(response) if response is not None else None
        if request is None and response is not None:
            try:
                request = response.request
            except RuntimeError:
                request = None
        self.request = request
        rid = f" (request id: {self.request_id})" if self.request_id else ""
        status = f"HTTP {self.status_code}: " if self.status_code is not None else ""
        super().__init__(f"{status}unexpected response: {reason}{rid}")


class ClientClosedError(AzureOpenAIError, RuntimeError):
    """The client, or the client whose connection pool it shares (`with_options`), was closed.

    Also a `RuntimeError`, which is what a closed httpx client raised before.
    """


class APIStatusError(AzureOpenAIError):
    """The service answered with a status >= 400.

    Attributes mirror Azure's error body (`code`, `message`, `param`) plus what is
    needed to report the failure to Azure support: `request_id` and the `response`.
    `retry_after` is the server's hint in seconds (`retry-after-ms`, `x-ms-retry-after-ms`
    or `retry-after`), or None: on a `RateLimitError` that was not retried because the hint
    exceeded the client's `max_retry_after`, it says when to come back.
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx2.Response,
        body: Any,
        code: str | None = None,
        param: str | None = None,
        error_type: str | None = None,
    ) -> None:
        self.status_code = response.status_code
        self.response = response
        self.body = body
        self.code = code
        self.message = message
        self.param = param
        self.type = error_type
        self.request_id = request_id_of(response)
        self.retry_after = retry_after_seconds(response.headers)
        super().__init__(self._describe())

    @property
    def rate_limits(self) -> RateLimits:
        """The deployment's quota as the failing reply reported it (on a 429: `retry_after` too)."""
        return rate_limits_of(self.response)

    def _describe(self) -> str:
        code = f" {self.code}" if self.code and self.code != str(self.status_code) else ""
        rid = f" (request id: {self.request_id})" if self.request_id else ""
        after = f" (retry after {self.retry_after:g} s)" if self.retry_after is not None else ""
        return f"HTTP {self.status_code}{code}: {self.message}{after}{rid}"


class BadRequestError(APIStatusError):
    """400: the request is malformed or was refused by a policy (see `ContentFilterError`)."""


class ContentFilterError(BadRequestError):
    """400 `content_filter`: the prompt tripped Azure's content filter.

    `content_filter_result` maps each category (`hate`, `self_harm`, `sexual`,
    `violence`, `jailbreak`, ...) to Azure's verdict, e.g. `{"filtered": True,
    "severity": "high"}`, taken from `error.innererror.content_filter_result`.
    """

    @property
    def content_filter_result(self) -> dict[str, Any]:
        inner = _error_object(self.body).get("innererror")
        result = inner.get("content_filter_result") if isinstance(inner, Mapping) else None
        return dict(result) if isinstance(result, Mapping) else {}


class AuthenticationError(APIStatusError):
    """401: the key or token is missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but not allowed (role assignment, network rules)."""


class NotFoundError(APIStatusError):
    """404: usually the deployment name or the api-version does not exist on this resource."""


class ConflictError(APIStatusError):
    """409: the resource is in a state that does not allow this operation."""


class UnprocessableEntityError(APIStatusError):
    """422: the body parsed but its values were rejected."""


class RateLimitError(APIStatusError):
    """429: quota or rate limit exceeded (retried first, honouring `retry-after`)."""


class InternalServerError(APIStatusError):
    """500 and any other >= 500 status without a class of its own."""


class ServiceUnavailableError(InternalServerError):
    """503: the service is overloaded or restarting."""


class GatewayTimeoutError(InternalServerError):
    """504: a gateway in front of the model gave up waiting."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: InternalServerError,
    503: ServiceUnavailableError,
    504: GatewayTimeoutError,
}


def request_id_of(response: httpx2.Response) -> str | None:
    for name in REQUEST_ID_HEADERS:
        value = response.headers.get(name)
        if value:
            return value
    return None


def _error_object(body: Any) -> Mapping[str, Any]:
    """Azure nests details under `error`; API Management answers flat (`statusCode`, `message`)."""
    if isinstance(body, Mapping):
        inner = body.get("error")
        if isinstance(inner, Mapping):
            return inner
        return body
    return {}


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def status_error_from_response(response: httpx2.Response, *, unreadable: str | None = None) -> APIStatusError:
    """Build the typed error for a >= 400 response whose body has been read.

    The body is parsed as JSON whatever the `Content-Type` says (Azure sometimes
    sends none); anything else becomes the message verbatim. `unreadable` says why
    the body could not be read at all (then it is the message).
    """
    if unreadable is not None:
        raw = ""
    else:
        try:
            raw = response.text
        except (UnicodeError, LookupError):  # a charset the body does not decode in (utf-16 without BOM)
            raw = response.content.decode("utf-8", "replace")
    try:
        body: Any = json.loads(raw) if raw else None
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than the interpreter allows
        body = raw
    error = _error_object(body)
    code = _text(error.get("code"))
    message = _text(error.get("message")) or (raw.strip() if isinstance(body, str) else None)
    if not message:
        message = unreadable or raw.strip() or response.reason_phrase or "no error body"
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    if cls is BadRequestError and code == "content_filter":
        cls = ContentFilterError
    return cls(
        message,
        response=response,
        body=body,
        code=code,
        param=_text(error.get("param")),
        error_type=_text(error.get("type")),
    )
