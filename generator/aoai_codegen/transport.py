"""Which HTTP library the generated modules import: httpx2, not the httpx the stock templates name.

openapi-python-client's templates write `import httpx`; the overlay hands every generated
operation an httpx2 client, so a generated module importing httpx would pull a second HTTP
stack into every process for nothing but annotations (bench/README.md, "Transport", says why
aoai runs on httpx2). httpx2 keeps httpx's public names, so the one line that imports it is
all that changes: `REWRITE` turns it into an import of httpx2 in each stock template that has
it (`aoai_codegen.rewrites` applies it). Nothing of the stock templates is kept in this
repository, and generated code that still imports httpx fails the build loudly
(`check_imports`), whatever a future openapi-python-client changes in its templates.
"""

from __future__ import annotations

import re
from pathlib import Path

from .rewrites import Rewrite

TRANSPORT = "httpx2"
_ANY_HTTPX_IMPORT = re.compile(
    r"^\s*(?:import httpx(?:\.\w+)*(?: as \w+)?|from httpx(?:\.\w+)* import .*)$", re.MULTILINE
)

REWRITE = Rewrite(
    name="import httpx2",
    templates="*.py.jinja",
    pattern=re.compile(r"^import httpx$", re.MULTILINE),
    replacement=f"import {TRANSPORT} as httpx  # aoai: the transport the overlay runs on",
    required=False,  # sweeping: every template that imports httpx; `check_imports` verifies the output
)


class TransportImportError(Exception):
    """Generated code imports httpx itself: the stock templates changed under us."""


def check_imports(package_dir: Path) -> None:
    """Refuse a generated package any of whose modules imports httpx rather than httpx2."""
    offending = []
    for module in sorted(package_dir.rglob("*.py")):
        for match in _ANY_HTTPX_IMPORT.finditer(module.read_text(encoding="utf-8")):
            offending.append(f"{module.relative_to(package_dir.parent)}: {match.group(0).strip()}")
    if offending:
        raise TransportImportError(
            f"generated modules import httpx instead of {TRANSPORT} (the stock templates changed; "
            "update aoai_codegen.transport):\n  " + "\n  ".join(offending)
        )
