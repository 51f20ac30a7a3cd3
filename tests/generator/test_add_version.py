"""add-version end to end against a document served on 127.0.0.1, and every way it must refuse."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import attrs
import pytest
from aoai_codegen.add_version import AddVersionError, add_version
from aoai_codegen.cli import main
from aoai_codegen.layout import Layout
from click.testing import CliRunner

from tests.generator.diff_fixtures import OLD, document_bytes, new_document, pin_and_generate, project
from tests.generator.pipeline_project import Served

NEW = "2024-02-01"
COMMIT = "ab" * 20
GOOD_PATCH = {
    "reason": "rename the title",
    "operations": [{"op": "replace", "path": "/info/title", "value": "t2"}],
}
STALE_PATCH = {
    "reason": "drop /items/gone",
    "operations": [{"op": "test", "path": "/paths/~1items~1gone/delete/operationId", "value": "Gone_Delete"}],
}


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    """A project with 2024-01-01 (ga) pinned, generated, and carrying one good and one stale patch."""
    layout = project(tmp_path / "project")
    patches = layout.patches_dir("2024-01-01")
    patches.mkdir(parents=True)
    (patches / "01-title.json").write_text(json.dumps(GOOD_PATCH))
    (patches / "02-gone.json").write_text(json.dumps(STALE_PATCH))
    pin_and_generate(layout, "2024-01-01", OLD)
    return layout


def _nothing_written(layout: Layout) -> bool:
    return not (layout.specs / NEW).exists() and not layout.package_dir(NEW).exists()


def test_end_to_end_through_the_cli(layout: Layout, served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    data = document_bytes(new_document())
    served.files["/doc.json"] = data
    monkeypatch.delenv("SPECS_MIRROR", raising=False)
    monkeypatch.setenv("AOAI_SPECS_CACHE", str(layout.cache))
    args = ["--root", str(layout.root), "add-version", NEW, "--channel", "ga", "--commit", COMMIT]
    result = CliRunner().invoke(main, [*args, "--url", served.base + "/doc.json"])
    assert result.exit_code == 0, result.output
    pin = json.loads(layout.pin_file(NEW).read_text())
    assert pin["sha256"] == hashlib.sha256(data).hexdigest() and pin["size"] == len(data)
    assert pin["commit"] == COMMIT and pin["url"] == served.base + "/doc.json"
    assert pin["path"].endswith("/stable/2024-02-01/inference.json")
    assert sorted(p.name for p in layout.patches_dir(NEW).iterdir()) == ["01-title.json"]
    out = result.output
    assert "patch 01-title.json (from 2024-01-01): applies" in out
    assert (
        "patch 02-gone.json (from 2024-01-01): DROPPED: operation 0 (test /paths/~1items~1gone/delete/operationId): "
        "nothing at /paths/~1items~1gone; not copied"
    ) in out.splitlines()
    assert "2024-01-01 -> 2024-02-01: 33 changes, 19 breaking" in out
    assert (layout.package_dir(NEW) / "_meta.py").read_text().count("01-title.json") == 1
    assert (layout.cache / NEW / "inference.json").read_bytes() == data


def test_http_404_writes_nothing(layout: Layout, served: Served) -> None:
    with pytest.raises(AddVersionError, match=r"HTTP 404.*commit/path"):
        add_version(layout, NEW, channel="ga", commit=COMMIT, url=served.base + "/missing.json")
    assert _nothing_written(layout)


def test_unreachable_server_writes_nothing(layout: Layout) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(AddVersionError, match="cannot download"):
        add_version(layout, NEW, channel="ga", commit=COMMIT, url=f"http://127.0.0.1:{port}/doc.json")
    assert _nothing_written(layout)


def test_tampered_mirror_copy_is_refused(layout: Layout, served: Served, tmp_path: Path) -> None:
    served.files["/doc.json"] = document_bytes(new_document())
    mirror = tmp_path / "mirror"
    (mirror / NEW).mkdir(parents=True)
    (mirror / NEW / "inference.json").write_bytes(document_bytes(new_document()) + b" ")
    with pytest.raises(AddVersionError, match=r"differs from .*mirror sha256 \w+ .*upstream sha256"):
        add_version(
            attrs.evolve(layout, mirror=mirror),
            NEW,
            channel="ga",
            commit=COMMIT,
            url=served.base + "/doc.json",
        )
    assert _nothing_written(layout)


def test_unconfirmed_mirror_needs_trust(layout: Layout, served: Served, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / NEW).mkdir(parents=True)
    (mirror / NEW / "inference.json").write_bytes(document_bytes(new_document()))
    mirrored = attrs.evolve(layout, mirror=mirror)
    url = served.base + "/absent.json"
    with pytest.raises(AddVersionError, match="--trust-mirror"):
        add_version(mirrored, NEW, channel="ga", commit=COMMIT, url=url)
    assert _nothing_written(layout)
    added = add_version(mirrored, NEW, channel="ga", commit=COMMIT, url=url, trust_mirror=True)
    assert added.source.endswith("inference.json") and layout.pin_file(NEW).is_file()
    assert [o.name for o in added.patches if not o.applied] == ["02-gone.json"]


@pytest.mark.parametrize(
    ("version", "channel", "commit", "message"),
    [
        (NEW, "ga", "main", "expected a full 40-character lowercase hex commit sha"),
        (NEW, "preview", COMMIT, "disagree"),
        ("next", "ga", COMMIT, "expected YYYY-MM-DD or YYYY-MM-DD-preview"),
        ("v1", "preview", COMMIT, "disagree"),
        ("preview", "ga", COMMIT, "disagree"),
        ("2024-01-01", "ga", COMMIT, "already pinned"),
    ],
)
def test_bad_arguments_write_nothing(
    layout: Layout, version: str, channel: str, commit: str, message: str
) -> None:
    before = sorted(p.relative_to(layout.root) for p in layout.specs.rglob("*"))
    with pytest.raises(AddVersionError, match=message):
        add_version(layout, version, channel=channel, commit=commit, url="http://127.0.0.1:9/x")
    assert sorted(p.relative_to(layout.root) for p in layout.specs.rglob("*")) == before


def test_generation_failure_pins_nothing(layout: Layout, served: Served) -> None:
    broken = new_document()
    broken["components"]["schemas"]["otherRequest"]["properties"]["tone"] = {
        "$ref": "#/components/schemas/nowhere"
    }
    served.files["/doc.json"] = document_bytes(broken)
    with pytest.raises(
        AddVersionError, match=r"(?s)problem.*nothing was pinned. Patches dropped: 02-gone.json"
    ):
        add_version(layout, NEW, channel="ga", commit=COMMIT, url=served.base + "/doc.json")
    assert _nothing_written(layout)


def test_not_an_openapi_document_is_refused(layout: Layout, served: Served) -> None:
    served.files["/doc.json"] = b"<html>rate limited</html>"
    with pytest.raises(AddVersionError, match="expected an OpenAPI 3 document"):
        add_version(layout, NEW, channel="ga", commit=COMMIT, url=served.base + "/doc.json")
    assert _nothing_written(layout)


def test_an_older_version_is_diffed_oldest_first(layout: Layout, served: Served) -> None:
    served.files["/doc.json"] = document_bytes(new_document())
    args = ["--root", str(layout.root), "add-version", "2023-12-01", "--channel", "ga", "--commit", COMMIT]
    result = CliRunner(env={"SPECS_MIRROR": "", "AOAI_SPECS_CACHE": str(layout.cache)}).invoke(
        main, [*args, "--url", served.base + "/doc.json"]
    )
    assert result.exit_code == 0, result.output
    assert "Surface diff 2023-12-01 -> 2024-01-01" in result.output
    assert "2023-12-01 -> 2024-01-01: 33 changes" in result.output  # the same diff, read oldest first


def test_a_v1_api_version_in_yaml_is_pinned_under_its_upstream_name(layout: Layout, served: Served) -> None:
    import yaml

    served.files["/azure-v1-preview-generated.yaml"] = yaml.safe_dump(new_document()).encode()
    url = served.base + "/azure-v1-preview-generated.yaml"
    path = "specification/ai/data-plane/OpenAI.v1/azure-v1-preview-generated.yaml"
    added = add_version(layout, "preview", channel="preview", commit=COMMIT, url=url, path=path)
    assert added.pin.path == path and layout.pin_file("preview").is_file()
    assert (layout.cache / "preview" / "azure-v1-preview-generated.yaml").read_bytes() == served.files[
        "/azure-v1-preview-generated.yaml"
    ]
    assert layout.package_dir("preview").name == "aoai_v1_preview"
    assert added.previous == "2024-01-01"  # no v1-API version pinned yet: the newest of any
