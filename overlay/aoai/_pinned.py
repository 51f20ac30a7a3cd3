"""Clients pinned to one api-version: what `from aoai_v2024_10_21 import AzureOpenAI` gives.

Each generated package exports an `AzureOpenAI` / `AsyncAzureOpenAI` made here (its
`typed.py`, loaded only when a caller asks for them); type checkers read the package's
`typed.pyi` instead, which describes that version's facade exactly. At run time a pinned
client *is* an `aoai.AzureOpenAI` whose api-version defaults to, and must be, the pinned
one; nothing is generated per version but the one call that makes the pair.
"""

from __future__ import annotations

from typing import Any

from aoai._siblings import sibling_kwargs


def _pin(base: Any, api_version: str, module: str) -> type:
    def __init__(self: Any, **options: Any) -> None:
        chosen = options.pop("api_version", None)
        if chosen is not None and chosen != api_version:
            raise ValueError(
                f"this client is pinned to api-version {api_version!r}, got api_version={chosen!r}: "
                f"use aoai.{base.__name__}(api_version={chosen!r}) for another version"
            )
        base.__init__(self, api_version=api_version, **options)

    def with_options(self: Any, **changes: Any) -> Any:
        """As the unpinned `with_options`; another api-version gives that version's unpinned client."""
        kwargs = sibling_kwargs(self, dict(changes))
        return (type(self) if kwargs["api_version"] == api_version else base)(**kwargs)

    namespace = {
        "__init__": __init__,
        "with_options": with_options,
        "__doc__": f"`aoai.{base.__name__}` pinned to api-version {api_version!r}.",
        "__module__": module,
        "__qualname__": base.__name__,
    }
    return type(base.__name__, (base,), namespace)


def pinned_clients(api_version: str, module: str) -> tuple[type, type]:
    """(`AzureOpenAI`, `AsyncAzureOpenAI`) pinned to `api_version`, as classes of `module`."""
    from aoai import AsyncAzureOpenAI, AzureOpenAI

    return _pin(AzureOpenAI, api_version, module), _pin(AsyncAzureOpenAI, api_version, module)
