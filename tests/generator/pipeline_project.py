"""A throwaway project root (specs/ with pins and patches) for pipeline tests."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any


def copy_project(repo_root: Path, target: Path) -> Path:
    """The repo's pins and patches, nothing else, under `target`."""
    shutil.copytree(repo_root / "specs", target / "specs")
    (target / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    return target


def write_pinned_document(root: Path, mirror: Path, api_version: str, document: dict[str, Any]) -> bytes:
    """Pin `document` as `api_version` in a scratch project and put its bytes in `mirror`."""
    data = json.dumps(document, indent=1).encode()
    (mirror / api_version).mkdir(parents=True, exist_ok=True)
    (mirror / api_version / "inference.json").write_bytes(data)
    pin = {
        "api_version": api_version,
        "channel": "ga",
        "repository": "example/specs",
        "commit": "0" * 40,
        "path": f"{api_version}/inference.json",
        "url": f"http://127.0.0.1:9/{api_version}/inference.json",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    (root / "specs" / api_version).mkdir(parents=True, exist_ok=True)
    (root / "specs" / api_version / "pin.json").write_text(json.dumps(pin, indent=2), encoding="utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    return data
