"""What `with_options()` builds: the constructor arguments of a sibling client.

A sibling shares its creator's connection pool and credential source and takes every
setting it is not told to change; per-call options given to `with_options` become its
defaults. Kept apart from the client core so that file stays about the client itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aoai._options import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    from aoai._base_client import ClientCore

#: A sibling given any of these gets exactly the credential given (else its creator's).
_CREDENTIAL_ARGS = ("api_key", "azure_ad_token", "azure_ad_token_provider", "credential")
#: Settings a sibling may change; the rest are its creator's.
_SETTINGS = (
    "api_version",
    "azure_deployment",
    "credential_scope",
    "max_retries",
    "max_retry_after",
    "timeout",
    "pacing",
)


def sibling_kwargs(client: ClientCore, changes: dict[str, Any]) -> dict[str, Any]:
    """The constructor arguments of a sibling client sharing this one's connection pool."""
    credential_changes = {name: changes.pop(name, None) for name in _CREDENTIAL_ARGS}
    extra_headers = changes.pop("extra_headers", None) or {}
    extra_query = changes.pop("extra_query", None) or {}
    extra_body = changes.pop("extra_body", None) or {}
    kwargs: dict[str, Any] = {
        "azure_endpoint": client._endpoint,
        "api_version": client._api_version,
        "azure_deployment": client._azure_deployment,
        "credential_scope": client._credential_scope,
        "max_retries": client._max_retries,
        "max_retry_after": client._max_retry_after,
        "timeout": client._timeout,
        **credential_changes,
        "_credential_source": client._credential,
        "_pool": client._pool,
        "pacing": client._pacer or False,
    }
    for name in _SETTINGS:
        value = changes.pop(name, NOT_GIVEN)
        if not isinstance(value, NotGiven):
            kwargs[name] = value
    kwargs["default_headers"] = {
        **client._default_headers,
        **(changes.pop("default_headers", None) or {}),
        **extra_headers,
    }
    kwargs["default_query"] = {
        **client._default_query,
        **(changes.pop("default_query", None) or {}),
        **extra_query,
    }
    kwargs["_default_body"] = {**client._default_body, **extra_body}
    if changes:
        raise TypeError(f"with_options() got unexpected arguments: {', '.join(sorted(changes))}")
    return kwargs
