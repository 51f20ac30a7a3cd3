"""The commands that need no service: help, versions, diff, and configuration errors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import GA, PREVIEW, invoke, run

NO_ENV: dict[str, str | None] = {
    "AZURE_OPENAI_ENDPOINT": None,
    "AZURE_OPENAI_API_KEY": None,
    "AZURE_OPENAI_AD_TOKEN": None,
    "OPENAI_API_VERSION": None,
}


def test_help_lists_every_command() -> None:
    result = invoke(["--help"], NO_ENV)
    assert result.exit_code == 0
    for name in ("chat", "embed", "image", "transcribe", "versions", "diff", "emulator"):
        assert f"  {name} " in result.stdout
    assert "AZURE_OPENAI_ENDPOINT" in result.stdout


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys; from aoai.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('aoai.cli.', 'azure', 'aoai_v', 'aoai_codegen')))\n"
        "print('LOADED', loaded)\n"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "LOADED ['aoai.cli._group', 'aoai.cli._report']" in out


def test_versions_lists_every_pin_with_route_model_operations_and_models(repo_root: Path) -> None:
    from aoai.versions import package_name
    from aoai_codegen.layout import Layout
    from aoai_codegen.names import is_dated
    from aoai_codegen.pins import known_versions
    from aoai_codegen.routes import operations

    result = invoke(["versions"], NO_ENV)
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}
    pinned = known_versions(Layout.at(repo_root))
    assert list(rows) == pinned  # every pin, oldest first
    for version in pinned:
        package = repo_root / "generated" / package_name(version)
        document = json.loads((package / "openapi.json").read_text())
        fates = json.loads((package / "schemas.json").read_text())
        _, _, routes, ops, models, *_rest, generated = rows[version]
        assert routes == ("dated" if is_dated(version) else "v1") and generated == "yes", version
        assert int(ops) == len(list(operations(document))), version
        # component models plus the inline ones the generator adds
        assert int(models) >= sum(1 for f in fates if f["kind"] == "model"), version


def test_versions_lists_both_pins_as_generated() -> None:
    result = invoke(["versions"], NO_ENV)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "API-VERSION",
        "CHANNEL",
        "ROUTES",
        "OPERATIONS",
        "MODELS",
        "COMMIT",
        "SHA256",
        "GENERATED",
    ]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert rows[GA] == [GA, "ga", "dated", "6", "99", "132b90d1f063", "8efc665c79a5", "yes"]
    assert rows[PREVIEW] == [PREVIEW, "preview", "dated", "42", "295", "42f215a76a37", "55b593f9e33d", "yes"]


def test_versions_json() -> None:
    result = invoke(["versions", "--json"], NO_ENV)
    data = {row["api_version"]: row for row in json.loads(result.stdout)}
    assert data[GA]["commit"] == "132b90d1f06386034a6c2b34e903dbd3b03f9806"
    assert data[GA]["package"] == "aoai_v2024_10_21"


def test_diff_delegates_with_the_same_flags() -> None:
    result = run(["diff", GA, PREVIEW, "--format", "json"], NO_ENV)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"], data["new"]) == (GA, PREVIEW)
    assert data["summary"]["breaking"] >= 1


def test_diff_fail_on_breaking_exits_1() -> None:
    result = run(["diff", GA, PREVIEW, "--fail-on", "breaking"], NO_ENV)
    assert result.returncode == 1
    assert f"{GA} -> {PREVIEW}:" in result.stdout


def test_diff_help_is_the_generators_help_under_aoai() -> None:
    result = run(["diff", "--help"], NO_ENV)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: aoai diff [OPTIONS] OLD NEW")
    assert "--fail-on" in result.stdout


def test_diff_unknown_version_is_one_line_exit_2() -> None:
    result = run(["diff", GA, "1999-01-01"], NO_ENV)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "1999-01-01" in result.stderr


def test_missing_endpoint_is_one_line() -> None:
    result = invoke(["chat", "hello"], NO_ENV)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("aoai: error: configuration: azure_endpoint is required")


def test_unknown_api_version_is_one_line_naming_the_generated_ones() -> None:
    env = {**NO_ENV, "AZURE_OPENAI_ENDPOINT": "http://127.0.0.1:9", "AZURE_OPENAI_API_KEY": "k"}
    result = invoke(["embed", "x", "--api-version", "2001-01-01"], env)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "2001-01-01" in line and GA in line


def test_entra_and_api_key_together_is_a_usage_error() -> None:
    env = {**NO_ENV, "AZURE_OPENAI_ENDPOINT": "http://127.0.0.1:9", "OPENAI_API_VERSION": GA}
    result = invoke(["chat", "hi", "--entra", "--api-key", "k"], env)
    assert result.exit_code == 2
    assert "--entra and --api-key" in result.stderr


def test_bad_header_flag_is_a_usage_error() -> None:
    result = invoke(["chat", "hi", "-H", "no-colon"], NO_ENV)
    assert result.exit_code == 2
    assert "NAME: VALUE" in result.stderr


def test_a_version_that_cannot_serve_the_command_fails_in_one_line(tmp_path: Path) -> None:
    out = str(tmp_path / "picture.png")
    args = [
        "image",
        "a cat",
        "--out",
        out,
        "--api-version",
        "v1",
        "--endpoint",
        "http://127.0.0.1:9",
        "--api-key",
        "k",
    ]
    result = invoke(args, NO_ENV)
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "aoai: error: UnsupportedOperationError: api-version v1 has no images.generate(): "
        "its document declares no such operation (its facade methods: chat.completions.create, "
    )
