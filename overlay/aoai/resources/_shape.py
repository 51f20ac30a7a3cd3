"""What one facade method takes, read from its operation's metadata and the generated `_get_kwargs`.

Why both: the metadata says what the document declares (which path parameter carries the
deployment, which headers are required and with what value, how the list pages, which
bodies the operation accepts), and `_get_kwargs` says how the generated code names each of
them (`file_id`, `aoai_evals`, `include` for `include[]`). Together they give the facade
contract's signature without a line per operation:

- path parameters but the deployment: positional-or-keyword, in route order;
- the deployment: `model` (a path segment on the dated route model; on the v1 route model the
  body's own `model` field, see `_bind`);
- query parameters: keywords named as `_get_kwargs` names them; one not given is passed as the
  generated `UNSET`, so the document's defaults (`limit=20`) are not sent for the caller;
- required headers with a fixed value: sent by the client; without one: keywords too;
- body fields: keywords (checked against the request model in `_body`).

Everything here is computed once per operation (`FacadeOperation.shape` is cached).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aoai.pagination import Paging
from aoai.resources._parse import get_kwargs_parameters

if TYPE_CHECKING:
    from aoai.resources._catalog import FacadeOperation

#: `_get_kwargs` parameters that are never the caller's keywords.
_INTERNAL = frozenset({"body", "api_version"})


def wire_key(name: str) -> str:
    """A name with case and separators dropped: `deployment-id`, `deployment_id` and `deploymentId` agree."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


@dataclass(frozen=True)
class Body:
    """One body the operation accepts: its kind (`json`, `multipart`, ...) and generated model."""

    kind: str
    model: type | None


@dataclass(frozen=True)
class Shape:
    """The signature of one facade method in one api-version (see the module docstring)."""

    name: str  # the facade name, for messages
    path: tuple[str, ...]  # the caller's path parameters, in route order
    deployment_path: str | None  # the `_get_kwargs` name of a deployment path segment
    deployment_body: str | None  # the body field that names the deployment ("model")
    query: Mapping[str, inspect.Parameter]  # `_get_kwargs` name -> its parameter (for its type)
    headers: Mapping[str, str]  # `_get_kwargs` name -> the fixed value the document requires
    caller_headers: tuple[str, ...]  # required headers the document gives no value for
    api_version_required: bool  # `_get_kwargs` has no default for it: pass the client's
    bodies: tuple[Body, ...]
    paging: Paging | None
    unset: object = None  # the generated package's UNSET: what a query parameter not given is passed as

    @property
    def keywords(self) -> list[str]:
        """Every name the method accepts besides the per-call options (for messages)."""
        names = [*self.path, *self.query, *self.headers, *self.caller_headers]
        if self.deployment_path:
            names.append("model")
        for body in self.bodies:
            names.extend(_field_names(body.model))
        return sorted(set(names))


def _field_names(model: type | None) -> list[str]:
    import attrs

    if model is None or not attrs.has(model):
        return []
    return [(f.alias or f.name).rstrip("_") for f in attrs.fields(model) if f.init]


def _route_position(path: str, names: Mapping[str, str]) -> dict[str, int]:
    """Each `_get_kwargs` path parameter's position in the route (`/a/{x}/b/{y}` -> x before y)."""
    found = {wire_key(m.group(1)): m.start() for m in re.finditer(r"\{([^}]+)\}", path)}
    return {py: found.get(key, len(path)) for py, key in names.items()}


def shape_of(operation: FacadeOperation) -> Shape:
    spec = operation.spec
    params = get_kwargs_parameters(operation.module)
    positional = {
        name: wire_key(name)
        for name, p in params.items()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    }
    order = _route_position(spec["path"], positional)
    where = operation.deployment or {}
    deployment_path = None
    if where.get("in") == "path":
        deployment_path = next((py for py, key in positional.items() if key == wire_key(where["name"])), None)
    headers, caller_headers = {}, []
    by_key = {wire_key(name): name for name in params}
    for header, value in (spec.get("headers") or {}).items():
        name = by_key.get(wire_key(header))
        if name is None:
            continue  # the generated code sends it itself, or not at all
        if value is None:
            caller_headers.append(name)
        else:
            headers[name] = str(value)
    keyword_only = [
        name
        for name, p in params.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and name not in _INTERNAL
    ]
    api_version = params.get("api_version")
    return Shape(
        name=operation.name,
        path=tuple(sorted((py for py in positional if py != deployment_path), key=order.__getitem__)),
        deployment_path=deployment_path,
        deployment_body=where.get("name") if where.get("in") == "body" else None,
        query={
            name: params[name] for name in keyword_only if name not in headers and name not in caller_headers
        },
        headers=headers,
        caller_headers=tuple(caller_headers),
        api_version_required=api_version is not None and api_version.default is inspect.Parameter.empty,
        bodies=tuple(
            Body(str(b["kind"]), operation.model(b.get("model"))) for b in spec.get("request") or ()
        ),
        paging=Paging.from_metadata(spec["paging"]) if spec.get("paging") else None,
        unset=getattr(operation.module, "UNSET", None),
    )
