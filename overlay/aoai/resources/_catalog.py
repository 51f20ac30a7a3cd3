"""What the client's api-version offers the facade, read from the generated package's metadata.

Why: the facade is shared by every generated version, so it must ask, never assume.
Each facade method names itself (`chat.completions.create`); the package's `_facade`
module (written by the generator, see `aoai_codegen.metadata`) says which operation
that is in this version, its module, its models, its stream chunk and where the
deployment goes. A version without the operation gets an `UnsupportedOperationError` (an
`aoai` error that is also a `NotImplementedError`) naming the version and the method, not an
`AttributeError` from deep inside.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cached_property
from types import ModuleType
from typing import Any

from aoai.errors import UnsupportedOperationError
from aoai.versions import load_metadata

#: Route models this client knows how to address. The v1 API's (`{endpoint}/openai/v1`, the
#: deployment in the body) is described by its packages' metadata but not routed here yet.
ROUTED = ("dated",)


class FacadeOperation:
    """One facade method's operation in one api-version: its generated module and what it declares."""

    def __init__(self, name: str, package: ModuleType, spec: Mapping[str, Any]) -> None:
        self.name = name
        self.spec = spec
        self._package = package

    @cached_property
    def module(self) -> ModuleType:
        return importlib.import_module(f"{self._package.__name__}.{self.spec['module']}")

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
    def stream_chunk(self) -> type | None:
        """The model one streamed chunk decodes into, or None when the document describes none."""
        return self.model((self.spec.get("stream") or {}).get("model"))

    @property
    def deployment(self) -> Mapping[str, str] | None:
        """Where the deployment goes: `{"in": "path", "name": ...}`, `{"in": "body", "name": "model"}` or None."""
        return self.spec.get("deployment")


def facade_operation(client: Any, name: str) -> FacadeOperation:
    """The operation behind facade method `name` in the client's api-version.

    Raises UnsupportedOperationError (a NotImplementedError) naming the version and the method when the version's
    document declares no such operation, or uses a route model this client does not address.
    """
    version = client.api_version
    metadata = load_metadata(version)
    operation_id = metadata.FACADE.get(name)
    if operation_id is None:
        offered = ", ".join(sorted(metadata.FACADE)) or "none"
        raise UnsupportedOperationError(
            f"api-version {version} has no {name}(): its document declares no such operation "
            f"(its facade methods: {offered}; every operation is under client.operations)"
        )
    if metadata.ROUTE_MODEL not in ROUTED:
        raise UnsupportedOperationError(
            f"{name}() of api-version {version}: this client does not yet address the {metadata.ROUTE_MODEL!r} "
            f"route model ({metadata.SERVER_PATH or '/'} with the deployment in the "
            f"{(metadata.OPERATIONS[operation_id].get('deployment') or {}).get('in', 'request')})"
        )
    return FacadeOperation(name, client.generated, metadata.OPERATIONS[operation_id])
