"""The Python half of a surface: what the generated package exposes, read statically with griffe.

Static, because importing a generated package runs its code and needs its
dependencies, and because griffe gives annotations and defaults back as the
source wrote them (`int | None | Unset`), which is what a caller reads. The few
facts that live only in function bodies (HTTP method and URL, the model parsed
per status code) are taken from the functions' source, whose shape the stock
openapi-python-client templates fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

import attrs
import griffe
from openapi_python_client.strings import PythonIdentifier

from .surface import Enum, Field, Model, Operation, Parameter, SurfaceError

FUNCTIONS = ("sync", "sync_detailed", "asyncio", "asyncio_detailed")
T = TypeVar("T", griffe.Module, griffe.Class)
ENUM_BASES = {"Enum", "StrEnum", "IntEnum", "str", "int"}


def split_union(python_type: str) -> list[str]:
    """Top-level members of a `A | B[C | D] | None` annotation, in order."""
    members, depth, current = [], 0, ""
    for char in python_type:
        depth += char in "[("
        depth -= char in "])"
        if char == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += char
    members.append(current.strip())
    return [m for m in members if m]


def _default(value: object) -> str | None:
    text = None if value is None else str(value)
    return None if text in (None, "UNSET") else text


def _load(package_dir: Path) -> griffe.Module:
    try:
        loaded = griffe.load(package_dir.name, search_paths=[package_dir.parent], resolve_aliases=False)
    except (ImportError, OSError, griffe.GriffeError) as exc:
        raise SurfaceError(f"{package_dir}: griffe cannot read the package: {exc}") from exc
    if not isinstance(loaded, griffe.Module):
        raise SurfaceError(f"{package_dir}: expected a package, griffe found {loaded.kind.value}")
    return loaded


def _responses(source: str) -> dict[str, str]:
    """status -> Python type, from `_parse_response`'s `if response.status_code == N:` blocks."""
    blocks = re.split(r"\n\s*if response\.status_code == (\d+):|\n(?=\s*response_default =)", source)
    found: dict[str, str] = {}
    statuses = [None, *blocks[1::2]]
    for status, block in zip(statuses, blocks[0::2], strict=True):
        key = status or ("default" if "response_default =" in block else None)
        if key is None:
            continue
        names = list(dict.fromkeys(re.findall(r"(\w+)\.from_dict\(", block)))
        if "File(payload=" in block:
            names.append("File")
        found[key] = " | ".join(names) if names else ("None" if "None" in block else "Any")
    return found


def _operation(tag: str, module: griffe.Module) -> Operation:
    where = f"{module.filepath}"
    functions = [name for name in FUNCTIONS if name in module.members]
    if "_get_kwargs" not in module.members or not functions:
        raise SurfaceError(
            f"{where}: not an endpoint module (expected _get_kwargs and sync/asyncio functions)"
        )
    kwargs_source = module["_get_kwargs"].source
    method = re.search(r'"method": "(\w+)"', kwargs_source)
    url = re.search(r'"url": f?"([^"]*)"', kwargs_source)
    if method is None or url is None:
        raise SurfaceError(f'{where}: _get_kwargs has no "method"/"url" entries')
    signature = module[functions[0]]
    parameters = []
    for param in signature.parameters:
        if param.name == "client":
            continue
        annotation = str(param.annotation)
        parameters.append(
            Parameter(
                name=param.name,
                python_type=annotation,
                required=param.default is None,
                default=_default(param.default),
                location="body" if param.name == "body" else "",
                api_name=None,
                api=None,
            )
        )
    body = next((p.python_type for p in parameters if p.location == "body"), None)
    parse = module.members.get("_parse_response")
    responses = _responses(parse.source) if parse is not None else {}
    return Operation(
        operation_id=module.name,
        method=method.group(1).upper(),
        path=url.group(1),
        module=f"{tag}.{module.name}",
        functions=functions,
        parameters=parameters,
        body=body,
        responses=responses,
        streaming=False,
    )


def _class(module: griffe.Module, cls: griffe.Class) -> Model | Enum:
    bases = {str(b).rsplit(".", 1)[-1] for b in cls.bases}
    if bases & ENUM_BASES:
        values = [
            str(member.value).strip("'\"")
            for member in cls.members.values()
            if isinstance(member, griffe.Attribute) and member.value is not None and member.name.isupper()
        ]
        return Enum(name=cls.name, module=module.name, values=values)
    pops = (
        re.findall(r'd\.pop\("((?:[^"\\]|\\.)*)"', cls.members["from_dict"].source)
        if "from_dict" in cls.members
        else []
    )
    fields = []
    for member in cls.members.values():
        if (
            not isinstance(member, griffe.Attribute)
            or member.annotation is None
            or "property" in member.labels
        ):
            continue
        if member.name == "additional_properties":
            continue
        python_type = str(member.annotation)
        members = split_union(python_type)
        fields.append(
            Field(
                name=member.name,
                json_name=None,
                python_type=python_type,
                required="Unset" not in members,
                nullable="None" in members,
                default=_default(member.value),
            )
        )
    # the JSON key of each field, from the `d.pop("<key>")` calls in from_dict
    json_names = {str(PythonIdentifier(key, "field_")): key for key in pops}
    fields = [attrs.evolve(f, json_name=json_names.get(f.name)) for f in fields]
    return Model(name=cls.name, module=module.name, fields=fields)


def _own(parent: griffe.Object, kind: type[T]) -> list[T]:
    """Members defined in `parent` itself (not imported aliases, which griffe would try to resolve), by name."""
    found = [m for m in parent.members.values() if not m.is_alias and isinstance(m, kind)]
    return sorted(found, key=lambda m: m.name)


def read_package(package_dir: Path) -> tuple[str, list[Operation], list[Model], list[Enum]]:
    """(api_version, operations, models, enums) as the package's Python code declares them."""
    package = _load(package_dir)
    meta = package.members.get("_meta")
    version_attr = meta.members.get("API_VERSION") if isinstance(meta, griffe.Module) else None
    api_version = (
        str(version_attr.value).strip("'\"")
        if isinstance(version_attr, griffe.Attribute)
        else package_dir.name
    )
    operations: list[Operation] = []
    api = package["api"]
    for tag in _own(api, griffe.Module):
        for module in _own(tag, griffe.Module):
            operations.append(_operation(tag.name, module))
    models: list[Model] = []
    enums: list[Enum] = []
    for module in _own(package["models"], griffe.Module):
        for cls in _own(module, griffe.Class):
            item = _class(module, cls)
            (enums if isinstance(item, Enum) else models).append(item)  # type: ignore[arg-type]
    return api_version, operations, models, enums
