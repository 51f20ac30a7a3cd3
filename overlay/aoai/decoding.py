"""Tolerant decoding of JSON into the generated attrs models of any api-version.

Why this exists: a generated `from_dict` is exactly as strict as the OpenAPI document,
and Azure's real replies break it. Every recorded streamed chunk fails it
(`finish_reason: null` where the document says enum, a first chunk with `object: ""`,
content-filter chunks whose choice has no `delta`). A client that crashes on the
service's own output is useless, so:

1. the generated `from_dict` runs first: it is the contract, and it is the fast path;
2. only where it raises is that one object rebuilt from the model's attrs metadata:
   declared fields get their declared types where the value fits, a value that does
   not fit is kept as it came, a missing required field becomes `None`, and unknown
   keys land in `additional_properties` as `from_dict` would put them (a missing
   required list becomes `[]`, so `for choice in chunk.choices` never breaks).

Nothing here names a field, so a new api-version gets the same treatment with no edit.
"""

from __future__ import annotations

import enum
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import attrs

T = TypeVar("T")

#: What a generated `from_dict` raises on data the document does not describe.
PARSE_ERRORS = (KeyError, ValueError, TypeError, AttributeError)


def decode(cls: type[T], data: Any) -> T:
    """Parse `data` into `cls`, strictly if the document allows it, tolerantly if not."""
    if type(data) is not dict and not isinstance(data, Mapping):
        raise TypeError(f"{cls.__name__} expects a JSON object, got {type(data).__name__}: {data!r:.200}")
    return _decode_fast(cls, data)


def norm(key: str) -> str:
    """The generator maps `object` to `object_` and camelCase to snake_case; this undoes both."""
    return key.replace("_", "").lower()


def declared_keys(cls: type) -> frozenset[str]:
    """Normalised JSON keys that `cls` declares (see `norm`)."""
    return frozenset(_plan(cls).fields)


def field_hint(cls: type, key: str) -> Any:
    """The resolved type hint of a declared field (None if `cls` does not declare `key`)."""
    entry = _plan(cls).fields.get(norm(key))
    return None if entry is None else entry.hint


def field_model(cls: type, key: str) -> type | None:
    """The generated model a declared field holds (through lists and unions), if any."""
    entry = _plan(cls).fields.get(norm(key))
    if entry is None:
        return None
    return next((c for c in _leaf_types(entry.hint) if _is_model(c)), None)


# -- the rebuild path -------------------------------------------------------------------------

#: How many objects of a class in a row the generated `from_dict` refused. From `GIVE_UP` on,
#: objects of that class are rebuilt directly, saving a doomed strict attempt each (a class the
#: document describes wrongly fails every time). Any strict success resets the count: Azure's
#: first stream event (`object: ""`) fails where the 10,000 chunks after it parse strictly,
#: and one odd object must not send all the others down the slower path.
_STRICT_FAILS: dict[type, int] = {}
GIVE_UP = 3

Converter = Callable[[Any], Any]


def _decode_fast(cls: type[T], data: Any) -> T:
    if _STRICT_FAILS.get(cls, 0) >= GIVE_UP:
        return _rebuild(cls, data)
    try:
        obj: T = cls.from_dict(data)  # type: ignore[attr-defined]
    except PARSE_ERRORS:
        if not isinstance(data, Mapping):
            raise
        _STRICT_FAILS[cls] = _STRICT_FAILS.get(cls, 0) + 1
        return _rebuild(cls, data)
    _STRICT_FAILS.pop(cls, None)
    return obj


def _rebuild(cls: type[T], data: Mapping[str, Any]) -> T:
    plan = _plan(cls)
    by_key = plan.by_key
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        entry = by_key.get(key)
        if entry is None:
            entry = by_key[key] = plan.fields.get(norm(key), _UNKNOWN)
            plan.json_keys.setdefault(entry.name, key)
        if entry is _UNKNOWN:
            extra[key] = value
        else:
            kwargs[entry.name] = None if value is None else entry.convert(value)
    for entry in plan.required:
        if entry.name not in kwargs:
            kwargs[entry.name] = [] if entry.is_list else None
    obj: T = plan.tolerant(**kwargs)
    if extra and plan.has_extras:
        obj.additional_properties = extra  # type: ignore[attr-defined]
    return obj


def _compile(hint: Any) -> Converter:
    """A converter that gives a value the first declared type it fits, or keeps it as it came."""
    steps: list[Converter] = []
    fallback_model: type | None = None
    for candidate in union_members(hint):
        if typing.get_origin(candidate) is list:
            (item_hint,) = typing.get_args(candidate) or (Any,)
            steps.append(_list_step(_compile(item_hint)))
        elif _is_model(candidate):
            fallback_model = fallback_model or candidate
            steps.append(_model_step(candidate))
        elif isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            steps.append(candidate)
    if not steps:
        return _identity

    def convert(value: Any) -> Any:
        for step in steps:
            try:
                return step(value)
            except _NoFit:
                continue
            except ValueError:  # an enum that does not know this value
                continue
        if fallback_model is not None and isinstance(value, Mapping):
            return _rebuild(fallback_model, value)
        return value

    return convert


class _NoFit(Exception):
    """A union member does not fit this value; try the next one."""


def _identity(value: Any) -> Any:
    return value


def _list_step(item: Converter) -> Converter:
    def step(value: Any) -> Any:
        if not isinstance(value, list):
            raise _NoFit
        return [None if v is None else item(v) for v in value]

    return step


def _model_step(model: type) -> Converter:
    def step(value: Any) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise _NoFit
        if _STRICT_FAILS.get(model, 0) >= GIVE_UP:
            return _rebuild(model, value)
        try:
            obj = model.from_dict(value)  # type: ignore[attr-defined]
        except PARSE_ERRORS:
            _STRICT_FAILS[model] = _STRICT_FAILS.get(model, 0) + 1
            raise _NoFit from None
        _STRICT_FAILS.pop(model, None)
        return obj

    return step


def union_members(hint: Any) -> tuple[Any, ...]:
    """The members of a union hint, without None and the generator's `Unset`."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(hint) if a is not type(None) and _type_name(a) != "Unset")
    return (hint,)


def _leaf_types(hint: Any) -> Iterator[Any]:
    for member in union_members(hint):
        if typing.get_origin(member) is list:
            yield from (leaf for arg in typing.get_args(member) for leaf in _leaf_types(arg))
        else:
            yield member


def _type_name(obj: Any) -> str:
    return getattr(obj, "__name__", "")


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and attrs.has(obj) and hasattr(obj, "from_dict")


class _ModelsNamespace(Mapping[str, Any]):
    """Resolves the names a generated module imports only under TYPE_CHECKING, lazily."""

    def __init__(self, package: Any) -> None:
        self._package = package

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self._package, name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@attrs.define(slots=True)
class _Field:
    name: str
    hint: Any
    required: bool
    convert: Converter  # a _LazyConverter until first use, then the compiled converter
    is_list: bool = False  # a missing required list becomes [] so `for c in chunk.choices` still works


_UNKNOWN = _Field("", Any, False, _identity)


@attrs.define
class _Plan:
    fields: dict[str, _Field]  # normalised JSON key -> field
    required: tuple[_Field, ...]
    by_key: dict[str, _Field]  # raw JSON key -> field (or _UNKNOWN), filled as keys are seen
    has_extras: bool
    tolerant: type  # the subclass rebuilt objects get (see `_tolerant_class`)
    json_keys: dict[str, str]  # attribute name -> JSON key, as seen on the wire


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    """How to rebuild `cls`, worked out once per class from its attrs fields."""
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    module = sys.modules[cls.__module__]
    package = sys.modules.get(cls.__module__.rpartition(".")[0])
    localns = _ModelsNamespace(package) if package is not None else {}
    fields: dict[str, _Field] = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        hint: Any = field.type
        if isinstance(hint, str):
            try:
                hint = eval(hint, vars(module), localns)  # the generator's own annotation text
            except Exception:  # an unresolvable annotation only costs typing: keep the raw value
                hint = Any
        name = field.alias or field.name
        is_list = any(typing.get_origin(m) is list for m in union_members(hint))
        entry = _Field(name, hint, field.default is attrs.NOTHING, _identity, is_list)
        entry.convert = _LazyConverter(entry)
        fields[norm(name)] = entry
    has_extras = any(f.name == "additional_properties" for f in attrs.fields(cls))
    required = tuple(f for f in fields.values() if f.required)
    plan = _PLANS[cls] = _Plan(fields, required, {}, has_extras, _tolerant_class(cls), {})
    return plan


def _tolerant_class(cls: type) -> type:
    """A subclass of `cls` whose `to_dict` also serialises values the document did not foresee.

    The generated `to_dict` dereferences `.value` / `.to_dict()` on fields the document calls
    required and non-null, so a rebuilt chunk (`finish_reason: null`, no `delta`) would break
    it. Only rebuilt objects get this subclass; `isinstance`, name and repr stay the model's.
    """
    namespace = {
        "__slots__": (),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "_aoai_model": cls,
        "to_dict": _tolerant_to_dict,
    }
    return type(cls.__name__, (cls,), namespace)


def _tolerant_to_dict(self: Any) -> dict[str, Any]:
    plan = _plan(self._aoai_model)
    out: dict[str, Any] = dict(getattr(self, "additional_properties", {}))
    for entry in plan.fields.values():
        value = getattr(self, entry.name)
        if _type_name(type(value)) != "Unset":
            out[plan.json_keys.get(entry.name, entry.name.rstrip("_"))] = _to_json(value)
    return out


def _to_json(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


class _LazyConverter:
    """Compiles a field's converter on first use (recursive models must not recurse at plan time),
    then puts the compiled one in the field's place so later values skip this hop."""

    __slots__ = ("_field",)

    def __init__(self, field: _Field) -> None:
        self._field = field

    def __call__(self, value: Any) -> Any:
        compiled = self._field.convert = _compile(self._field.hint)
        return compiled(value)
