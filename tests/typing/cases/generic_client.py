"""`aoai.AzureOpenAI(api_version=<literal>)` is that version's typed client; anything else the dynamic one."""

from typing import Any

import aoai
import aoai_v1.typed
import aoai_v2024_10_21.typed
import aoai_v2025_04_01_preview.typed
from aoai_v2024_10_21 import AzureOpenAI as PinnedAzureOpenAI
from typing_extensions import assert_type

ENDPOINT = "https://example.openai.azure.com"

ga = aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_key="k", api_version="2024-10-21")
assert_type(ga, aoai_v2024_10_21.typed.AzureOpenAI)
assert_type(aoai.AzureOpenAI(api_version="v1"), aoai_v1.typed.AzureOpenAI)
assert_type(aoai.AsyncAzureOpenAI(api_version="v1", max_retries=0), aoai_v1.typed.AsyncAzureOpenAI)

# The per-version entry point: the same typed client, api_version optional and only this one.
pinned = PinnedAzureOpenAI(azure_endpoint=ENDPOINT, api_key="k")
assert_type(pinned, aoai_v2024_10_21.typed.AzureOpenAI)
PinnedAzureOpenAI(api_version="2024-10-01-preview")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

# A typed client is still an aoai client: annotations with aoai.AzureOpenAI accept it.
generic: aoai.AzureOpenAI = ga

# with_options: another literal api-version gives that version's client; no api_version, the same one.
assert_type(ga.with_options(max_retries=5), aoai_v2024_10_21.typed.AzureOpenAI)
assert_type(ga.with_options(api_version="2025-04-01-preview"), aoai_v2025_04_01_preview.typed.AzureOpenAI)


def dynamic(version: str) -> None:
    """A version not known statically: today's dynamic client, whose resources are Any."""
    client = aoai.AzureOpenAI(api_version=version)
    assert_type(client, aoai.AzureOpenAI)
    assert_type(client.chat, Any)
    _ = client.chta  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType, reportUnknownVariableType]
    assert_type(ga.with_options(api_version=version), aoai.AzureOpenAI)


# Constructor keywords are checked too.
aoai.AzureOpenAI(api_version="2024-10-21", max_retries="3")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
