"""aoai: an Azure OpenAI client generated from Azure's pinned OpenAPI documents.

`import aoai` loads only the client core (httpx + attrs): azure-identity,
azure-core and the generated packages are imported when first used.

Type checkers see other classes under the same names: `aoai_typing` (generated) declares
`AzureOpenAI` / `AsyncAzureOpenAI` with one constructor overload per generated api-version,
so `AzureOpenAI(api_version="2024-10-21")` is that version's typed client and any other
`api_version` the dynamic one. Only checkers read it; at run time these are the classes below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aoai._base_client import AsyncAPIClient, SyncAPIClient
from aoai._options import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, RequestOptions
from aoai._version import __version__
from aoai.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    AzureOpenAIError,
    BadRequestError,
    ClientClosedError,
    ConflictError,
    ContentFilterError,
    GatewayTimeoutError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    UnsupportedOperationError,
)
from aoai.resources import AsyncResources, SyncResources

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAzureOpenAI",
    "AuthenticationError",
    "AzureOpenAI",
    "AzureOpenAIError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "ContentFilterError",
    "GatewayTimeoutError",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "ServiceUnavailableError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "__version__",
]


if TYPE_CHECKING:
    from aoai_typing import AsyncAzureOpenAI as AsyncAzureOpenAI
    from aoai_typing import AzureOpenAI as AzureOpenAI
else:

    class AzureOpenAI(SyncResources, SyncAPIClient):
        """Synchronous Azure OpenAI client, constructed like the official SDK's `openai.AzureOpenAI`.

        Exactly one credential: `api_key` (string or callable), `azure_ad_token`,
        `azure_ad_token_provider`, or `credential` (an azure-core `TokenCredential`);
        else `AZURE_OPENAI_API_KEY` / `AZURE_OPENAI_AD_TOKEN` from the environment.
        """

    class AsyncAzureOpenAI(AsyncResources, AsyncAPIClient):
        """Asynchronous Azure OpenAI client; also accepts async token providers and `AsyncTokenCredential`."""
