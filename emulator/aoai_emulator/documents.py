"""Find and load the patched OpenAPI document of every generated api-version package.

The emulator must follow exactly the documents the client is generated from, so it reads the
`openapi.json` each `aoai_v*` package ships instead of keeping its own copy, and the api-version
and route model from the package's `_meta` and `_facade` modules. It serves the dated route model
(`/openai/deployments/{id}/...?api-version=...`) only: a package of another route model (the v1
API's `/openai/v1/...`) is skipped, and says so on stderr. Before `make generate` has run there
are no packages; then (and only then) it falls back to the unpatched pinned JSON documents in
`$SPECS_MIRROR/<api-version>/`, with a warning, so development is not blocked.
"""

from __future__ import annotations

import functools
import importlib
import importlib.resources
import json
import os
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_PREFIX = "aoai_v"
#: The route models the emulator answers.
SERVED_ROUTE_MODELS = ("dated",)


@dataclass(eq=False)
class Document:
    """One api-version's document, with its source for error messages."""

    api_version: str
    spec: dict[str, Any]
    source: str

    @property
    def is_preview(self) -> bool:
        return self.api_version.endswith("-preview")


def _from_packages() -> list[Document]:
    docs = []
    for module in sorted(pkgutil.iter_modules(), key=lambda m: m.name):
        if not module.name.startswith(PACKAGE_PREFIX) or not module.ispkg:
            continue
        try:
            resource = importlib.resources.files(module.name) / "openapi.json"
            if not resource.is_file():
                continue
            facts = importlib.import_module(f"{module.name}._facade")
            if facts.ROUTE_MODEL not in SERVED_ROUTE_MODELS:
                print(
                    f"aoai-emulator: not serving api-version {facts.API_VERSION} ({module.name}): its route "
                    f"model {facts.ROUTE_MODEL!r} ({facts.SERVER_PATH}/...) is not emulated; "
                    f"served: {', '.join(SERVED_ROUTE_MODELS)}",
                    file=sys.stderr,
                )
                continue
            spec = json.loads(resource.read_text(encoding="utf-8"))
        except (ImportError, AttributeError, OSError, ValueError) as exc:
            print(f"aoai-emulator: skipping {module.name}: {exc}", file=sys.stderr)
            continue
        docs.append(Document(str(facts.API_VERSION), spec, f"{module.name}/openapi.json"))
    return docs


def _from_mirror() -> list[Document]:
    mirror = os.environ.get("SPECS_MIRROR") or os.environ.get("AOAI_EMULATOR_SPECS")
    if not mirror or not Path(mirror).is_dir():
        return []
    docs = []
    for path in sorted(Path(mirror).glob("*/*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        if any(p.startswith("/deployments/") for p in spec.get("paths", {})):  # the dated route model
            docs.append(Document(path.parent.name, spec, str(path)))
    if docs:
        print(
            f"aoai-emulator: no generated aoai_v* package found; using the UNPATCHED documents in {mirror}",
            file=sys.stderr,
        )
    return docs


@functools.lru_cache(maxsize=1)
def load_documents() -> dict[str, Document]:
    """api-version -> Document for every supported api-version (cached for the process)."""
    docs = _from_packages() or _from_mirror()
    if not docs:
        raise RuntimeError(
            "aoai-emulator found no api-version documents: no importable aoai_v* package with an "
            "openapi.json (run `make generate`), and SPECS_MIRROR does not point at pinned specs"
        )
    return {doc.api_version: doc for doc in docs}
