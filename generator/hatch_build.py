"""Hatch build hook: generate the api-version packages when building a wheel.

So `pip install .` from a clean clone gives importable `aoai_v*` packages without
the user running the generator first. An existing generated/ tree is reused.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GenerateHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        # Editable installs read generated/ in place; `make generate` fills it.
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "generator"))
        from aoai_codegen.generate import generate_all
        from aoai_codegen.layout import Layout
        from aoai_codegen.pins import known_versions

        sibling = root.parent / "shared" / "specs"
        layout = Layout.at(
            root, mirror=sibling if sibling.is_dir() and not os.environ.get("SPECS_MIRROR") else None
        )
        versions = known_versions(layout)
        missing = [v for v in versions if not (layout.package_dir(v) / "_facade.py").is_file()]
        for report in generate_all(layout, missing):
            print(report.line())
        for api_version in versions:
            package_dir = layout.package_dir(api_version)
            build_data["force_include"][str(package_dir)] = package_dir.name
        # The typed facade's cross-version overloads: generate_all writes them every time, over
        # whatever generated/ holds (see aoai_codegen.typed_clients).
        typing_dir = layout.generated / "aoai_typing"
        build_data["force_include"][str(typing_dir)] = typing_dir.name
