"""`client.operations.<tag>.<operation>(...)`: every generated operation of the client's api-version.

Discovered from the generated package's `api/` folders (one folder per tag, one module
per operation) with `pkgutil`, never from a list written here, so a new api-version's
operations appear with no edit. Each call goes through the same `_send` as the facade
(auth, retries, options, typed errors) and decodes tolerantly into the generated models.

Arguments are the generated `_get_kwargs` arguments: path and query parameters by name,
`body=` as a generated model or a plain dict (sent as is); `api_version` and, when the
client has `azure_deployment`, `deployment_id` are filled in.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import partial
from typing import Any

from aoai.resources._call import Call, pop_options
from aoai.resources._parse import operation_module, parse_response
from aoai.resources._resource import Resource, build_request


def _children(package: Any) -> list[str]:
    return sorted(
        info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")
    )


class OperationGroup(Resource):
    """The operations of one tag, as attributes named like the generated modules."""

    _tag = ""

    def __init__(self, client: Any, driver: Any, raw: bool = False, tag: str = "") -> None:
        super().__init__(client, driver, raw)
        self._tag = tag

    @property
    def with_raw_response(self) -> Any:
        return OperationGroup(self._client, self._driver, True, self._tag)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.__dir__():
            raise AttributeError(
                f"api-version {self._client.api_version} has no operation {self._tag}.{name}; "
                f"it has: {', '.join(self._names())}"
            )
        module = operation_module(self._client.generated, self._tag, name)

        def operation(*args: Any, **kwargs: Any) -> Any:
            options = pop_options(kwargs)
            request = build_request(self._client, module, *args, **kwargs)
            return self._run(Call(request, options, partial(parse_response, module)))

        operation.__name__ = name
        operation.__doc__ = (module.sync.__doc__ or "").replace("client (AuthenticatedClient | Client)", "")
        return operation

    def _names(self) -> list[str]:
        return _children(importlib.import_module(f"{self._client.generated.__name__}.api.{self._tag}"))

    def __dir__(self) -> list[str]:
        return self._names()


class Operations(Resource):
    """Tags of the generated package, as attributes: `client.operations.vector_stores`."""

    def __getattr__(self, tag: str) -> OperationGroup:
        if tag.startswith("_"):
            raise AttributeError(tag)
        if tag not in self.__dir__():
            raise AttributeError(
                f"api-version {self._client.api_version} has no operation group {tag!r}; "
                f"it has: {', '.join(self.__dir__())}"
            )
        return OperationGroup(self._client, self._driver, self._raw, tag)

    def __dir__(self) -> list[str]:
        return _children(importlib.import_module(f"{self._client.generated.__name__}.api"))
