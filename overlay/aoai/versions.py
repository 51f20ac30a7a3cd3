"""Which generated package serves an api-version, and what it offers.

The generator writes one top-level package per pinned api-version, named by
`package_name` (the same rule as `aoai_codegen.names.package_name`; a test keeps
the two in step). Finding the package uses `importlib.util.find_spec`, which does
not import it, so constructing a client costs no generated code; the list of
what exists is only computed (with `pkgutil`) to explain an error.

What a version offers (its operations, models, stream chunks, route model) is
read from the package's `_facade` module, plain data the generator writes
(`aoai_codegen.metadata` documents it), never assumed here.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import pkgutil
import re
from functools import cache
from types import ModuleType

PACKAGE_PREFIX = "aoai_v"
_DATED_OR_MAJOR = re.compile(r"^(\d{4}-\d{2}-\d{2}(-preview)?|v\d+)$")
#: What an api-version name is made of. `package_name` maps `-` and `.` alike, so without this
#: `2024.10.21` would find the `2024-10-21` package and fail later, at its first call.
_NAME = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def package_name(api_version: str) -> str:
    """Dated `2024-10-01-preview` -> `aoai_v2024_10_01_preview`; the v1 API's `v1` -> `aoai_v1` and
    `preview` -> `aoai_v1_preview` (non-dated api-versions exist only in the v1 API)."""
    slug = re.sub(r"\W", "_", api_version.replace("-", "_"))
    if _DATED_OR_MAJOR.match(api_version):
        return "aoai_" + (slug if slug.startswith("v") else "v" + slug)
    return "aoai_v1_" + slug


def available_api_versions() -> list[str]:
    """The api-versions of every installed generated package, read from each package's `_meta`."""
    versions = []
    for module in pkgutil.iter_modules():
        if module.ispkg and module.name.startswith(PACKAGE_PREFIX):
            try:
                meta = importlib.import_module(f"{module.name}._meta")
            except ImportError:
                continue
            version = getattr(meta, "API_VERSION", None)
            if isinstance(version, str):
                versions.append(version)
    return sorted(set(versions))


def _unknown(api_version: object, why: str) -> ValueError:
    known = ", ".join(available_api_versions()) or "none (run `make generate`)"
    return ValueError(f"{why}: {api_version!r}. Generated api-versions: {known}")


def check_api_version(api_version: object) -> str:
    """Validate that a generated package exists for `api_version`, without importing it."""
    if not isinstance(api_version, str) or not api_version:
        raise _unknown(
            api_version, "api_version is required (argument or OPENAI_API_VERSION) and must be a string"
        )
    if not _NAME.fullmatch(api_version) or importlib.util.find_spec(package_name(api_version)) is None:
        raise _unknown(api_version, "no generated package for api_version")
    return api_version


def load_package(api_version: str) -> ModuleType:
    """Import the generated package, checking that its `_meta` really is this api-version."""
    module = importlib.import_module(package_name(api_version))
    meta = importlib.import_module(f"{module.__name__}._meta")
    if getattr(meta, "API_VERSION", None) != api_version:
        raise ImportError(
            f"{module.__name__} was generated for api-version {getattr(meta, 'API_VERSION', None)!r}, "
            f"expected {api_version!r}: regenerate with `make generate`"
        )
    return module


@cache
def load_metadata(api_version: str) -> ModuleType:
    """The package's `_facade` module: what this api-version offers.

    Read from its file without importing the package (whose `__init__` loads attrs and the
    generated client): a client reads its route model at construction, and constructing a
    client loads no generated code. Plain data, so one copy per version serves every client.
    """
    name = package_name(api_version)
    package = importlib.util.find_spec(name)
    locations = list((package.submodule_search_locations or ()) if package is not None else ())
    spec = importlib.machinery.PathFinder.find_spec(f"{name}._facade", locations)
    if spec is None or spec.loader is None:
        raise ImportError(f"{name} has no _facade module: regenerate with `make generate`")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if getattr(module, "API_VERSION", None) != api_version:
        raise ImportError(
            f"{name}._facade describes api-version {getattr(module, 'API_VERSION', None)!r}, "
            f"expected {api_version!r}: regenerate with `make generate`"
        )
    return module
