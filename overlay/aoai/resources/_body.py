"""Request bodies built from exactly what the caller passed, checked against the version's request model.

Why not construct the generated request model and call `to_dict`: its attrs fields carry
the document's defaults (`max_tokens: 4096`, `temperature: 1.0`, `n: 1`), and `to_dict`
sends them even when the caller never set them, silently overriding the service's own
defaults. So the body is the caller's keywords, each checked against the request
model's declared fields (name and, loosely, type), with generated model instances
serialised the same careful way (`model_to_json`). The model's field list is read at
run time, so a field a new api-version adds is accepted with no edit here.
"""

from __future__ import annotations

import enum
import functools
import json
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from aoai.decoding import declared_keys, field_hint, norm, union_members

#: How `str(value)` would go wrong for multipart text fields.
_JSON_SCALARS = (str, int, float, bool)


class ParameterError(TypeError):
    """A keyword the request model does not declare, or a value of the wrong kind."""


def json_body(
    request_type: type, params: Mapping[str, Any], *, operation: str, api_version: str
) -> dict[str, Any]:
    """The JSON object for `params` (keyword name -> value), checked against `request_type`."""
    rules = _rules(request_type)
    body: dict[str, Any] = {}
    for name, value in params.items():
        key = name.rstrip("_")
        allowed = rules.allowed.get(key)
        if allowed is None:
            allowed = rules.learn(key)
            if allowed is None:
                raise ParameterError(
                    f"{operation}() got an unexpected keyword {name!r}: api-version {api_version} does not "
                    f"declare it (declared: {', '.join(sorted(_declared_names(request_type)))}). "
                    "Pass fields the pinned document lacks with extra_body={...}."
                )
        if allowed and value is not None and not isinstance(value, allowed):
            _wrong_type(operation, key, value, allowed)
        body[key] = to_json(value)
    if not all(key in body for key in rules.required):  # else name by name, whatever their spelling
        given = {norm(k) for k in body}
        missing = [name for name in rules.required if norm(name) not in given]
        if missing:
            raise ParameterError(f"{operation}() missing required keyword(s): {', '.join(missing)}")
    return body


#: Values that are JSON as they are (the common case of every keyword): no walk needed.
_JSON_LEAVES = frozenset({str, int, float, bool, type(None)})


class _Rules:
    """What `json_body` checks for one request model, worked out once per model and keyword.

    `allowed[key]` is the tuple of run-time types a value may have (empty: anything goes);
    a keyword the model does not declare is never stored, so it is refused every time.
    """

    def __init__(self, request_type: type) -> None:
        self.request_type = request_type
        self.known = declared_keys(request_type)
        self.required = _required_names(request_type)
        self.allowed: dict[str, tuple[type, ...]] = {}

    def learn(self, key: str) -> tuple[type, ...] | None:
        if norm(key) not in self.known:
            return None
        hint = field_hint(self.request_type, key)
        types = () if hint is None else tuple(t for m in union_members(hint) for t in _runtime_types(m))
        allowed = self.allowed[key] = () if object in types else types
        return allowed


@functools.cache
def _rules(request_type: type) -> _Rules:
    return _Rules(request_type)


def to_json(value: Any) -> Any:
    """JSON-ready data for a keyword value: generated models, enums, lists and dicts of them."""
    if type(value) in _JSON_LEAVES:
        return value  # most values of a plain messages list: one set lookup, no walk
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if attrs.has(type(value)) and hasattr(value, "to_dict"):
        return model_to_json(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def model_to_json(model: Any) -> dict[str, Any]:
    """`model.to_dict()` minus the fields the caller left at a document default.

    A field whose value equals its non-UNSET attrs default is treated as not set: the
    caller cannot be told apart from one who never wrote it, and sending the document's
    default would override the service's own.
    """
    raw = model.to_dict()
    by_norm = {norm(key): key for key in raw}
    out: dict[str, Any] = {}
    for field in attrs.fields(type(model)):
        if not field.init:
            continue
        key = by_norm.get(norm(field.alias or field.name))
        if key is None:
            continue  # UNSET: to_dict left it out
        value = getattr(model, field.name)
        default = field.default
        if default is not attrs.NOTHING and type(default).__name__ != "Unset" and _same(value, default):
            continue
        out[key] = to_json(value) if value is not None else None
    out.update({k: to_json(v) for k, v in getattr(model, "additional_properties", {}).items()})
    return out


def _same(value: Any, default: Any) -> bool:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(default, enum.Enum):
        default = default.value
    return type(value) is type(default) and bool(value == default)


def multipart_fields(params: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Parts for the non-file keywords of a multipart body: text, lists repeated as `name[]`, and
    objects as one JSON part (what the generated `to_multipart` sends, e.g. `expires_after`)."""
    parts: list[tuple[str, Any]] = []
    for key, value in params.items():
        value = to_json(value)
        if isinstance(value, Mapping):
            parts.append((key, (None, json.dumps(value).encode(), "application/json")))
        elif isinstance(value, list):
            parts.extend((f"{key}[]", (None, _text(item), "text/plain")) for item in value)
        else:
            parts.append((key, (None, _text(value), "text/plain")))
    return parts


def _text(value: Any) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if not isinstance(value, _JSON_SCALARS):
        raise ParameterError(
            f"a multipart field must be a string, number or boolean, got {type(value).__name__}"
        )
    return str(value).encode()


def _required_names(request_type: type) -> list[str]:
    return [
        (f.alias or f.name).rstrip("_")
        for f in attrs.fields(request_type)
        if f.init and f.default is attrs.NOTHING
    ]


def _declared_names(request_type: type) -> list[str]:
    return [(f.alias or f.name).rstrip("_") for f in attrs.fields(request_type) if f.init]


def _wrong_type(operation: str, key: str, value: Any, allowed: tuple[type, ...]) -> None:
    """A loose check that catches `temperature="hot"`; anything plausible passes (see `_runtime_types`)."""
    expected = ", ".join(sorted({t.__name__ for t in allowed}))
    raise ParameterError(
        f"{operation}(): {key!r} must be {expected}, got {type(value).__name__}: {value!r:.80}"
    )


def _runtime_types(member: Any) -> tuple[type, ...]:
    origin = typing.get_origin(member)
    if origin is list:
        return (list, tuple)
    if origin is not None:
        return (object,)
    if member is float:
        return (float, int)
    if member is int:
        return (int,)
    if isinstance(member, type) and issubclass(member, enum.Enum):
        return (member, str)  # a value the enum does not know yet may still be valid for the service
    if isinstance(member, type) and attrs.has(member):
        return (member, Mapping)
    if member in (str, bool):
        return (member,)
    return (object,)
