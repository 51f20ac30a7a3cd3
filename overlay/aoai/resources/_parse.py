"""From a generated operation module to what its reply decodes into, for any operation of any version.

Why not call the generated `_parse_response`: it is strict (`aoai.decoding` explains why
that fails on Azure's real replies) and returns `None` on statuses it does not know. Its
return annotation mixes the success and error models in alphabetical order, so the
success types are read from its `if response.status_code == 200:` branch instead (the
`X.from_dict` calls there, via `ast`), falling back to the annotation's models.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
import typing
from functools import cache
from types import ModuleType
from typing import Any

import attrs
import httpx2

from aoai.decoding import PARSE_ERRORS, decode, union_members


def operation_module(generated: ModuleType, tag: str, name: str) -> ModuleType:
    """`<generated package>.api.<tag>.<name>`, with a clear error when this version lacks it."""
    try:
        return importlib.import_module(f"{generated.__name__}.api.{tag}.{name}")
    except ModuleNotFoundError as exc:
        if not exc.name or not exc.name.startswith(f"{generated.__name__}.api"):
            raise
        version = getattr(getattr(generated, "_meta", None), "API_VERSION", generated.__name__)
        raise NotImplementedError(f"api-version {version} has no operation {tag}.{name}") from None


@cache
def _signature(module: ModuleType) -> inspect.Signature:
    return inspect.signature(module._get_kwargs, eval_str=True)


def get_kwargs_parameters(module: ModuleType) -> typing.Mapping[str, inspect.Parameter]:
    return _signature(module).parameters


def request_model(module: ModuleType) -> type | None:
    """The generated model of the operation's body (the `body` parameter's annotation)."""
    param = get_kwargs_parameters(module).get("body")
    if param is None:
        return None
    return next((m for m in union_members(param.annotation) if _is_model(m)), None)


@cache
def success_types(module: ModuleType) -> tuple[Any, ...]:
    """The models the 200 branch of the generated `_parse_response` tries, in its order."""
    named = [getattr(module, name, None) for name in _success_branch_models(module)]
    found = tuple(m for m in named if _is_model(m))
    if found:
        return found
    hint = inspect.signature(module._parse_response, eval_str=True).return_annotation
    return tuple(m for m in union_members(hint) if _is_model(m) or typing.get_origin(m) is list)


def _success_branch_models(module: ModuleType) -> list[str]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(module._parse_response)))
    except (OSError, TypeError, SyntaxError):
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_status_200(node.test):
            calls = []
            for inner in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                func = inner.func if isinstance(inner, ast.Call) else None
                if (
                    isinstance(func, ast.Attribute)
                    and func.attr == "from_dict"
                    and isinstance(func.value, ast.Name)
                ):
                    calls.append((func.lineno, func.col_offset, func.value.id))
            names = [name for _line, _col, name in sorted(calls)]  # source order: the order tried
            return names
    return []


def _is_status_200(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Attribute)
        and test.left.attr == "status_code"
        and any(isinstance(c, ast.Constant) and c.value == 200 for c in test.comparators)
    )


def success_model(module: ModuleType) -> type | None:
    return next((m for m in success_types(module) if _is_model(m)), None)


def parse_response(module: ModuleType, response: httpx2.Response) -> Any:
    """JSON replies become the operation's model; text formats (srt, vtt, text) a str; audio bytes.

    An operation that declares a JSON reply gets one or an error (never `None` for an empty
    body); one that declares none (speech: audio) gets the bytes, whatever the content type.
    """
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and "json" not in content_type:
        return response.text if content_type.startswith("text/") else response.content
    if not success_types(module) and not content_type:
        return response.content
    if not response.content:
        raise ValueError("the body is empty where the operation returns JSON")
    return parse_json(module, response.json())


def parse_json(module: ModuleType, data: Any) -> Any:
    candidates = success_types(module)
    for candidate in candidates:
        if typing.get_origin(candidate) is list:
            if isinstance(data, list):
                (item,) = typing.get_args(candidate)
                return [decode(item, d) if isinstance(d, dict) and _is_model(item) else d for d in data]
            continue
        if isinstance(data, dict) and len(candidates) > 1:
            try:
                return candidate.from_dict(data)
            except PARSE_ERRORS:
                continue
    model = success_model(module)
    if model is not None:
        return decode(model, data)  # a TypeError when `data` is not a JSON object
    if candidates and not any(typing.get_origin(c) is list for c in candidates):
        raise TypeError(f"expected a JSON object, got {type(data).__name__}")
    return data


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and attrs.has(obj) and hasattr(obj, "from_dict")
