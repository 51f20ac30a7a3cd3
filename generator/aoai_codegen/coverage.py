"""Account for every component schema: which class it became, or why it has none.

openapi-python-client makes a class for object and enum schemas; a schema that is
a union, a list or a primitive becomes a type annotation inlined where it is used
("folded"). This module says which is which, so "every schema has a model" is a
checked fact rather than a hope, and the report can list the folded ones with why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

WHY_FOLDED = {
    "UnionProperty": "a oneOf/anyOf of other types: inlined as a union annotation where used",
    "ListProperty": "an array: inlined as list[...] where used",
}


@attrs.frozen
class SchemaFate:
    schema: str
    kind: str  # "model", "enum" or "folded"
    class_name: str | None
    why: str | None


def schema_fates(document: dict[str, Any]) -> list[SchemaFate]:
    """What the generator makes of each component schema (its own first parsing pass, no files written)."""
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from openapi_python_client.parser.properties import EnumProperty, ModelProperty, Schemas, build_schemas
    from openapi_python_client.schema import OpenAPI

    config = Config.from_sources(ConfigFile(), MetaType("none"), Path("openapi.json"), "utf-8", True, None)
    components = OpenAPI.model_validate(document).components
    built = build_schemas(
        components=(components.schemas if components else None) or {}, schemas=Schemas(), config=config
    )
    by_ref = {
        str(ref.get_untrusted_value() if hasattr(ref, "get_untrusted_value") else ref): prop
        for ref, prop in built.classes_by_reference.items()
    }
    fates = []
    for name in document.get("components", {}).get("schemas", {}):
        prop = by_ref.get(f"/components/schemas/{name}")
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
    return fates


def missing_classes(fates: list[SchemaFate], exported: set[str]) -> list[str]:
    """Schemas that should have a class but whose class the package does not export."""
    return [
        f"{fate.schema} ({fate.kind}{': expected class ' + fate.class_name if fate.class_name else ''})"
        for fate in fates
        if fate.kind == "missing" or (fate.class_name is not None and fate.class_name not in exported)
    ]
