"""Readable names for inline enums: named for their field, qualified only as far as needed.

openapi-python-client names an enum declared inline (not a component) after everything around
it: `CreateChatCompletionStreamResponseChoicesItemFinishReasonType1` is the `finish_reason`
of a choice of a stream chunk, `Type1` because the field is nullable. The rule here, for any
document, gives it the name of its field when that says it all, and its owner's otherwise:

- an inline enum is named for its field, `FinishReason` (the generator's `_type_<n>` and
  `_item` suffixes dropped), when every inline enum of that field in the document has the same
  values (they then share the one class, as the generator shares equal enums of one name), or
  when most of them do (the chat reply's and chunk's five reasons, against the legacy
  completion's three) and those values are a real choice, not one discriminator constant; and
  no component is called that;
- else it is qualified by the component it is declared in, `CreateCompletionResponseFinishReason`,
  when that component's enums of that field all agree;
- else it keeps the generator's name (so does an enum of an operation parameter whose field
  name is ambiguous: it has no component to be qualified by). Component enums keep their component's name (`rules`), and no inline enum
  takes a name that a component has in *any* pinned document: v1's images `quality` is not
  called `Quality` because the preview document has a component of that name (for videos).

Deterministic for a document, and stable across versions wherever the field means the same in
each: a version that adds a same-named field with other values turns the short name into
qualified ones, which the surface diff then shows as a renamed enum. The decision needs every
inline enum of the document, so it is planned from the document before the generator runs, and
applied where the generator builds each enum (`EnumProperty.build`, wrapped for one parse).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import attrs

from .rules import class_namer
from .typed_types import unwrap

SUFFIX = re.compile(r"(?:_type_\d+|_item)+$")


def field_of(name: str) -> str:
    """`finish_reason_type_1` -> `finish_reason`; `include_contexts_item` -> `include_contexts`."""
    return SUFFIX.sub("", name) or name


def pascal(name: str) -> str:
    from openapi_python_client.strings import ClassName

    return str(ClassName(name, ""))


@attrs.frozen
class Plan:
    short: dict[tuple[str, tuple[str, ...]], str]  # (field, values) -> its field's name
    qualified: dict[tuple[str, str, tuple[str, ...]], str]  # (owner class, field, values) -> owner + field
    owners: tuple[str, ...]  # component class names, longest first (prefix match)

    def name(self, name: str, parent_name: str, values: list[Any]) -> str | None:
        """The readable class name for an inline enum, or None to keep the generator's."""
        field, key = field_of(name), _values(values)
        if (field, key) in self.short:
            return self.short[(field, key)]
        parent = pascal(parent_name)
        owner = next((o for o in self.owners if parent.startswith(o)), None)
        return self.qualified.get((owner, field, key)) if owner is not None else None


def _commonest(counts: Counter[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The field's one set of values; or, where its enums differ, the set most of them share, if
    that is a real choice (two values or more, not a discriminator constant) and no tie."""
    ranked = counts.most_common()
    if len(ranked) == 1:
        return ranked[0][0]
    (top, n), (_second, m) = ranked[0], ranked[1]
    return top if n > m and len(top) > 1 else None


def _values(values: list[Any]) -> tuple[str, ...]:
    return tuple(sorted(str(v) for v in values if v is not None))


def _walk(
    schema: Any, field: str | None, owner: str | None, found: list[tuple[str | None, str, tuple[str, ...]]]
) -> None:
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if "enum" in schema and field is not None:
        found.append((owner, field, _values(schema["enum"])))
    for name, sub in (schema.get("properties") or {}).items():
        _walk(sub, str(name), owner, found)
    for key in ("items", "additionalProperties"):
        _walk(schema.get(key), field, owner, found)
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key) or ():
            _walk(sub, field, owner, found)


def plan(document: dict[str, Any], reserved: frozenset[str] = frozenset()) -> Plan:
    """The names for `document`'s inline enums; `reserved` names (components of the other pinned
    documents) are never given, so a class name means one schema across the versions the diff joins."""
    from .routes import operations

    namer = class_namer(document)
    components = (document.get("components") or {}).get("schemas") or {}
    found: list[tuple[str | None, str, tuple[str, ...]]] = []
    for key, schema in components.items():
        root = dict(schema) if isinstance(schema, dict) else {}
        root.pop("enum", None)  # a component enum is named for its component
        _walk(root, None, namer(key), found)
    for _path, _method, operation in operations(document):
        for param in operation.get("parameters") or ():
            if isinstance(param, dict) and "name" in param:
                _walk(param.get("schema"), str(param["name"]), None, found)
    by_field: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    by_owner: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    for owner, field, values in found:
        by_field[field][values] += 1
        if owner is not None:
            by_owner[(owner, field)].add(values)
    taken = frozenset(namer(key) for key in components) | reserved
    short: dict[tuple[str, tuple[str, ...]], str] = {}
    for field, counts in by_field.items():
        common = _commonest(counts)
        if common is not None and pascal(field) not in taken:
            short[(field, common)] = pascal(field)
    qualified = {
        (owner, field, next(iter(sets))): owner + pascal(field)
        for (owner, field), sets in by_owner.items()
        if len(sets) == 1 and (field, next(iter(sets))) not in short and owner + pascal(field) not in taken
    }
    # One name, one set of values: where two decisions give one name to different enums (`InputAudio`
    # + `format` against the field `input_audio_format`), both keep the generator's names instead.
    given: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for (_field, values), chosen in short.items():
        given[chosen].add(values)
    for (_owner, _field, values), chosen in qualified.items():
        given[chosen].add(values)
    clashing = {name for name, sets in given.items() if len(sets) > 1}
    short = {k: v for k, v in short.items() if v not in clashing}
    qualified = {k: v for k, v in qualified.items() if v not in clashing}
    return Plan(short, qualified, tuple(sorted(taken, key=lambda n: (-len(n), n))))


@contextlib.contextmanager
def readable_enum_names(document: dict[str, Any], reserved: frozenset[str] = frozenset()) -> Iterator[Plan]:
    """Within the block, inline enums the generator builds get `plan(document, reserved)`'s names."""
    from openapi_python_client.parser.properties.enum_property import EnumProperty

    the_plan = plan(document, reserved)
    original = EnumProperty.__dict__["build"]

    def build(cls: Any, *, data: Any, name: Any, parent_name: str, **kwargs: Any) -> Any:
        values = list(data.enum or [])
        chosen = None
        if parent_name and values and None not in values:  # a nullable enum comes back as its union's member
            chosen = the_plan.name(unwrap(name), parent_name, values)
        if chosen is not None:
            data, parent_name = data.model_copy(update={"title": chosen}), ""
        return original.__func__(cls, data=data, name=name, parent_name=parent_name, **kwargs)

    EnumProperty.build = classmethod(build)  # type: ignore[method-assign, assignment]
    try:
        yield the_plan
    finally:
        EnumProperty.build = original  # type: ignore[method-assign]
