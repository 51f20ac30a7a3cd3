"""Write one api-version's typed facade (`typed_facade.Method`s) as `typed.pyi`, `typed.py` and a probe.

Four flavours of every resource class, as the run-time facade has them: sync, async (awaitable
methods; list methods return an `AsyncPaginator` at once), and each one's `with_raw_response`
(the same methods, returning `RawResponse[...]`). Class names follow the facade path:
`vector_stores.files` -> `VectorStoresFiles`, `AsyncVectorStoresFiles`,
`VectorStoresFilesWithRawResponse`, `AsyncVectorStoresFilesWithRawResponse`.
"""

from __future__ import annotations

from collections import defaultdict

from .typed_facade import OPTIONS, Method, Param, pascal

FLAVOURS = ("sync", "async", "sync_raw", "async_raw")

#: The overlay's run-time types the stub and the probe both name (aliased: a model may share a name).
_OVERLAY_IMPORTS = (
    "from aoai import NotGiven as _NotGiven",
    "from aoai.pagination import AsyncPage as _AsyncPage",
    "from aoai.pagination import AsyncPaginator as _AsyncPaginator",
    "from aoai.pagination import SyncPage as _SyncPage",
    "from aoai.plain import PlainObject as _PlainObject",
    "from aoai.resources._call import RawResponse as _RawResponse",
    "from aoai.streaming import AsyncStream as _AsyncStream",
    "from aoai.streaming import Stream as _Stream",
)


def _class(path: tuple[str, ...], flavour: str) -> str:
    name = pascal(path)
    return (
        ("Async" if flavour.startswith("async") else "")
        + name
        + ("WithRawResponse" if "raw" in flavour else "")
    )


def _wrap(kind: str, flavour: str, method: Method) -> str:
    """The return annotation of `method` in `flavour` for its plain result, its stream, or both."""
    is_async = flavour.startswith("async")
    if kind == "page":
        page = f"{'_AsyncPage' if is_async and 'raw' in flavour else '_AsyncPaginator' if is_async else '_SyncPage'}"
        inner = f"{page}[{method.item}]"
    elif kind == "stream":
        inner = f"{'_AsyncStream' if is_async else '_Stream'}[{method.chunk}]"
    elif kind == "either":
        inner = f"{method.result} | {'_AsyncStream' if is_async else '_Stream'}[{method.chunk}]"
    else:
        inner = method.result
    return f"_RawResponse[{inner}]" if "raw" in flavour else inner


def _signature(params: list[Param]) -> str:
    positional = [p.render() for p in params if p.positional]
    keywords = [p.render() for p in params if not p.positional]
    keywords += [f"{name}: {annotation} = ..." for name, annotation in OPTIONS]
    return ", ".join(["self", *positional, "*", *keywords])


def _def(method: Method, flavour: str, params: list[Param], returns: str, overload: bool) -> list[str]:
    awaitable = flavour.startswith("async") and not (method.item and flavour == "async")
    lines = ["    @overload"] if overload else []
    prefix = "async def" if awaitable else "def"
    lines.append(f"    {prefix} {method.leaf}({_signature(params)}) -> {returns}:")
    lines.append(f'        """{method.doc}"""' if not overload else "        ...")
    if not overload:
        lines.append("        ...")
    return lines


def _method(method: Method, flavour: str) -> list[str]:
    params = list(method.params)
    if method.chunk is None:
        return _def(
            method, flavour, params, _wrap("page" if method.item else "plain", flavour, method), False
        )
    none = " | None" if method.stream_nullable else ""
    streamed = [*params, Param("stream", "Literal[True]", True)]
    whole = [*params, Param("stream", f"Literal[False]{none} | _NotGiven", False)]
    either = [*params, Param("stream", f"bool{none} | _NotGiven", False)]
    lines = _def(method, flavour, streamed, _wrap("stream", flavour, method), True)
    lines += _def(method, flavour, whole, _wrap("plain", flavour, method), True)
    lines += _def(method, flavour, either, _wrap("either", flavour, method), True)
    lines.insert(0, f"    # {method.doc}")
    return lines


def _resource_tree(
    methods: list[Method],
) -> tuple[dict[tuple[str, ...], list[Method]], dict[tuple[str, ...], list[str]]]:
    own: dict[tuple[str, ...], list[Method]] = defaultdict(list)
    children: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for method in methods:
        own[method.path].append(method)
        for depth in range(1, len(method.path) + 1):
            parent, child = method.path[: depth - 1], method.path[depth - 1]
            if child not in children[parent]:
                children[parent].append(child)
    return own, children


def _resource(path: tuple[str, ...], flavour: str, own: list[Method], children: list[str]) -> list[str]:
    name = _class(path, flavour)
    kind = "awaitable methods" if flavour.startswith("async") else "methods"
    raw = "; each returns a `RawResponse` whose `.parse()` gives the plain result" if "raw" in flavour else ""
    lines = ["", "", f"class {name}:", f'    """`client.{".".join(path)}`: {kind}{raw}."""', ""]
    for child in sorted(children):
        lines += ["    @property", f"    def {child}(self) -> {_class((*path, child), flavour)}: ..."]
    if "raw" not in flavour:
        lines += [
            "    @property",
            f"    def with_raw_response(self) -> {_class(path, flavour + '_raw')}: ...",
        ]
    for method in sorted(own, key=lambda m: m.leaf):
        lines += _method(method, flavour)
    return lines


def render_stub(methods: list[Method], *, package: str, api_version: str) -> str:
    own, children = _resource_tree(methods)
    paths = sorted({m.path[:d] for m in methods for d in range(1, len(m.path) + 1)})
    lines = [
        f'"""The typed facade of api-version {api_version} (written by aoai_codegen.typed_stub; read only by type',
        "checkers). `aoai.AzureOpenAI(api_version=...)` with this version's literal is typed as the",
        '`AzureOpenAI` below; see `aoai_typing` for the overloads and `typed.py` for what runs."""',
        "",
        "import datetime",
        "from builtins import list as _list",
        "from collections.abc import Mapping, Sequence",
        "from typing import Any, Literal, TypeAlias, overload",
        "from uuid import UUID",
        "",
        "import httpx2 as _httpx2",
        "from typing_extensions import Self, Unpack",
        "",
        "import aoai_typing as _aoai_typing",
        *_OVERLAY_IMPORTS,
        "from aoai.types import ClientOptions, FileInput",
        "",
        f"from {package} import models as _models",
        f"from {package} import params as _params",
        f"from {package}.types import File",
        "",
        '__all__ = ["AsyncAzureOpenAI", "AzureOpenAI"]',
    ]
    aliases = dict(m.chunk_alias for m in methods if m.chunk_alias is not None)
    for name, union in sorted(aliases.items()):
        lines += [
            "",
            "#: What a stream of typed events yields: one of its event classes, or plain data.",
            f"{name}: TypeAlias = {union}",
        ]
    for flavour in FLAVOURS:
        for path in paths:
            lines += _resource(path, flavour, own.get(path, []), children.get(path, []))
    absent = f"_aoai_typing.NotIn_{package}"
    for flavour, base in (("sync", "AzureOpenAI"), ("async", "AsyncAzureOpenAI")):
        lines += [
            "",
            "",
            f"class {base}({absent}, _aoai_typing.{base}):",
            f'    """`aoai.{base}` for api-version {api_version}: its facade, typed from its document."""',
            "",
            "    def __new__(",
            f"        cls, *, api_version: Literal[{api_version!r}] | None = ..., **options: Unpack[ClientOptions]",
            "    ) -> Self: ...",
            "    def __init__(",
            f"        self, *, api_version: Literal[{api_version!r}] | None = ..., **options: Unpack[ClientOptions]",
            "    ) -> None: ...",
        ]
        for child in sorted(children.get((), [])):
            lines += ["    @property", f"    def {child}(self) -> {_class((child,), flavour)}: ..."]
    return "\n".join(lines) + "\n"


def render_runtime(package: str, api_version: str) -> str:
    return (
        f'"""`AzureOpenAI` / `AsyncAzureOpenAI` pinned to api-version {api_version} (written by '
        "aoai_codegen.typed_stub).\n\nType checkers read `typed.pyi` beside this module instead; at run "
        'time a pinned client is an `aoai.AzureOpenAI` whose api-version is this one (`aoai._pinned`)."""\n\n'
        "from aoai._pinned import pinned_clients\n\n"
        '__all__ = ["AsyncAzureOpenAI", "AzureOpenAI"]\n\n'
        f"AzureOpenAI, AsyncAzureOpenAI = pinned_clients({api_version!r}, __name__)\n"
    )


def _call(method: Method, client: str, extra: str = "") -> str:
    required = [p for p in method.params if p.required]
    args = [p.name for p in required if p.positional] + [
        f"{p.name}={p.name}" for p in required if not p.positional
    ]
    if extra:
        args.append(extra)
    return f"{client}.{'.'.join((*method.path, method.leaf))}({', '.join(args)})"


def _probe(index: int, method: Method, flavour: str) -> list[str]:
    is_async = flavour == "async"
    required = [p for p in method.params if p.required]
    params = ", ".join(
        [f"client_: {'AsyncAzureOpenAI' if is_async else 'AzureOpenAI'}"]
        + [f"{p.name}: {p.annotation}" for p in required]
    )
    lines = [
        "",
        "",
        f"{'async def' if is_async else 'def'} probe_{flavour}_{index}({params}) -> None:",
        f'    """{method.facade}"""',
    ]
    awaited = is_async and not method.item
    plain = _call(method, "client_")
    raw_target = "client_." + ".".join((*method.path, "with_raw_response", method.leaf))
    raw = _call(method, "client_").replace("client_." + ".".join((*method.path, method.leaf)), raw_target, 1)
    kind = "page" if method.item else "plain"
    lines.append(f"    assert_type({'await ' if awaited else ''}{plain}, {_wrap(kind, flavour, method)})")
    lines.append(
        f"    assert_type({'await ' if is_async else ''}{raw}, {_wrap(kind, flavour + '_raw', method)})"
    )
    if method.chunk is not None:
        streamed = _call(method, "client_", "stream=True")
        lines.append(
            f"    assert_type({'await ' if is_async else ''}{streamed}, {_wrap('stream', flavour, method)})"
        )
    return lines


def render_probe(methods: list[Method], *, package: str, api_version: str) -> str:
    lines = [
        f'"""Every facade method of api-version {api_version}, called with its required arguments, sync, async',
        "and raw, its result type asserted (written by aoai_codegen.typed_stub). The typing tests run mypy",
        '--strict and pyright over it; nothing imports it."""',
        "",
        "import datetime",
        "from builtins import list as _list",
        "from collections.abc import Mapping, Sequence",
        "from typing import Any, Literal",
        "from uuid import UUID",
        "",
        "from typing_extensions import assert_type",
        "",
        *_OVERLAY_IMPORTS,
        "from aoai.types import FileInput",
        "",
        f"from {package} import models as _models",
        f"from {package} import params as _params",
        f"from {package}.typed import AsyncAzureOpenAI, AzureOpenAI",
        *(
            f"from {package}.typed import {name}"
            for name in sorted({m.chunk_alias[0] for m in methods if m.chunk_alias is not None})
        ),
        f"from {package}.types import File",
    ]
    for index, method in enumerate(methods):
        lines += _probe(index, method, "sync")
        lines += _probe(index, method, "async")
    return "\n".join(lines) + "\n"
