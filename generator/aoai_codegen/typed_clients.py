"""`generated/aoai_typing`: the one cross-version piece of the typed facade, read only by type checkers.

`aoai/__init__.py` imports `AzureOpenAI` / `AsyncAzureOpenAI` from here under `TYPE_CHECKING`,
so checkers see these classes under aoai's names, with one `__new__` (and `with_options`)
overload per generated api-version: `AzureOpenAI(api_version="2024-10-21")` is inferred as
`aoai_v2024_10_21.typed.AzureOpenAI`, and any other `api_version` (a `str` not known
statically, or none: `OPENAI_API_VERSION`) as this module's class itself, the dynamic client,
whose resources are `Any`.

Written after every generation from what is in `generated/` (each package's `_facade.py`), so
it always lists exactly the generated versions. It also writes, per version, the
`NotIn_<package>` mixin: every top-level API that some other version has and this one does
not is typed `NotInApiVersion` there, so `client.files.list()` on a version without a files
API is a type error rather than `Any`.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

from .names import ordered

PACKAGE = "aoai_typing"
#: Attributes of the client core (`aoai._base_client.ClientCore`) a facade resource must not shadow.
CORE = frozenset(
    {"api_version", "azure_endpoint", "azure_deployment", "max_retries", "timeout", "pacer", "rate_limits"}
    | {"http_client", "generated", "generated_client", "deployment_name", "deployment_path", "with_options"}
    | {"close", "aclose", "operations"}
)


class TypedClientsError(Exception):
    """A facade resource would shadow a client attribute: fail the build."""


def _versions(generated: Path) -> list[tuple[str, str, list[str]]]:
    """(api-version, package, top-level facade names) of every generated package with a typed facade."""
    found = []
    for folder in sorted(generated.glob("aoai_v*")):
        if not (folder / "_facade.py").is_file() or not (folder / "typed.pyi").is_file():
            continue
        facts: dict[str, Any] = runpy.run_path(str(folder / "_facade.py"))
        tops = sorted({name.split(".")[0] for name in facts["FACADE"]})
        if CORE & set(tops):
            raise TypedClientsError(
                f"{folder.name}: facade resources {sorted(CORE & set(tops))} shadow the client's"
            )
        found.append((str(facts["API_VERSION"]), folder.name, tops))
    order = {version: index for index, version in enumerate(ordered([v for v, _, _ in found]))}
    return sorted(found, key=lambda item: order[item[0]])


def _client(
    name: str, core: str, versions: list[tuple[str, str, list[str]]], everything: list[str]
) -> list[str]:
    lines = [
        "",
        "",
        f"class {name}({core}):",
        f'    """`aoai.{name}` as type checkers see it: a literal `api_version` picks that version\'s typed',
        '    client; without one (or with a `str` not known statically) this dynamic client, resources `Any`."""',
        "",
    ]
    for version, package, _tops in versions:
        lines += [
            "    @overload",
            f"    def __new__(cls, *, api_version: Literal[{version!r}], **options: Unpack[ClientOptions]) "
            f"-> {package}.typed.{name}: ...",
        ]
    lines += [
        "    @overload",
        "    def __new__(cls, *, api_version: str | None = ..., **options: Unpack[ClientOptions]) -> Self: ...",
    ]
    for version, package, _tops in versions:
        lines += [
            "    @overload",
            f"    def with_options(self, *, api_version: Literal[{version!r}], **changes: Any) -> {package}.typed.{name}: ...",
        ]
    lines += [
        "    @overload",
        f"    def with_options(self, *, api_version: str, **changes: Any) -> {name}: ...",
        "    @overload",
        "    def with_options(self, **changes: Any) -> Self: ...",
        "    @property",
        "    def operations(self) -> _Operations: ...",
    ]
    for top in everything:
        lines += ["    @property", f"    def {top}(self) -> Any: ..."]
    return lines


def render(versions: list[tuple[str, str, list[str]]]) -> str:
    everything = sorted({top for _v, _p, tops in versions for top in tops})
    names = ", ".join(f'"NotIn_{package}"' for _v, package, _t in versions)
    lines = [
        '"""Type checkers\' view of `aoai.AzureOpenAI` and `aoai.AsyncAzureOpenAI` (written by',
        'aoai_codegen.typed_clients from every generated api-version; see that module for why)."""',
        "",
        "from typing import Any, Literal, overload",
        "",
        "from typing_extensions import Self, Unpack",
        "",
        *(f"import {package}.typed" for _v, package, _t in versions),
        "from aoai._base_client import AsyncAPIClient, SyncAPIClient",
        "from aoai.resources.operations import Operations as _Operations",
        "from aoai.types import ClientOptions",
        "",
        f'__all__ = ["AsyncAzureOpenAI", "AzureOpenAI", "NotInApiVersion", {names}]',
        "",
        "",
        "class NotInApiVersion:",
        '    """A typed client\'s attribute for an API its api-version does not have: any use of it is a',
        '    type error (`"NotInApiVersion" has no attribute "list"`); at run time the call raises',
        '    `aoai.UnsupportedOperationError`."""',
    ]
    for version, package, tops in versions:
        absent = [top for top in everything if top not in tops]
        lines += [
            "",
            "",
            f"class NotIn_{package}:",
            f'    """The APIs other api-versions have and {version} has not."""',
            "",
        ]
        lines += [
            line
            for top in absent
            for line in ("    @property", f"    def {top}(self) -> NotInApiVersion: ...")
        ]
        if not absent:
            lines.append("    ...")
    lines += _client("AzureOpenAI", "SyncAPIClient", versions, everything)
    lines += _client("AsyncAzureOpenAI", "AsyncAPIClient", versions, everything)
    return "\n".join(lines) + "\n"


def write(generated: Path) -> Path | None:
    """Write `generated/aoai_typing/` for the packages in `generated`; None when there are none."""
    versions = _versions(generated)
    if not versions:
        return None
    folder = generated / PACKAGE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.pyi").write_text(render(versions), encoding="utf-8")
    (folder / "__init__.py").write_text(
        '"""Read only by type checkers (see `__init__.pyi`): nothing imports this at run time."""\n',
        encoding="utf-8",
    )
    (folder / "py.typed").write_text("", encoding="utf-8")
    return folder
