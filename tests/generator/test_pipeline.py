"""The pipeline end to end: pins -> verified bytes -> patches -> strict generation."""

from __future__ import annotations

import filecmp
import hashlib
import json
from pathlib import Path

import pytest
from aoai_codegen.documents import parse_document
from aoai_codegen.fetch import FetchError, fetch
from aoai_codegen.generate import GenerationError, generate_all, generate_version, patched_document
from aoai_codegen.layout import Layout, document_name, package_name
from aoai_codegen.patches import Patch, PatchError, apply_patches, load_patches
from aoai_codegen.pins import PinError, known_versions, load_pin
from aoai_codegen.routes import operations

from tests.conftest import ROOT
from tests.generator.pipeline_project import Served, copy_project, write_pinned_document

#: Every pinned api-version: the tests follow the pins, so `add-version` needs no edit here.
VERSIONS = known_versions(Layout.at(ROOT))


@pytest.fixture
def layout(repo_root: Path, specs_mirror: Path, tmp_path: Path) -> Layout:
    """The repo's pins and patches with an empty cache, reading the shared mirror."""
    return Layout.at(copy_project(repo_root, tmp_path / "project"), mirror=specs_mirror)


def test_pins_match_the_mirror_checksums(repo_root: Path, specs_mirror: Path) -> None:
    sums = dict(line.split()[::-1] for line in (specs_mirror / "SHA256SUMS").read_text().splitlines())
    real = Layout.at(repo_root)
    assert len(VERSIONS) >= 5 and {"2024-10-21", "v1", "preview"} <= set(VERSIONS)
    for version in VERSIONS:
        pin = load_pin(real, version)
        name = f"{version}/{document_name(pin.path)}"
        assert pin.sha256 == sums[name], name
        assert pin.size == (specs_mirror / name).stat().st_size
        assert pin.commit in pin.url and pin.url.endswith(pin.path)
        assert pin.url == f"https://raw.githubusercontent.com/{pin.repository}/{pin.commit}/{pin.path}"


def test_unknown_version_lists_the_known_ones(layout: Layout) -> None:
    with pytest.raises(PinError) as caught:
        load_pin(layout, "2099-01-01")
    assert "2099-01-01" in str(caught.value)
    for version in VERSIONS:
        assert version in str(caught.value)


def test_tampered_mirror_fails_with_expected_and_found_hash(layout: Layout, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    data = bytearray((layout.mirror / "2024-10-21" / "inference.json").read_bytes())  # type: ignore[operator]
    data[1000] ^= 0x01
    (mirror / "2024-10-21").mkdir(parents=True)
    (mirror / "2024-10-21" / "inference.json").write_bytes(bytes(data))
    tampered = Layout.at(layout.root, mirror=mirror)
    pin = load_pin(tampered, "2024-10-21")
    with pytest.raises(FetchError) as caught:
        generate_version(tampered, "2024-10-21")
    message = str(caught.value)
    assert pin.sha256 in message and hashlib.sha256(bytes(data)).hexdigest() in message
    assert "2024-10-21" in message and str(mirror) in message
    assert not tampered.package_dir("2024-10-21").exists()


def _point_pin_at(layout: Layout, version: str, url: str) -> None:
    path = layout.pin_file(version)
    pin = json.loads(path.read_text())
    pin["url"] = url
    path.write_text(json.dumps(pin))


def test_upstream_download_is_verified_then_cached(
    layout: Layout, served: Served, specs_mirror: Path
) -> None:
    base = served.base
    served.files["/ga.json"] = (specs_mirror / "2024-10-21" / "inference.json").read_bytes()
    _point_pin_at(layout, "2024-10-21", base + "/ga.json")
    no_mirror = Layout.at(layout.root, mirror=Path("/nonexistent"))
    first = fetch(no_mirror, load_pin(no_mirror, "2024-10-21"))
    assert first.source == base + "/ga.json"
    second = fetch(no_mirror, load_pin(no_mirror, "2024-10-21"))
    assert second.source.endswith("2024-10-21/inference.json") and second.data == first.data
    assert served.hits == ["/ga.json"]


def test_upstream_with_wrong_bytes_or_missing_fails_clearly(layout: Layout, served: Served) -> None:
    base = served.base
    served.files["/ga.json"] = b"{}"
    no_mirror = Layout.at(layout.root, mirror=Path("/nonexistent"))
    _point_pin_at(no_mirror, "2024-10-21", base + "/ga.json")
    with pytest.raises(FetchError, match=r"expected sha256 8efc665c.*found sha256 44136fa3"):
        fetch(no_mirror, load_pin(no_mirror, "2024-10-21"))
    assert not (no_mirror.cache / "2024-10-21").exists()
    _point_pin_at(no_mirror, "2024-10-21", base + "/gone.json")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(no_mirror, load_pin(no_mirror, "2024-10-21"))


def test_a_patch_that_no_longer_applies_names_itself(layout: Layout, tmp_path: Path) -> None:
    stale = layout.patches_dir("2024-10-21") / "09-stale.json"
    stale.write_text(
        json.dumps(
            {
                "reason": "pretend upstream renamed info.title",
                "operations": [{"op": "test", "path": "/info/title", "value": "Something Else"}],
            }
        )
    )
    with pytest.raises(PatchError) as caught:
        patched_document(layout, "2024-10-21")
    assert "09-stale.json" in str(caught.value) and "operation 0" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    ['{"operations": [{"op": "remove", "path": "/x"}]}', '{"reason": "r", "operations": []}', "[1,"],
)
def test_malformed_patch_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(PatchError, match=r"bad\.json"):
        Patch.from_file(path)


def test_every_patch_has_a_reason_and_guards_itself_with_test_ops(repo_root: Path) -> None:
    layout = Layout.at(repo_root)
    for version in VERSIONS:
        for patch in load_patches(layout, version):
            assert patch.reason and "\n" not in patch.reason, patch.name
            assert patch.operations[0]["op"] == "test", f"{version}/{patch.name} should start with a test op"


def test_patches_fix_what_drops_the_chat_operation(specs_mirror: Path, repo_root: Path) -> None:
    layout = Layout.at(repo_root, mirror=specs_mirror)
    raw = json.loads((specs_mirror / "2024-10-21" / "inference.json").read_text("utf-8"))
    fixed = apply_patches(raw, load_patches(layout, "2024-10-21"))
    assert raw != fixed
    schemas = fixed["components"]["schemas"]
    assert "chatCompletionRequestMessageTool" not in schemas
    assert schemas["chatCompletionsRequestCommon"]["properties"]["max_tokens"]["nullable"] is True


@pytest.mark.parametrize("version", VERSIONS)
def test_every_operation_and_schema_is_generated(repo_root: Path, specs_mirror: Path, version: str) -> None:
    package = repo_root / "generated" / package_name(version)
    if not package.is_dir():
        pytest.fail(f"{package} is missing: run `make generate`")
    document = json.loads((package / "openapi.json").read_text("utf-8"))
    operation_ids = [op["operationId"] for _path, _method, op in operations(document)]
    # Independently: the published document has exactly as many operations (the rules name the unnamed).
    pin = load_pin(Layout.at(repo_root), version)
    published = parse_document((specs_mirror / version / document_name(pin.path)).read_bytes(), "mirror")
    assert len(operation_ids) == len(set(operation_ids)) == len(list(operations(published)))
    facade = __import__(f"{package.name}._facade", fromlist=["OPERATIONS"])
    assert sorted(facade.OPERATIONS) == sorted(operation_ids)
    modules = {
        str(p.relative_to(package).with_suffix("")).replace("/", ".") for p in package.glob("api/*/*.py")
    }
    assert {op["module"] for op in facade.OPERATIONS.values()} == modules - {
        m for m in modules if m.endswith("__init__")
    }
    assert "default" not in {p.name for p in (package / "api").iterdir()}
    fates = json.loads((package / "schemas.json").read_text("utf-8"))
    assert [f["schema"] for f in fates] == list(document["components"]["schemas"])
    models = __import__(f"{package.name}.models", fromlist=["__all__"])
    own = {f["class_name"] for f in fates if f["kind"] in ("model", "enum")}
    for fate in fates:
        assert fate["kind"] in ("model", "enum", "alias", "folded"), fate
        if fate["kind"] in ("folded", "alias"):
            assert fate["why"]
        if fate["kind"] != "folded":
            assert isinstance(getattr(models, fate["class_name"]), type), fate
    # a component's own class is its alone: two keys never share one unless one is an alias
    assert len(own) == sum(1 for f in fates if f["kind"] in ("model", "enum"))


def test_generation_is_strict(tmp_path: Path) -> None:
    root, mirror = tmp_path / "project", tmp_path / "mirror"
    document = {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "post": {
                    "operationId": "Do_X",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/nope"}}}
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": {}},
    }
    write_pinned_document(root, mirror, "2030-01-01", document)
    with pytest.raises(GenerationError, match=r"/x"):
        generate_version(Layout.at(root, mirror=mirror), "2030-01-01")


def test_generating_again_gives_the_identical_trees(
    tmp_path: Path, repo_root: Path, specs_mirror: Path
) -> None:
    """A fresh generation of every pin, in parallel workers, is byte for byte what `make generate` wrote."""
    other = Layout.at(copy_project(repo_root, tmp_path / "again"), mirror=specs_mirror)
    reports = generate_all(other, VERSIONS, jobs=2)
    assert [r.api_version for r in reports] == VERSIONS
    for report in reports:
        assert report.operations and report.models and report.seconds > 0
        real = repo_root / "generated" / report.package
        comparison = filecmp.dircmp(real, other.package_dir(report.api_version), ignore=["__pycache__"])
        assert not comparison.left_only and not comparison.right_only, report.api_version
        mismatched = [
            str(p.relative_to(real))
            for p in real.rglob("*")
            if p.is_file()
            and "__pycache__" not in p.parts
            and p.read_bytes() != (other.package_dir(report.api_version) / p.relative_to(real)).read_bytes()
        ]
        assert mismatched == [], report.api_version
    typing = "aoai_typing/__init__.pyi"  # the cross-version overloads, written after the versions
    assert (other.generated / typing).read_bytes() == (repo_root / "generated" / typing).read_bytes()


def test_the_recorded_component_pass_gives_the_fates_a_parse_of_its_own_gives(
    layout: Layout, tmp_path: Path
) -> None:
    from aoai_codegen.coverage import schema_fates
    from aoai_codegen.generate import _config, _run_openapi_python_client, prepare

    prepared = prepare(layout, "2024-10-21")
    config = _config(prepared.document, tmp_path / "openapi.json", tmp_path / "pkg", "pkg")
    _openapi, recorded = _run_openapi_python_client(prepared.document, config, "2024-10-21")
    assert recorded is not None  # the generator's own pass was caught, so it is not parsed twice
    assert schema_fates(prepared.document, config, recorded) == schema_fates(prepared.document, config)
