"""The public surface of one generated api-version, as data.

A surface is what a caller of the generated client can touch: operations (the
endpoint modules and their functions), models (attrs classes and their fields)
and enums (their values), plus the document's component schemas that became no
class. Every item carries both names a reviewer needs: the Python one
(`chat.chat_completions_create`, `CreateChatCompletionRequest.seed`) and the API
one (`POST /deployments/{deployment-id}/chat/completions`,
`#/components/schemas/createChatCompletionRequest/properties/seed`).

The Python side is read statically by `surface_python` (griffe, no import of the
generated code), the API side is joined in by `surface_api` from the package's
own `openapi.json`; `extract_surface` runs both. Surfaces are plain attrs
classes so they serialise to JSON and back without a custom encoder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs


class SurfaceError(Exception):
    """The folder is not a generated package, or the package cannot be read."""


@attrs.frozen
class Parameter:
    name: str
    python_type: str
    required: bool
    default: str | None
    location: str  # path | query | header | cookie | body
    api_name: str | None
    api: str | None = None


@attrs.frozen
class Operation:
    operation_id: str
    method: str
    path: str
    module: str  # "<tag>.<module>", as imported from api/
    functions: list[str]
    parameters: list[Parameter]
    body: str | None
    responses: dict[str, str]  # status ("200", "default") -> Python type
    streaming: bool
    api: str | None = None  # JSON pointer of the operation in openapi.json

    @property
    def api_label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@attrs.frozen
class Field:
    name: str
    json_name: str | None
    python_type: str
    required: bool
    nullable: bool
    default: str | None
    api: str | None = None


@attrs.frozen
class Model:
    name: str
    module: str
    fields: list[Field]
    api: str | None = None
    roles: list[str] = attrs.field(factory=list)  # "request" and/or "response"


@attrs.frozen
class Enum:
    name: str
    module: str
    values: list[str]
    api: str | None = None


@attrs.frozen
class Schema:
    """A component schema; `python` is the class it became, or None (a union, an alias, unused)."""

    key: str
    python: str | None
    shape: str
    api: str


@attrs.frozen
class Surface:
    api_version: str
    package: str
    operations: dict[str, Operation]
    models: dict[str, Model]
    enums: dict[str, Enum]
    schemas: dict[str, Schema]
    problems: list[str]  # disagreements between the package and its openapi.json

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Surface:
        def ops(raw: dict[str, Any]) -> Operation:
            params = [Parameter(**p) for p in raw["parameters"]]
            return Operation(**{**raw, "parameters": params})

        return cls(
            api_version=data["api_version"],
            package=data["package"],
            operations={k: ops(v) for k, v in data["operations"].items()},
            models={
                k: Model(**{**v, "fields": [Field(**f) for f in v["fields"]]})
                for k, v in data["models"].items()
            },
            enums={k: Enum(**v) for k, v in data["enums"].items()},
            schemas={k: Schema(**v) for k, v in data["schemas"].items()},
            problems=list(data["problems"]),
        )


def extract_surface(package_dir: Path) -> Surface:
    """Read `package_dir` (a generated package with its openapi.json) into a Surface."""
    from .surface_api import join_document
    from .surface_python import read_package

    if not (package_dir / "__init__.py").is_file() or not (package_dir / "api").is_dir():
        raise SurfaceError(f"{package_dir} is not a generated package (expected __init__.py and api/ in it)")
    document_path = package_dir / "openapi.json"
    try:
        document = json.loads(document_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SurfaceError(f"{document_path}: cannot read the package's patched document: {exc}") from exc
    api_version, operations, models, enums = read_package(package_dir)
    return join_document(api_version, package_dir.name, operations, models, enums, document)


def package_for(generated: Path, specs: Path, ref: str) -> Path:
    """The generated package a `diff` argument names: a folder path, or a pinned api-version.

    Raises SurfaceError saying what to run when the version is unknown or not generated.
    """
    candidate = Path(ref)
    if candidate.is_dir():
        return candidate
    from .layout import package_name

    pinned = sorted(p.parent.name for p in specs.glob("*/pin.json")) if specs.is_dir() else []
    if ref not in pinned:
        raise SurfaceError(
            f"{ref!r} is neither a pinned api-version nor a folder; pinned: {', '.join(pinned) or 'none'} "
            f"(to pin a new one: aoai-codegen add-version {ref} --channel ga|preview --commit <sha>)"
        )
    package = generated / package_name(ref)
    if not package.is_dir():
        raise SurfaceError(
            f"api-version {ref} is pinned but not generated ({package} is missing): run `aoai-codegen generate {ref}` (or `make generate`)"
        )
    return package
