"""Bytes of a published OpenAPI document -> the JSON-shaped dict the pipeline works on.

Azure publishes some documents as JSON and some as YAML (2025-04-01-preview is
OpenAPI 3.1 in YAML). YAML is parsed with PyYAML's libyaml loader: ruamel.yaml
(which openapi-python-client brings) parses that 480 KB document in pure Python in
~1.7 s, a fifth of the whole generation budget; libyaml takes ~0.17 s. PyYAML
speaks YAML 1.1, so its loader here is narrowed to what JSON-shaped OpenAPI YAML
means in 1.2: only `true`/`false` are booleans (not `yes`, `no`, `on`, `off`),
and dates stay the text they were written as. Integer keys (`200:`) become
strings through a JSON round trip, so every later step sees exactly what a JSON
document would give it.
"""

from __future__ import annotations

import json
import re
from typing import Any


class DocumentError(Exception):
    """The bytes are not an OpenAPI 3 document in JSON or YAML."""


def _loader() -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        """The safe loader without YAML 1.1's extra booleans and its timestamps."""

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return Loader


_DROPPED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")


def _yaml(data: bytes, source: str) -> Any:
    import yaml

    try:
        loaded = yaml.load(data, Loader=_loader())  # a safe loader, narrowed (see _loader)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())[:300]
        raise DocumentError(f"{source}: neither JSON nor valid YAML ({problem})") from exc
    try:
        return json.loads(json.dumps(loaded))
    except (TypeError, ValueError) as exc:
        raise DocumentError(f"{source}: YAML holds a value JSON cannot: {exc}") from exc


def parse_document(data: bytes, source: str) -> dict[str, Any]:
    """The document in `data` (JSON, or YAML when it is not JSON); `source` names it in errors."""
    text = data.lstrip()
    if text.startswith((b"{", b"[")):
        try:
            document = json.loads(data)
        except ValueError as exc:
            raise DocumentError(f"{source}: not valid JSON ({exc}); expected an OpenAPI document") from exc
    else:
        document = _yaml(data, source)
    if not isinstance(document, dict) or "openapi" not in document or "paths" not in document:
        raise DocumentError(
            f"{source}: expected an OpenAPI 3 document (an object with 'openapi' and 'paths'), "
            f"found {type(document).__name__}"
            + (
                f" with keys {', '.join(sorted(map(str, document))[:8])}"
                if isinstance(document, dict)
                else ""
            )
        )
    return document
