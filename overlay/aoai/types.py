"""Types for annotations, shared by every api-version: what a caller may pass where no model says it.

Why a module of its own: the typed facade of each api-version (generated, see
`aoai_codegen.typed_facade`) names these in its signatures, and so may a caller's
own code, without importing any client code. Importing it costs nothing at run time
beyond `typing`; `import aoai` does not import it.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import IO, TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    import httpx2
    from azure.core.credentials import AzureKeyCredential

    from aoai._options import NotGiven
    from aoai.pacing import Pacer

__all__ = ["ClientOptions", "FileContent", "FileInput"]

#: What a multipart upload accepts (`aoai.resources._files.file_part` reads each kind): a path,
#: the bytes themselves, or a file opened in binary mode.
FileContent = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]
#: ... or a tuple naming the file: `(name, data)` or `(name, data, content_type)`.
FileInput = FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]


class ClientOptions(TypedDict, total=False):
    """The keywords of `AzureOpenAI(...)` / `AsyncAzureOpenAI(...)` besides `api_version`.

    The typed clients' constructors (generated overloads on a literal `api_version`) take these
    as `**options`; a test keeps the names in step with `ClientCore.__init__`.
    """

    azure_endpoint: str | None
    azure_deployment: str | None
    api_key: str | Callable[[], str] | Callable[[], Awaitable[str]] | AzureKeyCredential | None
    azure_ad_token: str | None
    azure_ad_token_provider: Callable[[], str] | Callable[[], Awaitable[str]] | None
    credential: object  # an azure-core TokenCredential / AsyncTokenCredential (not imported here)
    credential_scope: str
    max_retries: int
    max_retry_after: float
    timeout: float | httpx2.Timeout | NotGiven | None
    default_headers: Mapping[str, str] | None
    default_query: Mapping[str, object] | None
    http_client: httpx2.Client | httpx2.AsyncClient | None
    pacing: bool | Pacer
