"""Find and load the patched OpenAPI document of every generated api-version package.

The emulator must follow exactly the documents the client is generated from, so it reads the
`openapi.json` each `aoai_v*` package ships instead of keeping its own copy, and what the
generator knows about each version from the package's `_facade` module: its route model
(`dated`: `/openai/deployments/{id}/...?api-version=...`; `v1`: `/openai/v1/...`, deployment
in the body), its server path, where each operation takes its deployment, which headers it
requires, and the version-independent facade name of each operation (`chat.completions.create`),
by which handlers are found. Before `make generate` has run there are no packages; then (and
only then) it falls back to the unpatched pinned JSON documents of the dated route model in
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_PREFIX = "aoai_v"
#: The route models the emulator answers.
SERVED_ROUTE_MODELS = ("dated", "v1")
#: Where the dated route model lives when a document comes without its package's facts.
DATED_SERVER_PATH = "/openai"


@dataclass(eq=False)
class Document:
    """One api-version's document, with its source for error messages and its package's facts."""

    api_version: str
    spec: dict[str, Any]
    source: str
    route_model: str = "dated"
    server_path: str = DATED_SERVER_PATH
    #: operationId -> the package's facts about it (`_facade.OPERATIONS`); empty without a package.
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: operationId -> version-independent name (`_facade.FACADE`, inverted).
    facade: dict[str, str] = field(default_factory=dict)

    def facade_name(self, operation_id: str) -> str:
        """The name handlers are registered under; the operationId itself when the rule gave none."""
        return self.facade.get(operation_id, operation_id)

    def operation_id(self, facade_name: str) -> str | None:
        return next((op for op, name in self.facade.items() if name == facade_name), None)


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
            doc = Document(
                str(facts.API_VERSION),
                spec,
                f"{module.name}/openapi.json",
                route_model=str(facts.ROUTE_MODEL),
                server_path=str(facts.SERVER_PATH),
                facts=dict(facts.OPERATIONS),
                facade={op: name for name, op in facts.FACADE.items()},
            )
        except (ImportError, AttributeError, OSError, ValueError) as exc:
            print(f"aoai-emulator: skipping {module.name}: {exc}", file=sys.stderr)
            continue
        docs.append(doc)
    return docs


def _facade_names(spec: dict[str, Any]) -> dict[str, str]:
    """operationId -> facade name by the generator's own rule, for a document without a package."""
    try:
        from aoai_codegen.facade_names import Endpoint, facade_map, lists_data
    except ImportError:  # the emulator installed alone: handlers are then found by operationId
        return {}
    endpoints = [
        Endpoint(op["operationId"], method, path, lists_data(spec, op))
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    ]
    names, _ambiguous = facade_map(endpoints)
    return {op: name for name, op in names.items()}


def _from_mirror() -> list[Document]:
    mirror = os.environ.get("SPECS_MIRROR") or os.environ.get("AOAI_EMULATOR_SPECS")
    if not mirror or not Path(mirror).is_dir():
        return []
    docs = []
    for path in sorted(Path(mirror).glob("*/*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        if any(p.startswith("/deployments/") for p in spec.get("paths", {})):  # the dated route model
            docs.append(Document(path.parent.name, spec, str(path), facade=_facade_names(spec)))
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
