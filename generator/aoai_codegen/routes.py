"""Where an operation lives, read from the document alone: server path, route, route model.

A route is an operation's path with what varies between route models taken off:
the deployment prefix of the dated API (`/deployments/{deployment-id}`); paths
are already relative to the server URL, whose path (`/openai`, `/openai/v1`) is
recorded separately. So `POST /deployments/{deployment-id}/chat/completions`
(dated) and `POST /chat/completions` (v1) are the same route, which is what lets
one rule name modules, tags and facade methods in every version.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DEPLOYMENT_PREFIX = re.compile(r"^/deployments/\{([^}/]+)\}(?=/|$)")
PARAMETER = re.compile(r"^\{([^}]+)\}$")
ROUTE_MODELS = ("dated", "v1")


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation object) for every operation, in document order."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation


def route(path: str) -> str:
    """The path without the deployment prefix: `/deployments/{deployment-id}/embeddings` -> `/embeddings`."""
    return DEPLOYMENT_PREFIX.sub("", path) or "/"


def deployment_parameter(path: str) -> str | None:
    """The path parameter that names the deployment (`deployment-id`), if the path has the prefix."""
    found = DEPLOYMENT_PREFIX.match(path)
    return found.group(1) if found else None


def segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def is_parameter(segment: str) -> bool:
    return PARAMETER.match(segment) is not None


def identifier(text: str) -> str:
    """`Fine-tuning`, `vector_stores`, `realtimeapi` -> a snake_case Python identifier."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    cleaned = re.sub(r"\W+", "_", snake).strip("_").lower()
    return cleaned if cleaned and not cleaned[0].isdigit() else f"x_{cleaned}"


def server_path(document: dict[str, Any]) -> str:
    """The path of the first server URL: `https://{endpoint}/openai` -> `/openai`,
    `{endpoint}/openai/v1` -> `/openai/v1` (`""` when the document declares none)."""
    servers = document.get("servers") or []
    url = servers[0].get("url", "") if servers and isinstance(servers[0], dict) else ""
    without_host = re.sub(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//[^/]*", "", str(url))
    without_host = re.sub(r"^\{[^}]+\}", "", without_host)
    return "/" + without_host.strip("/") if without_host.strip("/") else ""


def route_model(document: dict[str, Any]) -> str:
    """`v1` when the server path ends in a major-version segment (`/openai/v1`): the api-version is
    in the URL and routes are not deployment-scoped; else `dated` (`/openai/deployments/{id}/...`
    with a required `api-version` query parameter)."""
    return "v1" if re.search(r"/v\d+$", server_path(document)) else "dated"
