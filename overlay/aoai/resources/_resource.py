"""The base of every resource: one class serves sync and async clients, the driver decides.

A resource method builds a `Call` and hands it to `self._run`, which returns the result
(sync client) or an awaitable of it (async client). `with_raw_response` is the same
resource with the raw flag set, so every method gets it without a line of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

import attrs

from aoai.errors import UnsupportedOperationError
from aoai.resources._body import json_body, model_to_json
from aoai.resources._call import Call, Driver, pop_options
from aoai.resources._catalog import FacadeOperation, facade_operation
from aoai.resources._parse import get_kwargs_parameters, request_model


class Resource:
    """A group of API methods bound to one client and one driver."""

    def __init__(self, client: Any, driver: Driver, raw: bool = False) -> None:
        self._client = client
        self._driver = driver
        self._raw = raw

    @property
    def with_raw_response(self) -> Any:
        """The same methods, returning a `RawResponse` (status, headers, request id, `.parse()`)."""
        return type(self)(self._client, self._driver, raw=True)

    def _run(self, call: Call) -> Any:
        return self._driver.run(self._client, call, self._raw)

    def _child(self, cls: type[Resource]) -> Any:
        return cls(self._client, self._driver, self._raw)

    def _facade(self, name: str) -> FacadeOperation:
        """The operation behind facade method `name` in this client's api-version (see `_catalog`)."""
        return facade_operation(self._client, name)


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


def json_request_body(body: Mapping[str, Any]) -> _Body:
    return _Body(json=body)


def multipart_request_body(files: list[Any]) -> _Body:
    return _Body(files=files)


def build_request(client: Any, module: ModuleType, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """What the generated `_get_kwargs` returns, with the client's api-version and deployment filled in.

    A generated model passed as a JSON `body` is sent as `model_to_json` writes it: the
    fields the caller set, not the document defaults its attrs class fills in.

    The generated multipart header (`multipart/form-data; boundary=+++`) names a boundary
    httpx never uses; it is dropped so httpx writes the real one.
    """
    params = get_kwargs_parameters(module)
    if "api_version" in params and "api_version" not in kwargs:
        kwargs["api_version"] = client.api_version
    if "deployment_id" in params and "deployment_id" not in kwargs and not args:
        kwargs["deployment_id"] = client.deployment_name(None)
    elif "deployment_id" in kwargs:
        kwargs["deployment_id"] = client.deployment_name(kwargs["deployment_id"])
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


def deployment_for(client: Any, model: str | None) -> str:
    """As in the official SDK's `AzureOpenAI`: a client built for one deployment always uses it,
    and `model` names the deployment only when the client has none."""
    return str(client.deployment_name(None if client.azure_deployment is not None else model))


def deployment_arguments(client: Any, operation: FacadeOperation, model: str | None) -> dict[str, Any]:
    """The `_get_kwargs` arguments that carry the deployment, where the version's metadata puts it."""
    where = operation.deployment or {}
    if where.get("in") == "path":
        return {"deployment_id": deployment_for(client, model)}
    return {}


def deployment_json_call(
    resource: Resource, name: str, params: dict[str, Any]
) -> tuple[FacadeOperation, dict[str, Any], Any]:
    """(operation, `_get_kwargs` arguments, options) for a facade method with a JSON body."""
    options = pop_options(params)
    model = params.pop("model", None)
    client = resource._client
    operation = resource._facade(name)
    body_type = request_model(operation.module)
    if body_type is None:
        raise UnsupportedOperationError(f"{name}() of api-version {client.api_version} takes no JSON body")
    where = operation.deployment or {}
    if where.get("in") == "body":  # the v1 API: the deployment is a field of the body (`model`)
        params = {**params, where["name"]: deployment_for(client, model)}
    body = json_body(body_type, params, operation=name, api_version=client.api_version)
    return operation, {**deployment_arguments(client, operation, model), "body": body}, options
