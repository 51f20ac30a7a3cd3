"""Declarative fixes to upstream documents: RFC 6902 JSON Patch, one file per fix.

A patch file is `{"reason": "<one line>", "operations": [<RFC 6902 ops>]}`. Files
apply in name order. Patches start with `test` operations so that a document
that no longer looks as the patch assumed fails loudly, naming the patch, instead
of being silently mis-patched.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import attrs
import jsonpatch
import jsonpointer

from .layout import Layout


class PatchError(Exception):
    """A patch file is malformed or no longer applies to its document."""


@attrs.frozen
class Patch:
    path: Path
    reason: str
    operations: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return self.path.name

    @classmethod
    def from_file(cls, path: Path) -> Patch:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PatchError(f"patch {path}: cannot read: {exc}") from exc
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("reason"), str)
            or not data["reason"].strip()
        ):
            raise PatchError(f'patch {path}: expected an object with a non-empty "reason" string')
        operations = data.get("operations")
        if not isinstance(operations, list) or not operations:
            raise PatchError(f'patch {path}: expected a non-empty "operations" list of RFC 6902 operations')
        return cls(path=path, reason=data["reason"].strip(), operations=operations)

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        """Apply to `document` in place (it is our private copy) and return it."""
        for index, operation in enumerate(self.operations):
            try:
                jsonpatch.JsonPatch([operation]).apply(document, in_place=True)
            except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
                raise PatchError(
                    f"patch {self.path} no longer applies: operation {index} "
                    f"{json.dumps(operation)[:200]} failed: {exc} ({self.reason})"
                ) from exc
        return document


def load_patches(layout: Layout, api_version: str) -> list[Patch]:
    folder = layout.patches_dir(api_version)
    if not folder.is_dir():
        return []
    return [Patch.from_file(p) for p in sorted(folder.glob("*.json"))]


def apply_patches(document: dict[str, Any], patches: list[Patch]) -> dict[str, Any]:
    patched = copy.deepcopy(document)
    for patch in patches:
        patch.apply(patched)
    return patched
