"""`pip install .` from a clean clone: the build hook generates and ships every api-version package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


def test_wheel_from_a_clean_checkout_contains_the_generated_packages(
    repo_root: Path, specs_mirror: Path, tmp_path: Path
) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo_root, capture_output=True, check=True
    ).stdout.split(b"\0")
    checkout = tmp_path / "clone"
    for name in filter(None, files):
        source = repo_root / name.decode()
        if source.is_file():
            target = checkout / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    if not (checkout / "pyproject.toml").is_file():
        pytest.fail("git ls-files listed no pyproject.toml")
    env = {**os.environ, "SPECS_MIRROR": str(specs_mirror), "AOAI_SPECS_CACHE": str(tmp_path / "cache")}
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            ".",
        ],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob("aoai-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    from aoai_codegen.layout import Layout, package_name
    from aoai_codegen.pins import known_versions

    packages = [package_name(v) for v in known_versions(Layout.at(repo_root))]
    assert len(packages) >= 5
    for package in packages:
        for member in (
            "__init__.py",
            "py.typed",
            "openapi.json",
            "_meta.py",
            "_facade.py",
            "api/chat/__init__.py",
            "typed.pyi",
            "typed.py",
            "params.py",
        ):
            assert f"{package}/{member}" in names, f"{package}/{member} missing from {wheel.name}"
    assert "aoai/__init__.py" in names or any(n.startswith("aoai/") for n in names)
    # The typed facade reaches users: PEP 561 markers and the cross-version overloads.
    for member in ("aoai/py.typed", "aoai/types.py", "aoai_typing/__init__.pyi", "aoai_typing/py.typed"):
        assert member in names, f"{member} missing from {wheel.name}"
