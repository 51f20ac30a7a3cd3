"""Declarative fixes to upstream documents: RFC 6902 JSON Patch, one file per fix.

A patch file is `{"reason": "<one line>", "operations": [<RFC 6902 ops>]}`. Files
apply in name order. Patches start with `test` operations so that a document
that no longer looks as the patch assumed fails loudly, naming the patch, instead
of being silently mis-patched.

One rule is stricter than RFC 6902: an `add` (or the target of a `copy` or `move`)
onto an object member that already exists is an error unless an earlier `test` of
the same patch checked that very path. RFC 6902 lets these overwrite, which is how a carried patch could silently
replace something a newer document declares for itself.

Failures are one line: the patch, the operation index, the op and its JSON pointer,
and why, with any value from the document cut to a few dozen characters (a failed
pointer must never print the object around it).
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

OPS = ("add", "remove", "replace", "move", "copy", "test")
_MISSING = object()


class PatchError(Exception):
    """A patch file is malformed or no longer applies to its document."""

    def __init__(self, message: str, failure: Failure | None = None) -> None:
        super().__init__(message)
        self.failure = failure


@attrs.frozen
class Failure:
    """Which operation of which patch failed, where, and why (all short)."""

    patch: str
    index: int
    op: str
    pointer: str
    why: str

    def line(self) -> str:
        return f"patch {self.patch} operation {self.index} ({self.op} {self.pointer}): {self.why}"


@attrs.frozen
class Check:
    """What a patch does to a document: "applies", "redundant" (the document already says it) or "stale"."""

    state: str
    failure: Failure | None = None

    def line(self) -> str:
        return self.failure.line() if self.failure is not None else self.state


def short(value: Any, limit: int = 60) -> str:
    """A value as JSON, cut to `limit` characters: enough to recognise, never a dump."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def _pointer(tokens: list[str]) -> str:
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)


def _walk(document: Any, pointer: str) -> tuple[Any, str | None]:
    """(value at pointer or _MISSING, the deepest prefix that does not exist or None)."""
    node = document
    tokens = _tokens(pointer)
    for depth, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING, _pointer(tokens[: depth + 1])
    return node, None


def _exists(document: Any, pointer: str) -> bool:
    return _walk(document, pointer)[0] is not _MISSING


def _parent_problem(document: Any, pointer: str) -> str | None:
    tokens = _tokens(pointer)
    parent, missing = _walk(document, _pointer(tokens[:-1]))
    if missing is not None:
        return f"nothing at {missing}"
    if not isinstance(parent, (dict, list)):
        return f"{_pointer(tokens[:-1]) or '/'} is a {type(parent).__name__}, not an object or array"
    return None


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
        for index, operation in enumerate(operations):
            problem = _malformed(operation)
            if problem:
                raise PatchError(f"patch {path}: operation {index} {problem}")
        return cls(path=path, reason=data["reason"].strip(), operations=operations)

    def apply(self, document: dict[str, Any]) -> dict[str, Any]:
        """Apply to `document` in place (it is our private copy) and return it."""
        tested: set[str] = set()
        for index, operation in enumerate(self.operations):
            why = self._problem(document, operation, tested)
            if why is None:
                try:
                    jsonpatch.JsonPatch([operation]).apply(document, in_place=True)
                except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
                    why = f"{type(exc).__name__} from jsonpatch"
            if why is not None:
                failure = Failure(self.name, index, operation["op"], operation["path"], why)
                raise PatchError(f"{failure.line()} — no longer applies ({self.reason})", failure)
            if operation["op"] == "test":
                tested.add(operation["path"])
        return document

    def check(self, document: dict[str, Any]) -> tuple[Check, dict[str, Any]]:
        """Try the patch on a copy: (what it does, the patched copy or `document` itself if it failed)."""
        trial = copy.deepcopy(document)
        try:
            self.apply(trial)
        except PatchError as exc:
            state = "redundant" if self._in_effect(document) else "stale"
            return Check(state, exc.failure), document
        if trial == document:
            first = next((i for i, o in enumerate(self.operations) if o["op"] != "test"), 0)
            operation = self.operations[first]
            why = "applies but changes nothing: the document already says this"
            return Check(
                "redundant", Failure(self.name, first, operation["op"], operation["path"], why)
            ), document
        return Check("applies"), trial

    @staticmethod
    def _problem(document: Any, operation: dict[str, Any], tested: set[str]) -> str | None:
        op, path = operation["op"], operation["path"]
        if op == "test":
            found, missing = _walk(document, path)
            if missing is not None:
                return f"nothing at {missing}"
            if found != operation["value"]:
                return f"test failed: found {short(found)}, the patch expects {short(operation['value'])}"
            return None
        if op in ("move", "copy") and not _exists(document, operation["from"]):
            return f"nothing at {_walk(document, operation['from'])[1]} (the 'from' of this {op})"
        if op in ("remove", "replace"):
            missing = _walk(document, path)[1]
            return None if missing is None else f"nothing at {missing}"
        if not path:
            return None  # the whole document
        problem = _parent_problem(document, path)
        if problem is not None:
            return problem
        parent = _walk(document, _pointer(_tokens(path)[:-1]))[0]
        key = _tokens(path)[-1]
        if (
            op in ("add", "copy", "move")
            and isinstance(parent, dict)
            and key in parent
            and path not in tested
        ):
            return (
                f"{op} onto a member the document already has (now {short(parent[key])}); "
                "test that path first if the patch means to replace it"
            )
        return None

    def _in_effect(self, document: Any) -> bool:
        """Whether every change the patch makes is already what the document says."""
        changes = [o for o in self.operations if o["op"] != "test"]
        for operation in changes:
            op, path = operation["op"], operation["path"]
            found = _walk(document, path)[0]
            if op in ("add", "replace"):
                if path.endswith("/-") or found != operation["value"]:
                    return False
            elif op == "remove":
                if found is not _MISSING:
                    return False
            elif op == "move":
                if found is _MISSING or _exists(document, operation["from"]):
                    return False
            elif op == "copy" and found != _walk(document, operation["from"])[0]:
                return False
        return bool(changes)


def _malformed(operation: Any) -> str | None:
    if not isinstance(operation, dict) or operation.get("op") not in OPS:
        return f"is not an RFC 6902 operation (op must be one of {', '.join(OPS)})"
    if not isinstance(operation.get("path"), str):
        return f'({operation["op"]}) has no "path" string'
    if operation["op"] in ("add", "replace", "test") and "value" not in operation:
        return f'({operation["op"]} {operation["path"]}) has no "value"'
    if operation["op"] in ("move", "copy") and not isinstance(operation.get("from"), str):
        return f'({operation["op"]} {operation["path"]}) has no "from" string'
    return None


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
