"""Every facade method of every api-version, built from the version's metadata: one mechanism.

`client.<a>.<b>.<method>(...)` exists when the version's `FACADE` has `a.b.method`
(`responses.input_items.list`, `vector_stores.files.list`, `evals.runs.create`, ...). The
resources on the way (`client.vector_stores`, `client.vector_stores.files`) are found the same
way, so a version that adds an operation gains its method with no edit here. What a method
takes is its `Shape` (`_shape`), how the arguments become a request is `_bind`; the result
is the operation's model, a stream when called with `stream=True`, a page for a cursor list,
`bytes` or `str` for binary or text replies.

Hand-written behaviour (the chat fold, Responses events, base64 embeddings) is layered on by
resource classes registered in `LAYERS` under their facade path: they call `operation_call`
with their own parse or stream and never change a method's name or its parameters' names;
whatever they do not define is still found here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import httpx2

from aoai.resources._bind import arguments
from aoai.resources._call import Call, PageSpec, StreamSpec, pop_options
from aoai.resources._catalog import FacadeOperation, facade_names
from aoai.resources._parse import parse_json, parse_response

if TYPE_CHECKING:
    from aoai.resources._resource import Resource

#: Hand-written resources by facade path, imported when first reached ("module:Class").
LAYERS = {
    "chat": "aoai.resources.chat:Chat",
    "chat.completions": "aoai.resources.chat:ChatCompletions",
    "completions": "aoai.resources.completions:Completions",
    "embeddings": "aoai.resources.embeddings:Embeddings",
    "images": "aoai.resources.images:Images",
    "audio": "aoai.resources.audio:Audio",
    "responses": "aoai.resources.responses:Responses",
    "files": "aoai.resources.files:Files",
}

StreamFor = Callable[[FacadeOperation], StreamSpec]


def operation_call(
    resource: Resource,
    name: str,
    args: tuple[Any, ...],
    params: dict[str, Any],
    *,
    parse: Callable[[FacadeOperation], Callable[[httpx2.Response], Any]] | None = None,
    stream: StreamFor | None = None,
) -> Call:
    """The `Call` for facade method `name` with the caller's arguments (no I/O).

    `parse` and `stream` are the hand-written layers' hooks: how the reply is read, and how a
    stream (`stream=True`) is decoded and folded; by default the operation's model and plain
    per-chunk decoding.
    """
    given = dict(params)
    options = pop_options(params)
    operation = resource._facade(name)
    client = resource._client
    streamed = operation.streams and params.get("stream") is True
    kwargs, body = arguments(operation.shape, client, args, params)
    request = build(operation, kwargs, body)
    stream_spec = None
    if streamed:
        stream_spec = stream(operation) if stream is not None else default_stream(operation)
    page = None
    paging = operation.shape.paging
    if paging is not None and not streamed:

        def refetch(cursor: str) -> Call:
            # next_cursor gives no cursor to a list without one, so `after` is named here
            assert paging.after is not None, f"{name}: a list without a cursor has no next page"
            return operation_call(
                resource, name, args, {**given, paging.after: cursor}, parse=parse, stream=stream
            )

        page = PageSpec(paging, partial(_page_parts, operation, paging.data), refetch)
    reader = parse(operation) if parse is not None else partial(parse_response, operation.module)
    return Call(request, options, reader, stream_spec, page)


def default_stream(operation: FacadeOperation) -> StreamSpec:
    """Chunks decoded into the document's chunk model (or by event type), without a fold."""
    return StreamSpec(operation.stream_chunk, None, operation.stream_events)


def build(operation: FacadeOperation, kwargs: dict[str, Any], body: tuple[str, Any] | None) -> dict[str, Any]:
    """What the generated `_get_kwargs` returns, with the body placed as the caller's exact one.

    `_get_kwargs` is handed a stand-in body and its placement is then replaced: the generated
    code would send its model's document defaults (`_body` says why not), and an operation
    that accepts two bodies picks one by the model's class, which a stand-in is neither of.
    """
    module = operation.module
    if body is None:
        request: dict[str, Any] = module._get_kwargs(**kwargs)
        return request
    kind, payload = body
    request = module._get_kwargs(**kwargs, body=_StandIn())
    for key in ("json", "files", "data", "content"):
        request.pop(key, None)
    headers = {k: v for k, v in (request.get("headers") or {}).items() if k.lower() != "content-type"}
    request["headers"] = headers  # httpx writes the content type (and the multipart boundary)
    request["json" if kind == "json" else "files"] = payload
    return request


class _StandIn:
    """What `_get_kwargs(body=...)` serialises before `build` replaces it: nothing."""

    def to_dict(self) -> dict[str, Any]:
        return {}

    def to_multipart(self) -> list[Any]:
        return []


def _page_parts(
    operation: FacadeOperation, data: str, response: httpx2.Response
) -> tuple[list[Any], Mapping[str, Any]]:
    """(items, reply JSON) of one page: the items as the page model decodes them."""
    if not response.content:
        raise ValueError("the body is empty where the operation returns a page")
    body = response.json()
    page = parse_json(operation.module, body)
    items = _field(page, data)
    if not isinstance(items, list):
        raise TypeError(f"the page has no {data!r} list: got {type(items).__name__}")
    return items, body


def _field(model: Any, key: str) -> Any:
    if isinstance(model, Mapping):
        return model.get(key)
    return getattr(model, key, getattr(model, key + "_", None))


class GenericMethod:
    """One facade method, bound to a resource (and so to a client and a driver)."""

    def __init__(self, resource: Resource, name: str) -> None:
        self._resource = resource
        self.__name__ = name.rsplit(".", 1)[-1]
        self.__qualname__ = name
        self._name = name

    def __call__(self, *args: Any, **params: Any) -> Any:
        return self._resource._run(operation_call(self._resource, self._name, args, params))

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        operation = self._resource._facade(self._name)
        return (operation.module.sync.__doc__ or "").replace("client (AuthenticatedClient | Client)", "")

    def __repr__(self) -> str:
        return f"<facade method {self._name} of api-version {self._resource._client.api_version}>"


def member(resource: Resource, name: str) -> Any:
    """`name` under the resource's facade path: a method, a resource (hand-written or generic), or AttributeError."""
    client, prefix = resource._client, resource._prefix
    path = f"{prefix}.{name}" if prefix else name
    facade = facade_names(client.api_version)
    if path in facade:
        return GenericMethod(resource, path)
    if any(key.startswith(path + ".") for key in facade):
        return layer(path)(client, resource._driver, resource._raw, path)
    under = sorted({key[len(prefix) + 1 :].split(".")[0] for key in facade if key.startswith(prefix + ".")})
    offered = under if prefix else sorted({key.split(".")[0] for key in facade})
    where = f"client.{prefix}" if prefix else "the client"
    raise AttributeError(
        f"api-version {client.api_version} has no {path}: its document declares no such operation "
        f"({where} offers: {', '.join(offered) or 'nothing'}; every operation is under client.operations)"
    )


def members(client: Any, prefix: str) -> list[str]:
    """The names reachable under `prefix` in the client's version (for `dir()`)."""
    facade = facade_names(client.api_version)
    start = prefix + "." if prefix else ""
    return sorted({key[len(start) :].split(".")[0] for key in facade if key.startswith(start)})


def layer(path: str) -> type:
    """The resource class for facade path `path`: the hand-written one, else the generic `Resource`."""
    from aoai.resources._resource import Resource

    where = LAYERS.get(path)
    if where is None:
        return Resource
    module, _, name = where.partition(":")
    cls: type = getattr(importlib.import_module(module), name)
    return cls
