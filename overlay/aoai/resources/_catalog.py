"""What the client's api-version offers the facade, read from the generated package's metadata.

Why: the facade is shared by every generated version, so it must ask, never assume.
Each facade method names itself (`chat.completions.create`); the package's `_facade`
module (written by the generator, see `aoai_codegen.metadata`) says which operation
that is in this version, its module, its models, its stream chunk, where the
deployment goes, the headers it requires and how it pages. A version without the
operation gets an `UnsupportedOperationError` (an `aoai` error that is also a
`NotImplementedError`) naming the version and the method, not an `AttributeError` from
deep inside. Both route models are addressed: what differs is in the metadata.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache, cached_property
from types import ModuleType
from typing import Any

from aoai.errors import UnsupportedOperationError
from aoai.resources._shape import Shape, shape_of
from aoai.versions import load_metadata, load_package


class FacadeOperation:
    """One facade method's operation in one api-version: its generated module and what it declares."""

    def __init__(self, name: str, package: ModuleType, spec: Mapping[str, Any]) -> None:
        self.name = name
        self.spec = spec
        self._package = package

    @cached_property
    def module(self) -> ModuleType:
        return importlib.import_module(f"{self._package.__name__}.{self.spec['module']}")

    @cached_property
    def shape(self) -> Shape:
        """What the facade method takes (see `_shape`)."""
        return shape_of(self)

    def model(self, class_name: str | None) -> type | None:
        """A class of the version's models by name (imports only that model's module)."""
        if class_name is None:
            return None
        models = importlib.import_module(f"{self._package.__name__}.models")
        found = getattr(models, class_name, None)
        return found if isinstance(found, type) else None

    @property
    def response_model(self) -> type | None:
        """The first model of the success response (the completion a stream folds into)."""
        response = self.spec.get("response") or {}
        return self.model(next(iter(response.get("models") or ()), None))

    @property
    def streams(self) -> bool:
        """Whether the request has a boolean `stream` (the metadata then has a `stream` entry)."""
        return self.spec.get("stream") is not None

    @property
    def stream_chunk(self) -> type | None:
        """The model one streamed chunk decodes into, or None when the document describes none."""
        return self.model((self.spec.get("stream") or {}).get("model"))

    @cached_property
    def stream_events(self) -> dict[str, type] | None:
        """`{event type: class}` when the chunk schema is discriminated by `type` (the Responses API's
        stream events), else None. An event type the mapping lacks decodes as plain data."""
        events = (self.spec.get("stream") or {}).get("events") or {}
        classes = {kind: self.model(name) for kind, name in events.items()}
        found = {kind: cls for kind, cls in classes.items() if cls is not None}
        return found or None

    @property
    def deployment(self) -> Mapping[str, str] | None:
        """Where the deployment goes: `{"in": "path", "name": ...}`, `{"in": "body", "name": "model"}` or None."""
        return self.spec.get("deployment")


@cache
def _operation(api_version: str, name: str) -> FacadeOperation | None:
    metadata = load_metadata(api_version)
    operation_id = metadata.FACADE.get(name)
    if operation_id is None:
        return None
    return FacadeOperation(name, load_package(api_version), metadata.OPERATIONS[operation_id])


def facade_operation(client: Any, name: str) -> FacadeOperation:
    """The operation behind facade method `name` in the client's api-version.

    Raises UnsupportedOperationError (a NotImplementedError) naming the version and the method when the
    version's document declares no such operation.
    """
    found = _operation(client.api_version, name)
    if found is None:
        offered = ", ".join(sorted(load_metadata(client.api_version).FACADE)) or "none"
        raise UnsupportedOperationError(
            f"api-version {client.api_version} has no {name}(): its document declares no such operation "
            f"(its facade methods: {offered}; every operation is under client.operations)"
        )
    return found


def facade_names(api_version: str) -> Mapping[str, str]:
    """The version's facade: method name -> operationId."""
    return load_metadata(api_version).FACADE
