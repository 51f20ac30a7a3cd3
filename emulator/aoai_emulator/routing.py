"""Which document answers a request: the route model by the path, the api-version by the query.

Each route model lives under its documents' server path (`/openai` for the dated model,
`/openai/v1` for the v1 API), so the longest server path that prefixes the request path picks
the model, and the `api-version` query parameter picks the document within it. Whether that
parameter is required, and what its absence means, is read from the documents themselves: the
dated documents require it (Azure answers an unknown or missing one with 404 "Resource not
found"); the v1 documents declare it optional with a default (`v1`), and an api-version they do
not serve is a 400 that names it and lists the ones that are.

Errors on the dated routes keep the shapes recorded from the service; the v1 routes have no
recording, so their error bodies are made to follow the documents' own error schema
(`error_shapes.conform`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from aoai_emulator import errors
from aoai_emulator.documents import Document
from aoai_emulator.schemas import resolve

DEFAULT_PARAMETER = "api-version"


@dataclass(frozen=True)
class RouteModel:
    """The documents served under one server path."""

    name: str
    server_path: str
    documents: Mapping[str, Document]  # api-version -> document
    parameter: str  # the api-version query parameter's name
    required: bool
    default: str | None

    @property
    def shapes_errors_by_document(self) -> bool:
        return self.name != "dated"

    @property
    def takes_key_as_bearer(self) -> bool:
        """The v1 API takes the API key as a bearer token too (the OpenAI SDK sends it so)."""
        return self.name != "dated"

    @property
    def body_names_deployment(self) -> bool:
        """Whether a body's `model` must be a deployment: on the v1 routes it is the deployment;
        on the dated ones the path names it, and a body `model` (an assistant's) is taken as is."""
        return self.name != "dated"


def _api_version_parameter(doc: Document) -> tuple[str, bool, str | None]:
    """(name, required, default) of the api-version query parameter as the document declares it."""
    for item in doc.spec.get("paths", {}).values():
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for raw in [*item.get("parameters", []), *op.get("parameters", [])]:
                param = resolve(doc, raw)
                if param.get("in") == "query" and param.get("name") == DEFAULT_PARAMETER:
                    schema = param.get("schema") or {}
                    default = schema.get("default", resolve(doc, schema).get("default"))
                    return param["name"], bool(param.get("required")), default
    return DEFAULT_PARAMETER, True, None


def route_models(documents: Mapping[str, Document]) -> tuple[RouteModel, ...]:
    """One RouteModel per server path, the longest path first (so `/openai/v1` wins over `/openai`)."""
    grouped: dict[str, list[Document]] = {}
    for doc in documents.values():
        grouped.setdefault(doc.server_path, []).append(doc)
    models = []
    for server_path, docs in grouped.items():
        name, required, default = _api_version_parameter(docs[0])
        models.append(
            RouteModel(
                name=docs[0].route_model,
                server_path=server_path,
                documents={d.api_version: d for d in docs},
                parameter=name,
                required=required,
                default=default,
            )
        )
    return tuple(sorted(models, key=lambda m: -len(m.server_path)))


def model_for(models: tuple[RouteModel, ...], path: str) -> RouteModel | None:
    return next(
        (m for m in models if path == m.server_path or path.startswith(m.server_path.rstrip("/") + "/")),
        None,
    )


def select(model: RouteModel, query: Mapping[str, str]) -> Document | Response:
    """The document for the request's api-version, or the error Azure answers."""
    version = query.get(model.parameter)
    if version is None and not model.required:
        version = model.default
    doc = model.documents.get(version or "")
    if doc is not None:
        return doc
    if model.required:
        return errors.resource_not_found()
    served = ", ".join(sorted(model.documents))
    absent = f" (absent means {model.default})" if model.default else ""
    return errors.bad_request(
        f"The {model.parameter} {version!r} is not supported on {model.server_path}/... routes; "
        f"supported: {served}{absent}.",
        param=model.parameter,
    )


def error_document(model: RouteModel, query: Mapping[str, str]) -> Document:
    """The document whose error schema an error answer follows: the request's, else the default's."""
    found = select(model, query)
    if isinstance(found, Document):
        return found
    return model.documents.get(model.default or "") or next(iter(model.documents.values()))


def _accepts(value: str, wanted: str) -> bool:
    """An Accept header admits `wanted` when one of its media ranges matches it (`*/*`, `type/*`)."""
    kind = wanted.split("/")[0]
    ranges = [part.split(";")[0].strip().lower() for part in value.split(",")]
    return any(r in ("*/*", f"{kind}/*", wanted.lower()) for r in ranges)


def header_problem(doc: Document, operation_id: str, headers: Mapping[str, str]) -> Response | None:
    """A 400 naming a header the document marks required that is missing or has the wrong value."""
    required: dict[str, Any] = doc.facts.get(operation_id, {}).get("headers") or {}
    for name, fixed in required.items():
        value = headers.get(name)
        fix = f" set to {fixed!r}" if fixed is not None else ""
        if value is None:
            return errors.bad_request(
                f"This operation requires the '{name}' header{fix}; it is missing.", param=name
            )
        if fixed is None:
            continue
        ok = _accepts(value, str(fixed)) if name.lower() == "accept" else value.lower() == str(fixed).lower()
        if not ok:
            # The value is not echoed: the emulator never repeats a header value back.
            return errors.bad_request(
                f"This operation requires the '{name}' header{fix}; it has another value.", param=name
            )
    return None
