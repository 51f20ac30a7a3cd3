"""Find and load the patched OpenAPI document of every generated api-version package.

The emulator must follow exactly the documents the client is generated from, so it reads the
`openapi.json` each `aoai_v*` package ships instead of keeping its own copy. Before `make generate`
has run there are no packages; then (and only then) it falls back to the unpatched pinned documents
in `$SPECS_MIRROR/<api-version>/inference.json`, with a warning, so development is not blocked.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import os
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_PREFIX = "aoai_v"


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
            spec = json.loads(resource.read_text(encoding="utf-8"))
        except (ModuleNotFoundError, OSError, ValueError) as exc:
            print(f"aoai-emulator: skipping {module.name}: {exc}", file=sys.stderr)
            continue
        docs.append(Document(spec["info"]["version"], spec, f"{module.name}/openapi.json"))
    return docs


def _from_mirror() -> list[Document]:
    mirror = os.environ.get("SPECS_MIRROR") or os.environ.get("AOAI_EMULATOR_SPECS")
    if not mirror or not Path(mirror).is_dir():
        return []
    docs = []
    for path in sorted(Path(mirror).glob("*/inference.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        docs.append(Document(spec["info"]["version"], spec, str(path)))
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
