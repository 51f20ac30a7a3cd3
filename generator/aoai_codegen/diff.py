"""Compare two surfaces and say, for each difference, whether it breaks a caller of the client.

The rules are a caller's, not a wire protocol's: code written against OLD must
keep importing, constructing and reading what it did. So removals always break;
an addition breaks only when the caller must now pass something (a required
parameter, a required field without default in a model the caller builds); a
type breaks when it loses members (narrowed) or changes, and not when it only
gains them (widened). Fields of response-only models are read, never built, so
for them "now required" is harmless and "now optional" is the break.

Across route models (dated -> v1) an operation that moved is paired with itself rather
than reported removed and added (`diff_moves`): `operation.route_moved`, its renamed
request and response models (`model.renamed`, then their fields as for any model), and
a migration note per operation. The per-operation rules are `diff_operations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from .diff_change import Change, _type_change, compare_types
from .diff_moves import Move, moves, pair_operations, renamed_fields
from .diff_operations import _operation
from .surface import Enum, Field, Model, Operation, Surface

SECTIONS = ("operations", "models", "enums", "schemas")
__all__ = ["SECTIONS", "Change", "Diff", "compare_types", "diff_surfaces"]


@attrs.frozen
class Diff:
    old: str
    new: str
    changes: list[Change]
    moves: list[Move] = attrs.field(factory=list)  # operations paired across route models (`diff_moves`)

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per section: added, removed, changed (items touched by other changes), breaking."""
        counts = {s: {"added": 0, "removed": 0, "changed": 0, "breaking": 0} for s in SECTIONS}
        changed: dict[str, set[str]] = {s: set() for s in SECTIONS}
        for change in self.changes:
            verb = change.kind.split(".", 1)[1]
            top = change.kind.split(".", 1)[0] in ("operation", "model", "enum", "schema")
            if top and verb in ("added", "removed"):
                counts[change.section][verb] += 1
            else:
                changed[change.section].add(_item(change))
            counts[change.section]["breaking"] += change.breaking
        for section, items in changed.items():
            counts[section]["changed"] = len(items)
        return counts

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{s} +{c['added']} -{c['removed']} ~{c['changed']}" for s, c in counts.items()]
        breaking = len(self.breaking)
        return (
            f"{self.old} -> {self.new}: {len(self.changes)} changes, {breaking} breaking, "
            f"{len(self.changes) - breaking} non-breaking ({'; '.join(parts)})"
        )


def _item(change: Change) -> str:
    """The operation, model or enum a change belongs to: `tag.module`, `Model`, `Enum`."""
    if change.section == "operations":
        return ".".join(re.split(r"[(\[]", change.subject)[0].split(".")[:2])
    return change.subject.split(".")[0]


def _field_added(model: Model, field: Field) -> Change:
    builds = "request" in model.roles or not model.roles
    must = field.required and field.default is None
    breaking = must and builds
    if breaking:
        reason = (
            "new required field without default in a model callers build: existing constructor calls lack it"
        )
    elif must:
        reason = "new required field in a response-only model: callers read it, never build it"
    else:
        reason = "new optional field"
    return Change(
        "models",
        "field.added",
        f"{model.name}.{field.name}",
        field.api,
        breaking,
        reason,
        None,
        field.python_type,
    )


def _model(a: Model, b: Model) -> Iterator[Change]:
    before, after = {f.name: f for f in a.fields}, {f.name: f for f in b.fields}
    reads_only = b.roles == ["response"]
    for name in sorted(before.keys() - after.keys()):
        f = before[name]
        yield Change(
            "models",
            "field.removed",
            f"{a.name}.{name}",
            f.api,
            True,
            "field removed: code reading or passing it breaks",
            f.python_type,
            None,
        )
    for name in sorted(after.keys() - before.keys()):
        yield _field_added(b, after[name])
    for name in sorted(before.keys() & after.keys()):
        x, y = before[name], after[name]
        subject = f"{b.name}.{name}"
        yield from _type_change("models", subject, y.api, "field", x.python_type, y.python_type)
        if x.required != y.required:
            if y.required:
                breaking = not reads_only and y.default is None
                reason = "optional -> required" + (
                    ": constructor calls that omit it break" if breaking else ""
                )
            else:
                breaking = reads_only or "response" in b.roles
                reason = "required -> optional" + (": code reading it may now get UNSET" if breaking else "")
            yield Change(
                "models",
                "field.required_changed",
                subject,
                y.api,
                breaking,
                reason,
                str(x.required),
                str(y.required),
            )
        if x.default != y.default:
            yield Change(
                "models",
                "field.default_changed",
                subject,
                y.api,
                False,
                "default changed",
                x.default,
                y.default,
            )


def _enum(a: Enum, b: Enum) -> Iterator[Change]:
    for value in sorted(set(a.values) - set(b.values)):
        yield Change(
            "enums",
            "enum.value_removed",
            f"{a.name}.{value}",
            b.api,
            True,
            "enum value removed: code using it breaks",
            value,
            None,
        )
    for value in sorted(set(b.values) - set(a.values)):
        yield Change(
            "enums", "enum.value_added", f"{b.name}.{value}", b.api, False, "enum value added", None, value
        )


def _moved_operation(a: Operation, b: Operation, move: Move) -> Iterator[Change]:
    notes = "; ".join(move.notes)
    yield Change(
        "operations",
        "operation.route_moved",
        a.module,
        b.api_label,
        True,
        f"the same operation on another route (method and route without the deployment prefix agree): "
        f"call {b.module} instead{f'; {notes}' if notes else ''}",
        a.api_label,
        b.api_label,
    )
    yield from (c for c in _operation(a, b) if c.kind != "operation.endpoint_changed")


def _renamed_model(a: Model, b: Model) -> Iterator[Change]:
    yield Change(
        "models",
        "model.renamed",
        a.name,
        b.api,
        True,
        "renamed: code naming the class breaks",
        a.name,
        b.name,
    )
    renames = renamed_fields(a, b)
    gone, new = {r[0] for r in renames}, {r[1] for r in renames}
    for change in _model(a, b):
        name = change.subject.split(".", 1)[1]
        if (change.kind == "field.removed" and name in gone) or (
            change.kind == "field.added" and name in new
        ):
            continue
        yield change
    for old_name, new_name in renames:
        yield Change(
            "models",
            "field.renamed",
            f"{b.name}.{new_name}",
            None,
            True,
            "the same JSON field under another Python name",
            old_name,
            new_name,
        )


def diff_surfaces(old: Surface, new: Surface) -> Diff:
    changes: list[Change] = []
    found, model_pairs = moves(old, new)
    moved_ops = dict(pair_operations(old, new))
    renamed = {a: b for a, b, _role in model_pairs}
    for (a_key, b_key), move in zip(moved_ops.items(), found, strict=True):
        changes.extend(_moved_operation(old.operations[a_key], new.operations[b_key], move))
    for a_name, b_name in renamed.items():
        changes.extend(_renamed_model(old.models[a_name], new.models[b_name]))
    paired_old = set(moved_ops) | set(renamed)
    paired_new = set(moved_ops.values()) | set(renamed.values())
    pairs: list[
        tuple[str, str, Mapping[str, Any], Mapping[str, Any], Callable[[Any, Any], Iterator[Change]]]
    ] = [
        ("operations", "operation", old.operations, new.operations, _operation),
        ("models", "model", old.models, new.models, _model),
        ("enums", "enum", old.enums, new.enums, _enum),
    ]
    for section, kind, before, after, compare in pairs:
        for key in sorted(before.keys() - after.keys() - paired_old):
            item = before[key]
            subject = item.module if isinstance(item, Operation) else key
            api = item.api_label if isinstance(item, Operation) else item.api
            changes.append(Change(section, f"{kind}.removed", subject, api, True, f"{kind} removed"))
        for key in sorted(after.keys() - before.keys() - paired_new):
            item = after[key]
            subject = item.module if isinstance(item, Operation) else key
            api = item.api_label if isinstance(item, Operation) else item.api
            changes.append(Change(section, f"{kind}.added", subject, api, False, f"{kind} added"))
        for key in sorted(before.keys() & after.keys()):
            changes.extend(compare(before[key], after[key]))
    classless_old = {k: s for k, s in old.schemas.items() if s.python is None}
    classless_new = {k: s for k, s in new.schemas.items() if s.python is None}
    for key in sorted(classless_old.keys() - new.schemas.keys()):
        changes.append(
            Change(
                "schemas",
                "schema.removed",
                key,
                classless_old[key].api,
                False,
                f"component schema removed ({classless_old[key].shape}, no Python class of its own)",
            )
        )
    for key in sorted(classless_new.keys() - old.schemas.keys()):
        changes.append(
            Change(
                "schemas",
                "schema.added",
                key,
                classless_new[key].api,
                False,
                f"component schema added ({classless_new[key].shape}, no Python class of its own)",
            )
        )
    return Diff(old=old.api_version, new=new.api_version, changes=changes, moves=found)
