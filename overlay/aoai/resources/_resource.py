"""The base of every resource: one class serves sync and async clients, the driver decides.

A resource stands for a facade path (`""` for the client, `"vector_stores.files"`, ...). Its
methods build a `Call` and hand it to `self._run`, which returns the result (sync client) or
an awaitable of it (async client). What a hand-written subclass does not define is found in
the version's metadata (`_generic.member`): every facade method exists without a line here.
`with_raw_response` is the same resource with the raw flag set, so every method gets it.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from functools import cache
from types import ModuleType
from typing import Any

import attrs

from aoai.resources._body import model_to_json
from aoai.resources._call import Call, Driver
from aoai.resources._catalog import FacadeOperation, facade_operation
from aoai.resources._parse import get_kwargs_parameters
from aoai.resources._shape import wire_key
from aoai.versions import load_metadata


class Resource:
    """A group of API methods bound to one client, one driver and one facade path."""

    _prefix = ""  # the facade path of a hand-written subclass ("chat.completions")

    def __init__(self, client: Any, driver: Driver, raw: bool = False, prefix: str | None = None) -> None:
        self._client = client
        self._driver = driver
        self._raw = raw
        if prefix is not None:
            self._prefix = prefix

    @property
    def with_raw_response(self) -> Any:
        """The same methods, returning a `RawResponse` (status, headers, request id, `.parse()`)."""
        return type(self)(self._client, self._driver, True, self._prefix)

    def _run(self, call: Call) -> Any:
        return self._driver.run(self._client, call, self._raw)

    def _child(self, cls: type[Resource]) -> Any:
        return cls(self._client, self._driver, self._raw)

    def _facade(self, name: str) -> FacadeOperation:
        """The operation behind facade method `name` in this client's api-version (see `_catalog`)."""
        return facade_operation(self._client, name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        from aoai.resources._generic import member

        return member(self, name)

    def __dir__(self) -> list[str]:
        from aoai.resources._generic import members

        return sorted({*super().__dir__(), *members(self._client, self._prefix)})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} client.{self._prefix or '...'} of api-version {self._client.api_version}>"


class _Body:
    """Stands in for a generated request model in `_get_kwargs(body=...)`: the caller's exact body."""

    def __init__(self, json: Mapping[str, Any] | None = None, files: list[Any] | None = None) -> None:
        self._json = dict(json or {})
        self._files = files

    def to_dict(self) -> dict[str, Any]:
        return self._json

    def to_multipart(self) -> list[Any]:
        if self._files is None:
            raise TypeError("this operation takes a multipart body: pass a generated request model")
        return self._files


@cache
def _fixed_headers(module_name: str, api_version: str) -> dict[str, str]:
    """The `_get_kwargs` keywords of the headers the operation's document requires, with their value."""
    metadata = load_metadata(api_version)
    package = module_name.split(".", 1)[0]
    for spec in metadata.OPERATIONS.values():
        if f"{package}.{spec['module']}" == module_name:
            return {wire_key(k): str(v) for k, v in (spec.get("headers") or {}).items() if v is not None}
    return {}


def build_request(client: Any, module: ModuleType, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """What the generated `_get_kwargs` returns, with the client's api-version, deployment and the
    headers the document requires filled in (`client.operations`: every generated operation).

    A generated model passed as a JSON `body` is sent as `model_to_json` writes it: the
    fields the caller set, not the document defaults its attrs class fills in.

    The generated multipart header (`multipart/form-data; boundary=+++`) names a boundary
    httpx never uses; it is dropped so httpx writes the real one.
    """
    params = get_kwargs_parameters(module)
    api_version = params.get("api_version")
    if (
        api_version is not None
        and api_version.default is inspect.Parameter.empty
        and "api_version" not in kwargs
    ):
        kwargs["api_version"] = client.api_version  # optional ones ride on the client's query (`_route`)
    if "deployment_id" in params and "deployment_id" not in kwargs and not args:
        kwargs["deployment_id"] = client.deployment_name(None)
    elif "deployment_id" in kwargs:
        kwargs["deployment_id"] = client.deployment_name(kwargs["deployment_id"])
    fixed = _fixed_headers(module.__name__, client.api_version)
    for name in params:
        if name not in kwargs and wire_key(name) in fixed:
            kwargs[name] = fixed[wire_key(name)]
    body = kwargs.get("body")
    if isinstance(body, Mapping):
        kwargs["body"] = _Body(json=body)
    elif attrs.has(type(body)) and not hasattr(body, "to_multipart"):
        kwargs["body"] = _Body(json=model_to_json(body))  # without the document defaults to_dict adds
    request: dict[str, Any] = module._get_kwargs(*args, **kwargs)
    if "files" in request:
        headers = {k: v for k, v in (request.get("headers") or {}).items() if k.lower() != "content-type"}
        request["headers"] = headers
    return request
