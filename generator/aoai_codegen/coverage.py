"""Account for every component schema: which class it became, or why it has none.

openapi-python-client makes a class for object and enum schemas; a schema that is
a union, a list or a primitive becomes a type annotation inlined where it is used
("folded"). This module says which is which, so "every schema has a model" is a
checked fact rather than a hope, and the report can list the folded ones with why.

It reads the generator's own first parsing pass over the components: the one the
package was generated from when `recording_components` caught it (openapi-python-client
keeps that result private, and parsing the components again costs ~0.2 s per large
document), else a parse of its own with the same configuration.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import attrs

from .schema_view import ref_key

PREFIX = "/components/schemas/"


@attrs.frozen
class SchemaFate:
    schema: str
    kind: str  # "model", "enum", "alias" (another component's class), "folded" or "missing"
    class_name: str | None
    why: str | None


WHY_FOLDED = {
    "UnionProperty": "a oneOf/anyOf of other types: inlined as a union annotation where used",
    "ListProperty": "an array: inlined as list[...] where used",
}


@contextlib.contextmanager
def recording_components() -> Iterator[list[Any]]:
    """Within the block, keep the result of the generator's component pass (`build_schemas`).

    It wraps the module attribute the generator's `GeneratorData.from_dict` calls and puts it
    back on exit; if a later generator calls it differently, nothing is recorded and
    `schema_fates` parses the components itself.
    """
    from openapi_python_client.parser import openapi as parser

    original = parser.build_schemas
    recorded: list[Any] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        recorded.append(result)
        return result

    parser.build_schemas = recording
    try:
        yield recorded
    finally:
        parser.build_schemas = original


def schema_fates(document: dict[str, Any], config: Any, built: Any = None) -> list[SchemaFate]:
    """What the generator makes of each component schema, in document order: from `built` (the
    generator's component pass, see `recording_components`), or from a parse with the same `config`."""
    from openapi_python_client.parser.properties import EnumProperty, ModelProperty, Schemas, build_schemas
    from openapi_python_client.schema import OpenAPI

    if built is None:
        components = OpenAPI.model_validate(document).components
        built = build_schemas(
            components=(components.schemas if components else None) or {}, schemas=Schemas(), config=config
        )
    by_ref = {
        str(ref.get_untrusted_value() if hasattr(ref, "get_untrusted_value") else ref): prop
        for ref, prop in built.classes_by_reference.items()
    }
    fates = []
    for name in (document.get("components") or {}).get("schemas") or {}:
        prop = by_ref.get(PREFIX + name)
        kind_name = type(prop).__name__
        if prop is None:
            fates.append(SchemaFate(name, "missing", None, "the generator could not parse it"))
        elif isinstance(prop, ModelProperty):
            fates.append(SchemaFate(name, "model", prop.class_info.name, None))
        elif isinstance(prop, EnumProperty):  # literal_enums is off, so no LiteralEnumProperty
            fates.append(SchemaFate(name, "enum", prop.class_info.name, None))
        else:
            plain = f"a plain {kind_name.removesuffix('Property').lower()}: inlined where used"
            why = WHY_FOLDED.get(kind_name, plain)
            inner = [
                p.class_info.name for p in getattr(prop, "inner_properties", []) if hasattr(p, "class_info")
            ]
            if inner:
                why += f" (its object variants are classes: {', '.join(inner)})"
            fates.append(SchemaFate(name, "folded", None, why))
    return _aliases(document, fates)


def _aliases(document: dict[str, Any], fates: list[SchemaFate]) -> list[SchemaFate]:
    """A component that is only a reference to another (`allOf`/`oneOf` of one `$ref`, nothing of its
    own) gets that component's class; say so instead of calling the class its own."""
    from .rules import class_namer

    own_name = class_namer(document)
    owners = {f.class_name: f.schema for f in fates if f.class_name and f.class_name == own_name(f.schema)}
    return [
        attrs.evolve(f, kind="alias", why=f"the generator uses the class of {owners[f.class_name]} for it")
        if f.class_name and f.class_name != own_name(f.schema) and f.class_name in owners
        else f
        for f in fates
    ]


def union_variants(document: dict[str, Any], fates: list[SchemaFate]) -> dict[str, tuple[str, ...]]:
    """Folded union component -> the classes of its `$ref` variants (for stream chunks that are unions)."""
    classes = {f.schema: f.class_name for f in fates if f.class_name}
    schemas = (document.get("components") or {}).get("schemas") or {}
    found = {}
    for fate in fates:
        schema = schemas.get(fate.schema) or {}
        members = schema.get("oneOf") or schema.get("anyOf") if isinstance(schema, dict) else None
        if fate.kind == "folded" and members:
            found[fate.schema] = tuple(c for c in (classes.get(ref_key(m) or "") for m in members) if c)
    return found


def missing_classes(fates: list[SchemaFate], exported: set[str]) -> list[str]:
    """Schemas that should have a class but whose class the package does not export."""
    return [
        f"{fate.schema} ({fate.kind}{': expected class ' + fate.class_name if fate.class_name else ''})"
        for fate in fates
        if fate.kind == "missing" or (fate.class_name is not None and fate.class_name not in exported)
    ]
