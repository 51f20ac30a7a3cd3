"""Where the pipeline reads and writes, in one place.

Everything is relative to the project root (the folder holding `specs/`), so the
same code serves `make generate`, the build hook and tests that lay out a
throwaway project in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs

from .names import package_name

__all__ = ["Layout", "document_name", "find_root", "package_name"]


def document_name(path: str) -> str:
    """The file name of a pinned document in the mirror and the cache: the upstream file's own name
    (`inference.json`, `inference.yaml`, `azure-v1-v1-generated.json`), so both mirror the upstream layout."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def find_root(start: Path | None = None) -> Path:
    """The nearest folder above `start` (default: this file, then the cwd) that holds `specs/`."""
    candidates = [start] if start else [Path(__file__).resolve(), Path.cwd()]
    for origin in candidates:
        for folder in [origin, *origin.parents]:
            if (folder / "specs").is_dir() and (folder / "pyproject.toml").is_file():
                return folder
    raise FileNotFoundError(
        "no project root (a folder with specs/ and pyproject.toml) above " + str(candidates[0])
    )


@attrs.frozen
class Layout:
    root: Path
    specs: Path
    generated: Path
    cache: Path
    mirror: Path | None

    @classmethod
    def at(cls, root: Path | None = None, *, mirror: Path | str | None = None) -> Layout:
        root = find_root() if root is None else root
        env_mirror = os.environ.get("SPECS_MIRROR") or None
        chosen = mirror if mirror is not None else env_mirror
        cache = os.environ.get("AOAI_SPECS_CACHE")
        return cls(
            root=root,
            specs=root / "specs",
            generated=root / "generated",
            cache=Path(cache) if cache else root / ".cache" / "specs",
            mirror=Path(chosen) if chosen else None,
        )

    def pin_file(self, api_version: str) -> Path:
        return self.specs / api_version / "pin.json"

    def patches_dir(self, api_version: str) -> Path:
        return self.specs / api_version / "patches"

    def package_dir(self, api_version: str) -> Path:
        return self.generated / package_name(api_version)

    def mirror_file(self, api_version: str, path: str) -> Path | None:
        """`<mirror>/<api-version>/<upstream file name>`, or None without a mirror."""
        return self.mirror / api_version / document_name(path) if self.mirror is not None else None

    def cache_file(self, api_version: str, path: str) -> Path:
        return self.cache / api_version / document_name(path)
