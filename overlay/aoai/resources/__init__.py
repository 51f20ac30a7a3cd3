"""The facade users call: `client.chat.completions.create(...)` and friends.

`SyncResources` / `AsyncResources` are mixed into the clients; each resource is a
lazily built attribute so constructing a client imports no resource module.
"""

from __future__ import annotations


class SyncResources:
    """Resource attributes of `aoai.AzureOpenAI` (filled in by the resources layer)."""


class AsyncResources:
    """Resource attributes of `aoai.AsyncAzureOpenAI` (filled in by the resources layer)."""
