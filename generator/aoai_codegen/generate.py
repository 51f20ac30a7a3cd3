"""Run openapi-python-client on a patched document, strictly, and lay the package out.

Strict means: any warning or error the generator reports (an unparsable schema, a
skipped endpoint, a missing reference) fails the build with that message, because
each such warning is an operation or model silently missing from the client.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

from .coverage import SchemaFate, missing_classes, schema_fates
from .fetch import fetch
from .hoist import REWRITES as HOIST_REWRITES
from .hoist import HoistError, check_hoisted
from .layout import Layout, package_name
from .patches import Patch, apply_patches, load_patches
from .pins import Pin, load_pin
from .rewrites import StaleRewriteError, prepare_templates
from .transport import REWRITE as TRANSPORT_REWRITE
from .transport import TransportImportError, check_imports

TEMPLATES = Path(__file__).parent / "templates"


class GenerationError(Exception):
    """openapi-python-client reported problems; the message lists every one."""


@attrs.frozen
class Report:
    api_version: str
    package: str
    operations: int
    models: int
    enums: int
    patches: list[str]
    seconds: float
    source: str
    folded: list[SchemaFate] = attrs.field(factory=list)

    def line(self) -> str:
        return (
            f"{self.api_version} -> {self.package}: {self.operations} operations, {self.models} models, "
            f"{self.enums} enums, {len(self.patches)} patches applied, {self.seconds:.2f} s (document: {self.source})"
        )

    def details(self) -> str:
        lines = [f"  patch {name}" for name in self.patches]
        lines += [f"  folded schema {fate.schema}: {fate.why}" for fate in self.folded]
        return "\n".join(lines)


def patched_document(layout: Layout, api_version: str) -> tuple[Pin, dict[str, Any], list[Patch], str]:
    """The pinned document with its patches applied, and what went into it."""
    pin = load_pin(layout, api_version)
    fetched = fetch(layout, pin)
    document = json.loads(fetched.data)
    patches = load_patches(layout, api_version)
    return pin, apply_patches(document, patches), patches, fetched.source


def _meta_module(pin: Pin, patches: list[Patch]) -> str:
    names = ", ".join(repr(p.name) for p in patches)
    return (
        '"""Which pinned document this package was generated from (written by aoai_codegen)."""\n\n'
        f"API_VERSION = {pin.api_version!r}\n"
        f"CHANNEL = {pin.channel!r}\n"
        f"UPSTREAM_REPOSITORY = {pin.repository!r}\n"
        f"UPSTREAM_COMMIT = {pin.commit!r}\n"
        f"UPSTREAM_PATH = {pin.path!r}\n"
        f"SPEC_SHA256 = {pin.sha256!r}\n"
        f"PATCHES = ({names}{',' if len(patches) == 1 else ''})\n"
    )


def _run_openapi_python_client(document_path: Path, output: Path, package: str, title: str) -> None:
    from openapi_python_client import generate as opc_generate
    from openapi_python_client.config import Config, ConfigFile, MetaType

    config_file = ConfigFile(
        package_name_override=package,
        project_name_override=package.replace("_", "-"),
        post_hooks=[],
    )
    config = Config.from_sources(config_file, MetaType("none"), document_path, "utf-8", True, output)
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            templates = prepare_templates(
                TEMPLATES, output.parent / "templates", (TRANSPORT_REWRITE, *HOIST_REWRITES)
            )
        except StaleRewriteError as exc:
            raise GenerationError(f"{title}: {exc}") from exc
        problems = opc_generate(config=config, custom_template_path=templates)
    if problems:
        lines = [f"openapi-python-client reported {len(problems)} problem(s) for {title}:"]
        for problem in problems:
            detail = " ".join((problem.detail or "").split())
            lines.append(f"  - {problem.level.value}: {problem.header.strip()}: {detail}")
        raise GenerationError("\n".join(lines))


def _format(package_dir: Path) -> None:
    """Make the output readable and stable; --isolated so the project's ruff config (which excludes generated/)
    does not apply."""
    for args in (["check", "--fix-only", "--select", "F401,I"], ["format"]):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "ruff",
                *args,
                "--isolated",
                "--no-cache",
                "--line-length",
                "120",
                package_dir.name,
            ],
            cwd=package_dir.parent,  # not inside: its types.py would shadow the stdlib
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise GenerationError(f"ruff {args[0]} failed on {package_dir}:\n{done.stderr or done.stdout}")


def count_surface(package_dir: Path) -> tuple[int, int, int]:
    """(operations, models, enums) as written: one module per operation under api/<tag>/."""
    operations = sum(1 for p in (package_dir / "api").glob("*/*.py") if p.name != "__init__.py")
    models = enums = 0
    for module in (package_dir / "models").glob("*.py"):
        if module.name == "__init__.py":
            continue
        text = module.read_text(encoding="utf-8")
        if re.search(r"^class \w+\((Str|Int)?Enum\b|\(str, Enum\)", text, re.MULTILINE):
            enums += 1
        else:
            models += 1
    return operations, models, enums


def generate_version(layout: Layout, api_version: str) -> Report:
    started = time.perf_counter()
    pin, document, patches, source = patched_document(layout, api_version)
    package = package_name(api_version)
    target = layout.package_dir(api_version)
    layout.generated.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=layout.generated, prefix=f".{package}-") as scratch:
        scratch_path = Path(scratch)
        document_path = scratch_path / "openapi.json"
        document_text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        document_path.write_text(document_text, encoding="utf-8")
        out = scratch_path / package
        _run_openapi_python_client(document_path, out, package, f"api-version {api_version}")
        (out / "openapi.json").write_text(document_text, encoding="utf-8")
        (out / "_meta.py").write_text(_meta_module(pin, patches), encoding="utf-8")
        (out / "py.typed").write_text("", encoding="utf-8")  # PEP 561: the models are typed
        fates = schema_fates(document)
        exported = set(
            re.findall(r'^    "(\w+)": "\.', (out / "models" / "__init__.py").read_text("utf-8"), re.M)
        )
        lost = missing_classes(fates, exported)
        if lost:
            raise GenerationError(
                f"api-version {api_version}: schemas without their class: {', '.join(lost)}"
            )
        fates_json = json.dumps([attrs.asdict(f) for f in fates], indent=1) + "\n"
        (out / "schemas.json").write_text(fates_json, encoding="utf-8")
        _format(out)
        try:
            check_imports(out)
            check_hoisted(out)
        except (TransportImportError, HoistError) as exc:
            raise GenerationError(f"api-version {api_version}: {exc}") from exc
        if target.exists():
            shutil.rmtree(target)
        out.rename(target)
    operations, models, enums = count_surface(target)
    return Report(
        api_version=api_version,
        package=package,
        operations=operations,
        models=models,
        enums=enums,
        patches=[p.name for p in patches],
        seconds=time.perf_counter() - started,
        source=source,
        folded=[f for f in fates if f.kind == "folded"],
    )
