"""Read a request body (JSON or multipart) and validate it against the operation's request schema.

Multipart fields arrive as strings, so they are coerced to the types the schema declares before
validation; uploaded files are validated as present (`format: binary`) and handed over as bytes.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from aoai_emulator import errors
from aoai_emulator.documents import Document
from aoai_emulator.limits import has_lone_surrogate, odd_input
from aoai_emulator.operations import Operation, schema_at
from aoai_emulator.schemas import describe_error, resolve, validator_for

Files = dict[str, tuple[str, bytes]]
#: Multipart in the documents, JSON in every SDK: this operation takes both.
SPEECH = "audio.speech.create"


def _coerce(value: str, schema: Any) -> Any:
    kind = schema.get("type") if isinstance(schema, dict) else None
    try:
        if kind == "number":
            return float(value)
        if kind == "integer":
            return int(value)
        if kind == "boolean":
            return value.lower() in ("true", "1")
        if kind == "object":  # a JSON part, as generated clients send an object member
            parsed = json.loads(value)
            return parsed if isinstance(parsed, dict) else value
    except ValueError:
        return value
    return value


async def _multipart(request: Request, doc: Document, fragment: str) -> tuple[dict[str, Any], Files]:
    properties = schema_at(doc, fragment).get("properties", {})
    body: dict[str, Any] = {}
    files: Files = {}
    async with request.form() as form:
        items = form.multi_items()
        for key, value in items:
            if isinstance(value, UploadFile):
                files[key] = (value.filename or key, await value.read())
    for key, value in items:
        if isinstance(value, UploadFile):
            body[key] = value.filename or key
            continue
        name, _, member = key.partition("[")
        if member.endswith("]") and name in properties:
            # `expires_after[seconds]=3600`: how SDKs send an object member in a form.
            owner = resolve(doc, properties[name])
            inner = (
                resolve(doc, owner.get("properties", {}).get(member[:-1], {}))
                if isinstance(owner, dict)
                else {}
            )
            nested = body.setdefault(name, {})
            if isinstance(nested, dict):
                nested[member[:-1]] = _coerce(value, inner)
            continue
        schema = resolve(doc, properties.get(key, {}))
        if isinstance(schema, dict) and schema.get("type") == "array":
            body.setdefault(key, []).append(_coerce(value, resolve(doc, schema.get("items", {}))))
        else:
            body[key] = _coerce(value, schema)
    return body, files


async def read_body(
    request: Request, doc: Document, op: Operation
) -> tuple[dict[str, Any], Files] | Response:
    """(body, files), or an Azure-shaped 400 naming what is wrong."""
    if not op.request_types:
        return {}, {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        fragment_type = (
            "multipart/form-data" if "multipart/form-data" in op.request_types else op.request_types[0]
        )
        body, files = await _multipart(request, doc, op.request_fragment(fragment_type))
    elif "application/json" not in op.request_types and doc.facade_name(op.operation_id) != SPEECH:
        wanted = " or ".join(op.request_types)
        return errors.bad_request(
            f"This operation expects a {wanted} body, not {content_type or 'no content type'}."
        )
    else:
        # Speech is multipart in the document but JSON in every SDK: accept both.
        fragment_type = "application/json" if "application/json" in op.request_types else op.request_types[0]
        raw = await request.body()
        try:
            body, files = (json.loads(raw) if raw.strip() else {}), {}
        except ValueError as exc:
            return errors.bad_request(f"We could not parse the JSON body of your request: {exc}.")
        except RecursionError:
            return errors.bad_request(
                "We could not parse the JSON body of your request: it is nested too deeply."
            )
        if not isinstance(body, dict):
            return errors.bad_request("The request body must be a JSON object.")
        if has_lone_surrogate(raw, body):
            return errors.bad_request(
                "We could not parse the JSON body of your request: it holds an unpaired surrogate "
                "(\\ud800-\\udfff), which is not valid Unicode."
            )
    failures = list(validator_for(doc, op.request_fragment(fragment_type)).iter_errors(body))
    if failures:
        param, message, code = describe_error(failures)
        return errors.bad_request(message, param=param, code=code)
    refused = odd_input(body)
    if refused is not None:
        message, param, code = refused
        return errors.bad_request(message, param=param, code=code)
    return body, files
