"""The typed facade of one api-version: `<package>/typed.pyi`, `typed.py`, `params.py`, `_typing_probe.py`.

Why a stub: the facade's run-time methods are shared by every version and take `**params`
(see `aoai.resources`), so what one version accepts and returns exists only in its document.
This emitter turns each `FACADE` entry of the version's metadata (`metadata.py`) into the
method the facade contract describes, typed from openapi-python-client's own parse
(`typed_types`): path parameters positional, body fields and query parameters as keywords
named as the generated code names them, `model` for a deployment in the path, the per-call
options, and the result: the success model, `Stream[Chunk]` overloads on `stream`, pages for
cursor lists, `bytes`/`str` for binary/text replies; sync, async, and `with_raw_response`.

Only type checkers read `typed.pyi`. At run time `typed.py` makes the pinned clients
(`aoai._pinned`), and only when a caller imports them (`from aoai_v2024_10_21 import AzureOpenAI`).
`_typing_probe.py` calls every method once with its required arguments and asserts the
result type: the typing tests run both checkers over it (it is never imported).
"""

from __future__ import annotations

import keyword
import re
from typing import Any

import attrs

from .metadata import _generated_endpoints, _generator_path
from .routes import deployment_parameter, operations
from .rules import class_namer
from .typed_types import TypeWriter, UnknownPropertyError, unwrap

OPTIONS = (
    ("timeout", "float | _httpx2.Timeout | None | _NotGiven"),
    ("max_retries", "int | _NotGiven"),
    ("extra_headers", "Mapping[str, str] | None"),
    ("extra_query", "Mapping[str, object] | None"),
    ("extra_body", "Mapping[str, object] | None"),
)
BINARY = ("application/octet-stream", "image/", "audio/", "video/")
#: Names the stub imports or defines; a resource class spelled the same would shadow one.
TAKEN = frozenset(
    {"Any", "Literal", "Mapping", "Sequence", "Self", "Unpack", "ClientOptions", "FileInput", "File", "UUID"}
)


class TypedFacadeError(Exception):
    """The facade contract cannot be written for an operation (a name clash): fail the build."""


@attrs.frozen
class Param:
    name: str
    annotation: str
    required: bool
    positional: bool = False

    def render(self) -> str:
        return f"{self.name}: {self.annotation}" + ("" if self.required else " = ...")


@attrs.frozen
class Method:
    facade: str  # "chat.completions.create"
    params: tuple[Param, ...]  # without `stream` when the method streams
    result: str
    chunk: str | None = None  # the stream chunk type: the method has `stream` overloads
    chunk_alias: tuple[str, str] | None = None  # (name, union) when `chunk` names an alias of typed.pyi
    stream_nullable: bool = False
    item: str | None = None  # a cursor page's item type
    doc: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.facade.split(".")[:-1])

    @property
    def leaf(self) -> str:
        return self.facade.split(".")[-1]


def pascal(parts: tuple[str, ...]) -> str:
    return "".join(word.capitalize() for part in parts for word in part.split("_"))


def _doc(endpoint: Any, method: str, path: str, op_id: str) -> str:
    summary = " ".join((unwrap(endpoint.summary) or unwrap(endpoint.description)).split())
    summary = re.split(r"(?<=\.)\s", summary, maxsplit=1)[0][:150].replace("\\", "/").replace('"', "'")
    return f"{summary} ({method} {path}, {op_id})".strip()


def _also_declared(operation: dict[str, Any], status: str) -> list[str]:
    """What else the success status may answer besides its first content type: `str` for a
    `text/*` body (audio transcriptions in `response_format="text"`), `bytes` for a binary one;
    the request builder decodes by the reply's content type, so both can arrive."""
    declared = ((operation.get("responses") or {}).get(status) or {}).get("content") or {}
    kinds = [str(ct).lower() for ct in list(declared)[1:]]
    extra = ["str"] if any(k.startswith("text/") and k != "text/event-stream" for k in kinds) else []
    return extra + (["bytes"] if any(k.startswith(BINARY) for k in kinds) else [])


def _result(spec: dict[str, Any], operation: dict[str, Any]) -> str:
    response = spec.get("response")
    if response is None:
        return "None"
    shape, names = response["shape"], response["models"]
    if shape in ("model", "union") and names:
        return " | ".join(
            [f"_models.{name}" for name in names] + _also_declared(operation, response["status"])
        )
    if shape == "list" and names:
        return f"_list[_models.{names[0]}]"
    if shape == "bytes":
        return "bytes"
    if shape == "text":
        return "str"
    return "None" if shape == "none" or response.get("content_type") is None else "object"


def _page_item(writer: TypeWriter, spec: dict[str, Any]) -> str | None:
    paging, response = spec.get("paging"), spec.get("response") or {}
    if not paging or not response.get("models"):
        return None
    data = next((p for p in writer.fields(response["models"][0]) if unwrap(p.name) == paging["data"]), None)
    if data is None or type(data).__name__ != "ListProperty":
        return None
    return writer.result(data.inner_property)


def _chunk_alias(spec: dict[str, Any]) -> tuple[str, str] | None:
    """Streams of typed events (the Responses API) yield each event's own class, which the
    generated models do not derive from the base schema's, or plain data for an unknown type:
    their union is named once in typed.pyi (`AnyResponseStreamEvent`) instead of in every
    signature."""
    stream = spec.get("stream") or {}
    if not stream.get("events"):
        return None
    classes = sorted(set(stream["events"].values()))
    name = f"Any{stream.get('model') or 'StreamEvent'}"
    return name, " | ".join([*(f"_models.{c}" for c in classes), "_PlainObject"])


def _chunk(spec: dict[str, Any]) -> str | None:
    stream = spec.get("stream")
    if stream is None:
        return None
    alias = _chunk_alias(spec)
    if alias is not None:
        return alias[0]
    if stream.get("model"):
        return f"_models.{stream['model']}"
    if stream.get("variants"):
        return " | ".join(f"_models.{name}" for name in stream["variants"])
    return "_PlainObject"


def body_keyword(prop: Any) -> str:
    """A body field's keyword: its JSON name where that is a usable identifier (`input`, which the
    generator renames `input_` as it shadows a builtin), else the generator's name (`from_`). The
    request builder sends a keyword as the field it names, so either spelling reaches the wire."""
    wire = unwrap(prop.name)
    return wire if wire.isidentifier() and not keyword.iskeyword(wire) else str(prop.python_name)


def _add(params: dict[str, Param], param: Param, facade: str) -> None:
    if param.name in params or param.name in dict(OPTIONS):
        raise TypedFacadeError(
            f"{facade}(): two parameters would be named {param.name!r} (a body field, a query "
            "parameter, a path parameter or a per-call option); the facade contract cannot say which"
        )
    params[param.name] = param


def build_method(
    writer: TypeWriter, facade: str, spec: dict[str, Any], endpoint: Any, operation: dict[str, Any]
) -> Method:
    params: dict[str, Param] = {}
    deployment = spec.get("deployment") or {}
    skip_path = deployment_parameter(spec["path"]) if deployment.get("in") == "path" else None
    order = {name: spec["path"].find("{" + name + "}") for name in spec["path_parameters"]}
    for prop in sorted(endpoint.path_parameters, key=lambda p: order.get(unwrap(p.name), 0)):
        if unwrap(prop.name) != skip_path:
            _add(params, Param(str(prop.python_name), writer.param(prop), True, positional=True), facade)
    if skip_path is not None:
        _add(params, Param("model", "str | _NotGiven", False), facade)
    chunk, nullable = None, False
    bodies = [b for b in spec["request"] if b.get("model")]
    if bodies:  # the first body the operation accepts (JSON before multipart, as the document lists them)
        for prop in writer.fields(bodies[0]["model"]):
            name = body_keyword(prop)
            annotation = writer.param(prop)
            if name == "stream" and _chunk(spec) is not None:
                chunk, nullable = _chunk(spec), "None" in annotation.split(" | ")
                continue
            required = bool(prop.required)
            _add(
                params, Param(name, annotation if required else f"{annotation} | _NotGiven", required), facade
            )
    for prop in endpoint.query_parameters:
        if unwrap(prop.name) == "api-version":
            continue  # the client's
        annotation = writer.param(prop)
        annotation = annotation if prop.required else f"{annotation} | _NotGiven"
        _add(params, Param(str(prop.python_name), annotation, bool(prop.required)), facade)
    return Method(
        facade=facade,
        params=tuple(params.values()),
        result=_result(spec, operation),
        chunk=chunk,
        chunk_alias=_chunk_alias(spec) if chunk is not None else None,
        stream_nullable=nullable,
        item=_page_item(writer, spec),
        doc=_doc(endpoint, spec["method"], spec["path"], str(operation["operationId"])),
    )


def build_methods(
    metadata: dict[str, Any], openapi: Any, field_prefix: str, document: dict[str, Any]
) -> tuple[list[Method], TypeWriter]:
    """Every facade method of the version, in facade-name order, and the writer that typed them."""
    models = {m.class_info.name: m for m in openapi.models}
    enums = {e.class_info.name: e for e in openapi.enums}
    writer = TypeWriter(models, enums, class_namer(document))
    endpoints = _generated_endpoints(openapi, field_prefix)
    by_id = {str(op["operationId"]): (path, method, op) for path, method, op in operations(document)}
    methods = []
    for facade, op_id in metadata["FACADE"].items():
        path, method, operation = by_id[op_id]
        endpoint, _module = endpoints[(method, _generator_path(path, field_prefix))]
        methods.append(build_method(writer, facade, metadata["OPERATIONS"][op_id], endpoint, operation))
    _check_tree(methods)
    return methods, writer


def _check_tree(methods: list[Method]) -> None:
    resources = {m.path[:depth] for m in methods for depth in range(1, len(m.path) + 1)}
    for method in methods:
        if (*method.path, method.leaf) in resources:
            raise TypedFacadeError(f"{method.facade} is both a method and a resource")
    names = {pascal(path) for path in resources}
    if len(names) != len(resources) or names & TAKEN:
        raise TypedFacadeError("two facade resources (or a resource and an imported name) share a class name")


__all__ = ["Method", "Param", "TypedFacadeError", "UnknownPropertyError", "build_methods", "pascal"]
