"""Which HTTP library the generated modules import: httpx2, not the httpx the stock templates name.

openapi-python-client's templates write `import httpx`; the overlay hands every generated
operation an httpx2 client, so a generated module importing httpx would pull a second HTTP
stack into every process for nothing but annotations (bench/README.md, "Transport", says why
aoai runs on httpx2). httpx2 keeps httpx's public names, so the one line that imports it is
all that changes: each stock template that has it is rewritten at generation time into the
folder of templates the run uses, beside the project's own. Nothing of the stock templates is
kept in this repository, and generated code that still imports httpx fails the build loudly
(`check_imports`), whatever a future openapi-python-client changes in its templates.
"""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

TRANSPORT = "httpx2"
_IMPORT = re.compile(r"^import httpx$", re.MULTILINE)
_ANY_HTTPX_IMPORT = re.compile(
    r"^\s*(?:import httpx(?:\.\w+)*(?: as \w+)?|from httpx(?:\.\w+)* import .*)$", re.MULTILINE
)
_REPLACEMENT = f"import {TRANSPORT} as httpx  # aoai: the transport the overlay runs on"


class TransportImportError(Exception):
    """Generated code imports httpx itself: the stock templates changed under us."""


def _stock_templates() -> dict[str, str]:
    folder = resources.files("openapi_python_client") / "templates"
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".py.jinja")
    }


def prepare_templates(own: Path, target: Path) -> Path:
    """Fill `target` with the project's templates (`own`) plus every stock template that imports
    httpx, rewritten to import httpx2; returns `target` for `custom_template_path`."""
    target.mkdir(parents=True, exist_ok=True)
    for template in own.iterdir():
        if template.is_file():
            shutil.copyfile(template, target / template.name)
    for name, text in _stock_templates().items():
        if not (own / name).exists() and _IMPORT.search(text):
            (target / name).write_text(_IMPORT.sub(_REPLACEMENT, text, count=1), encoding="utf-8")
    return target


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
