"""Run openapi-python-client on a patched document, strictly, and lay the package out.

Strict means: any warning or error the generator reports (an unparsable schema, a
skipped endpoint, a missing reference) fails the build with that message, because
each such warning is an operation or model silently missing from the client.

The document goes: pinned bytes -> parsed (JSON or YAML) -> the version's patches
-> the generic rules (`rules`) -> openapi-python-client, parsed once; that one
parse also gives the schema fates (`coverage`) and the facade metadata
(`metadata`), so what the package records is what the generator built.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs

from . import metadata, rules, typed_clients, typed_facade, typed_stub
from .compat import REWRITE as COMPAT_REWRITE
from .compat import SELF_REWRITE, CompatError, check_enums
from .coverage import SchemaFate, missing_classes, recording_components, schema_fates, union_variants
from .documents import DocumentError, parse_document
from .enum_names import readable_enum_names
from .fetch import fetch
from .hoist import REWRITES as HOIST_REWRITES
from .hoist import HoistError, check_hoisted
from .layout import Layout, package_name
from .patches import Patch, apply_patches, load_patches
from .pins import Pin, known_versions, load_pin
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


@attrs.frozen
class Prepared:
    """A version's document at every stage the package records."""

    pin: Pin
    original: dict[str, Any]  # as published
    document: dict[str, Any]  # patched, then the generic rules applied
    patches: list[Patch]
    source: str


def prepare(layout: Layout, api_version: str) -> Prepared:
    pin = load_pin(layout, api_version)
    fetched = fetch(layout, pin)
    try:
        original = parse_document(fetched.data, fetched.source)
    except DocumentError as exc:
        raise GenerationError(f"api-version {api_version}: {exc}") from exc
    patches = load_patches(layout, api_version)
    document = rules.apply_rules(apply_patches(original, patches))
    return Prepared(pin, original, document, patches, fetched.source)


def patched_document(layout: Layout, api_version: str) -> tuple[Pin, dict[str, Any], list[Patch], str]:
    """The pinned document with its patches and the generic rules applied, and what went into it."""
    prepared = prepare(layout, api_version)
    return prepared.pin, prepared.document, prepared.patches, prepared.source


@functools.cache
def component_class_names(layout: Layout) -> frozenset[str]:
    """The class names every pinned document gives its components (`rules.class_namer` over the keys,
    which patches do not rename): `enum_names` gives no inline enum one of them. Read once a process."""
    names: set[str] = set()
    for version in known_versions(layout):
        fetched = fetch(layout, load_pin(layout, version))
        try:
            document = parse_document(fetched.data, fetched.source)
        except DocumentError as exc:
            raise GenerationError(f"api-version {version}: {exc}") from exc
        namer = rules.class_namer(document)
        names.update(namer(key) for key in (document.get("components") or {}).get("schemas") or {})
    return frozenset(names)


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


def _text(value: Any) -> str:
    raw = value.get_untrusted_value() if hasattr(value, "get_untrusted_value") else value
    return " ".join(str(raw or "").split())


def _config(document: dict[str, Any], document_path: Path, output: Path, package: str) -> Any:
    from openapi_python_client.config import Config, ConfigFile, MetaType

    config_file = ConfigFile(
        package_name_override=package,
        project_name_override=package.replace("_", "-"),
        post_hooks=[],
        **rules.generator_config(document),
    )
    return Config.from_sources(config_file, MetaType("none"), document_path, "utf-8", True, output)


def _run_openapi_python_client(
    document: dict[str, Any], config: Any, title: str, reserved: frozenset[str] = frozenset()
) -> tuple[Any, Any]:
    """Parse and write the package; the parse (`GeneratorData`) is returned for the metadata, with
    the generator's component pass when it could be recorded (else None). Inline enums are named
    by `enum_names`, never with a `reserved` name."""
    from openapi_python_client import Project
    from openapi_python_client.parser import GeneratorData

    with recording_components() as passes, readable_enum_names(document, reserved):
        openapi = GeneratorData.from_dict(document, config=config)
    if not isinstance(openapi, GeneratorData):
        raise GenerationError(
            f"openapi-python-client cannot parse {title}: {_text(openapi.header)}: {_text(openapi.detail)[:600]}"
        )
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            templates = prepare_templates(
                TEMPLATES,
                config.output_path.parent / "templates",
                (TRANSPORT_REWRITE, COMPAT_REWRITE, SELF_REWRITE, *HOIST_REWRITES),
            )
        except StaleRewriteError as exc:
            raise GenerationError(f"{title}: {exc}") from exc
        problems = Project(openapi=openapi, config=config, custom_template_path=templates).build()
    if problems:
        lines = [f"openapi-python-client reported {len(problems)} problem(s) for {title}:"]
        lines += [f"  - {p.level.value}: {_text(p.header)}: {_text(p.detail)[:600]}" for p in problems]
        raise GenerationError("\n".join(lines))
    return openapi, (passes[0] if len(passes) == 1 else None)


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


def _write_typed_facade(
    out: Path, facts: dict[str, Any], openapi: Any, field_prefix: str, document: dict[str, Any]
) -> None:
    """`typed.pyi` (what checkers read), `typed.py` (the pinned clients), `params.py` (the TypedDicts the
    stub names: written last, once the stub asked for them) and `_typing_probe.py` (see `typed_facade`)."""
    api_version, package = facts["API_VERSION"], out.name
    try:
        methods, writer = typed_facade.build_methods(facts, openapi, field_prefix, document)
    except (typed_facade.TypedFacadeError, typed_facade.UnknownPropertyError) as exc:
        raise GenerationError(f"api-version {api_version}: typed facade: {exc}") from exc
    stub = typed_stub.render_stub(methods, package=package, api_version=api_version)
    (out / "typed.pyi").write_text(stub, encoding="utf-8")
    (out / "typed.py").write_text(typed_stub.render_runtime(package, api_version), encoding="utf-8")
    probe = typed_stub.render_probe(methods, package=package, api_version=api_version)
    (out / "_typing_probe.py").write_text(probe, encoding="utf-8")
    (out / "params.py").write_text(writer.params_module(api_version), encoding="utf-8")


def _check_coverage(api_version: str, fates: list[SchemaFate], package_dir: Path) -> None:
    init = (package_dir / "models" / "__init__.py").read_text("utf-8")
    lost = missing_classes(fates, set(re.findall(r'^    "(\w+)": "\.', init, re.M)))
    if lost:
        raise GenerationError(f"api-version {api_version}: schemas without their class: {', '.join(lost)}")


def generate_version(layout: Layout, api_version: str) -> Report:
    started = time.perf_counter()
    prepared = prepare(layout, api_version)
    document, pin = prepared.document, prepared.pin
    package = package_name(api_version)
    target = layout.package_dir(api_version)
    layout.generated.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=layout.generated, prefix=f".{package}-") as scratch:
        scratch_path = Path(scratch)
        document_path = scratch_path / "openapi.json"
        document_text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        document_path.write_text(document_text, encoding="utf-8")
        out = scratch_path / package
        config = _config(document, document_path, out, package)
        reserved = component_class_names(layout)
        openapi, components = _run_openapi_python_client(
            document, config, f"api-version {api_version}", reserved
        )
        (out / "openapi.json").write_text(document_text, encoding="utf-8")
        (out / "_meta.py").write_text(_meta_module(pin, prepared.patches), encoding="utf-8")
        (out / "py.typed").write_text("", encoding="utf-8")  # PEP 561: the models are typed
        fates = schema_fates(document, config, components)
        _check_coverage(api_version, fates, out)
        facts = metadata.build(
            api_version=api_version,
            channel=pin.channel,
            document=document,
            original=prepared.original,
            openapi=openapi,
            classes={f.schema: f.class_name for f in fates if f.kind != "missing"},
            variants=union_variants(document, fates),
            field_prefix=config.field_prefix,
        )
        (out / "_facade.py").write_text(metadata.render(facts), encoding="utf-8")
        _write_typed_facade(out, facts, openapi, config.field_prefix, document)
        fates_json = json.dumps([attrs.asdict(f) for f in fates], indent=1) + "\n"
        (out / "schemas.json").write_text(fates_json, encoding="utf-8")
        _format(out)
        try:
            check_imports(out)
            check_hoisted(out)
            check_enums(out)
        except (TransportImportError, HoistError, CompatError) as exc:
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
        patches=[p.name for p in prepared.patches],
        seconds=time.perf_counter() - started,
        source=prepared.source,
        folded=[f for f in fates if f.kind == "folded"],
    )


def _cost(layout: Layout, api_version: str) -> float:
    """A rough relative cost, to start the slowest first: the document's size as JSON would spell it
    (YAML says the same in about half the bytes)."""
    pin = load_pin(layout, api_version)
    return pin.size * (2 if pin.path.endswith((".yaml", ".yml")) else 1)


def generate_all(layout: Layout, versions: list[str], jobs: int | None = None) -> list[Report]:
    """Generate `versions`, `jobs` at a time in worker processes (default: one per CPU), then the
    cross-version `aoai_typing` over every package in `generated/` (`typed_clients`).

    Each version is generated on its own from its own inputs, so running them in
    parallel changes nothing in the output; reports come back in `versions` order,
    and the first failure in that order is raised. The slowest start first, and the
    generator is imported before forking so no worker pays for its import.
    """
    reports = _generate_versions(layout, versions, jobs)
    try:
        folder = typed_clients.write(layout.generated)
    except typed_clients.TypedClientsError as exc:
        raise GenerationError(f"typed clients: {exc}") from exc
    if folder is not None:
        _format(folder)
    return reports


def _generate_versions(layout: Layout, versions: list[str], jobs: int | None) -> list[Report]:
    if not versions:
        return []
    jobs = min(jobs or os.cpu_count() or 1, len(versions))
    if jobs <= 1:
        return [generate_version(layout, version) for version in versions]
    import openapi_python_client.parser  # noqa: F401  (inherited by the forked workers)

    component_class_names(layout)  # read once here, inherited too

    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {
            v: pool.submit(generate_version, layout, v)
            for v in sorted(versions, key=lambda v: -_cost(layout, v))
        }
        return [futures[v].result() for v in versions]
