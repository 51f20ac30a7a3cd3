"""A facade call's arguments, bound to what the generated `_get_kwargs` takes and to the body sent.

Sans-IO: `arguments` turns `(positional, keywords)` into `_get_kwargs` keywords plus the body
(`_body` checks it against the request model), or raises a `TypeError` / `ValueError` that names
the method, the parameter and what was expected. Nothing here knows an operation: the `Shape`
says what the method takes.

The deployment: a path segment on the dated route model (`model=`, or the client's
`azure_deployment`, which wins there as it does in the official SDK's `AzureOpenAI`); on the
v1 route model the body's own `model` field, where the caller's value wins and the client's
`azure_deployment` fills it in when it is not given. Both are checked as deployment names.
"""

from __future__ import annotations

import enum
import inspect
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from aoai._options import NOT_GIVEN
from aoai.decoding import field_hint, union_members
from aoai.deployments import check_deployment_name
from aoai.errors import UnsupportedOperationError
from aoai.resources._body import ParameterError, json_body, multipart_fields
from aoai.resources._files import file_part
from aoai.resources._shape import Body, Shape


def deployment_for(client: Any, model: str | None) -> str:
    """As in the official SDK's `AzureOpenAI`: a client built for one deployment always uses it,
    and `model` names the deployment only when the client has none."""
    return str(client.deployment_name(None if client.azure_deployment is not None else model))


def arguments(
    shape: Shape, client: Any, args: tuple[Any, ...], params: dict[str, Any]
) -> tuple[dict[str, Any], tuple[str, Any] | None]:
    """(`_get_kwargs` keywords, (body kind, body) or None). Consumes `params`."""
    for name in [name for name, value in params.items() if value is NOT_GIVEN]:
        del params[name]  # the typed facade's default for every optional parameter: not sent
    kwargs = _path(shape, args, params)
    if shape.deployment_path is not None:
        kwargs[shape.deployment_path] = deployment_for(client, params.pop("model", None))
    for name, param in shape.query.items():
        if name in params:
            kwargs[name] = query_value(shape.name, name, param.annotation, params.pop(name))
        elif param.default is not inspect.Parameter.empty:
            kwargs[name] = shape.unset  # not the generated default: the caller did not ask for it
    for name, value in shape.headers.items():
        kwargs[name] = params.pop(name, value)
    for name in shape.caller_headers:
        if name not in params:
            raise ParameterError(
                f"{shape.name}() missing required keyword: {name} (a header the document requires)"
            )
        kwargs[name] = params.pop(name)
    if shape.api_version_required:
        kwargs["api_version"] = client.api_version
    return kwargs, _body(shape, client, params)


def _path(shape: Shape, args: tuple[Any, ...], params: dict[str, Any]) -> dict[str, Any]:
    if len(args) > len(shape.path):
        takes = (
            f"{len(shape.path)} positional argument(s) ({', '.join(shape.path)})"
            if shape.path
            else "no positional arguments"
        )
        raise TypeError(f"{shape.name}() takes {takes} but {len(args)} were given")
    values = dict(zip(shape.path, args, strict=False))
    for name in shape.path:
        if name in params:
            if name in values:
                raise TypeError(f"{shape.name}() got multiple values for argument {name!r}")
            values[name] = params.pop(name)
        if name not in values:
            raise TypeError(f"{shape.name}() missing required argument: {name!r}")
        if not isinstance(values[name], str):
            raise TypeError(
                f"{shape.name}(): {name} must be a string id, got {type(values[name]).__name__}: {values[name]!r:.80}"
            )
    return values


def query_value(method: str, name: str, annotation: Any, value: Any) -> Any:
    """A query value as `_get_kwargs` wants it: the generated enum where it declares one (it reads
    `.value`), items of a list likewise; anything else as given."""
    if value is None or isinstance(value, enum.Enum):
        return value
    members = union_members(annotation)
    if isinstance(value, (list, tuple)):
        item = next((typing.get_args(m)[0] for m in members if typing.get_origin(m) is list), None)
        return [query_value(method, name, item, v) for v in value] if item is not None else list(value)
    kind = next((m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)), None)
    if kind is None or not isinstance(value, str):
        return value
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in kind)
        raise ParameterError(
            f"{method}(): {name}={value!r} is not one of {allowed}; pass another value with extra_query={{...}}"
        ) from None


def _body(shape: Shape, client: Any, params: dict[str, Any]) -> tuple[str, Any] | None:
    if not shape.bodies:
        if params:
            raise ParameterError(
                f"{shape.name}() got unexpected keyword(s) {', '.join(map(repr, sorted(params)))}: "
                f"api-version {client.api_version} takes {', '.join(shape.keywords) or 'none'} "
                "(and the per-call options)"
            )
        return None
    if shape.deployment_body is not None:
        field = shape.deployment_body
        if params.get(field) is None and client.azure_deployment is not None:
            params[field] = client.azure_deployment
        if isinstance(params.get(field), str):
            check_deployment_name(params[field])
    body = _chosen(shape.bodies, params)
    if body.model is None:
        raise UnsupportedOperationError(
            f"{shape.name}() of api-version {client.api_version}: its {body.kind} body has no model to check "
            "keywords against; call it through client.operations"
        )
    checked = {"operation": shape.name, "api_version": client.api_version}
    if body.kind == "json":
        return "json", json_body(body.model, params, **checked)
    if body.kind == "multipart":
        files = {name: params.pop(name) for name in _file_fields(body.model) if name in params}
        fields = json_body(body.model, {**params, **dict.fromkeys(files)}, **checked)
        parts = [(name, file_part(value, unnamed="upload")) for name, value in files.items()]
        return "multipart", parts + multipart_fields({k: v for k, v in fields.items() if k not in files})
    raise UnsupportedOperationError(
        f"{shape.name}() of api-version {client.api_version} takes a {body.kind} body; call it through client.operations"
    )


def _chosen(bodies: tuple[Body, ...], params: Mapping[str, Any]) -> Body:
    """The body to send: the only one, else a multipart one when a file is among the keywords."""
    if len(bodies) > 1:
        for body in bodies:
            if body.kind == "multipart" and any(name in params for name in _file_fields(body.model)):
                return body
        return next((b for b in bodies if b.kind == "json"), bodies[0])
    return bodies[0]


def _file_fields(model: type | None) -> list[str]:
    """The JSON names of a multipart model's file fields (declared with the generator's `File`)."""
    if model is None or not attrs.has(model):
        return []
    found = []
    for field in attrs.fields(model):
        key = (field.alias or field.name).rstrip("_")
        hint = field_hint(model, key)
        if any(getattr(m, "__name__", "") == "File" and inspect.isclass(m) for m in union_members(hint)):
            found.append(key)
    return found
