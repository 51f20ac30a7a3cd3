"""Where an api-version's requests go: its route model, as the generated package's metadata says.

Why read, not written here: the dated documents serve `{endpoint}/openai/deployments/{id}/...`
with a required `api-version`, the v1 API's serve `{endpoint}/openai/v1/...` with an optional
one whose default is `v1`; a next route model will say its own. So the client takes the
document's server path as its base URL and sends `api-version` by the document's rule:

- required by the operations: always, the client's api-version;
- optional with a default: left out when the client's api-version is that default (what the
  service assumes), sent otherwise (`api-version=preview`);
- optional without a default: sent (the client's api-version is the one it was built for);
- not declared at all: never sent.

Where the deployment goes (the path or the body's `model`) is per operation, and so is read
per call by the facade (`aoai.resources`), not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from aoai.versions import load_metadata


@dataclass(frozen=True)
class Route:
    """The route model of one api-version."""

    model: str  # the metadata's name for it ("dated", "v1"): for messages, never for branching
    server_path: str  # "/openai", "/openai/v1": joined to the endpoint
    query: Mapping[str, str]  # what every request carries in its query for the api-version

    def base_url(self, endpoint: str) -> str:
        """The URL relative request paths join: the endpoint, the server path and a `/`."""
        return f"{endpoint}{self.server_path}/"


def api_version_query(parameter: Mapping[str, Any] | None, api_version: str) -> dict[str, str]:
    """The query the api-version needs on every request (see the module docstring)."""
    if not parameter or parameter.get("in", "query") != "query":
        return {}
    if not parameter.get("required") and parameter.get("default") == api_version:
        return {}
    return {str(parameter["name"]): api_version}


@cache
def route_for(api_version: str) -> Route:
    """The route model of `api_version` (read once per version, without importing its package)."""
    metadata = load_metadata(api_version)
    return Route(
        model=str(metadata.ROUTE_MODEL),
        server_path=str(metadata.SERVER_PATH or "").rstrip("/"),
        query=api_version_query(metadata.API_VERSION_PARAMETER, api_version),
    )
