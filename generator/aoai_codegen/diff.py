"""Compare two surfaces and say, for each difference, whether it breaks a caller of the client.

The rules are a caller's, not a wire protocol's: code written against OLD must
keep importing, constructing and reading what it did. So removals always break;
an addition breaks only when the caller must now pass something (a required
parameter, a required field without default in a model the caller builds); a
type breaks when it loses members (narrowed) or changes, and not when it only
gains them (widened). Fields of response-only models are read, never built, so
for them "now required" is harmless and "now optional" is the break.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from .surface import Enum, Field, Model, Operation, Parameter, Surface
from .surface_python import split_union

SECTIONS = ("operations", "models", "enums", "schemas")


@attrs.frozen
class Change:
    section: str
    kind: str  # e.g. "field.removed"; see diff.schema.json for the list
    subject: str  # the Python name: "chat.chat_completions_create", "CreateChatCompletionRequest.seed"
    api: str | None  # the API name: "POST /deployments/...", "#/components/schemas/..."
    breaking: bool
    reason: str
    old: str | None = None
    new: str | None = None


@attrs.frozen
class Diff:
    old: str
    new: str
    changes: list[Change]

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


def compare_types(old: str, new: str) -> str:
    """'same', 'widened' (new accepts all old did, and more), 'narrowed', or 'changed'."""
    a, b = set(split_union(old)), set(split_union(new))
    if a == b:
        return "same"
    if a < b:
        return "widened"
    if b < a:
        return "narrowed"
    return "changed"


def _value_type(python_type: str) -> str:
    """The type without `Unset`, which only says whether the value may be absent (compared separately)."""
    return " | ".join(m for m in split_union(python_type) if m != "Unset") or python_type


def _type_change(
    section: str, subject: str, api: str | None, kind: str, old: str, new: str
) -> Iterator[Change]:
    how = compare_types(_value_type(old), _value_type(new))
    if how == "same":
        return
    reasons = {
        "widened": ("it accepts every value it did, and more", False),
        "narrowed": ("it lost members: callers passing or expecting the others break", True),
        "changed": ("code written for the old type breaks", True),
    }
    reason, breaking = reasons[how]
    yield Change(section, f"{kind}.type_{how}", subject, api, breaking, f"type {how}: {reason}", old, new)


def _parameters(op: Operation, old: list[Parameter], new: list[Parameter]) -> Iterator[Change]:
    before, after = {p.name: p for p in old}, {p.name: p for p in new}
    label = op.api_label
    for name in sorted(before.keys() - after.keys()):
        p = before[name]
        yield Change(
            "operations",
            "parameter.removed",
            f"{op.module}({name})",
            label,
            True,
            "parameter removed: calls that pass it fail with TypeError",
            p.python_type,
            None,
        )
    for name in sorted(after.keys() - before.keys()):
        p = after[name]
        must = p.required and p.default is None
        yield Change(
            "operations",
            "parameter.added",
            f"{op.module}({name})",
            label,
            must,
            "new required parameter: existing calls lack it" if must else "new optional parameter",
            None,
            p.python_type,
        )
    for name in sorted(before.keys() & after.keys()):
        a, b = before[name], after[name]
        subject = f"{op.module}({name})"
        yield from _type_change("operations", subject, label, "parameter", a.python_type, b.python_type)
        if a.required != b.required:
            yield Change(
                "operations",
                "parameter.required_changed",
                subject,
                label,
                b.required,
                "optional -> required: calls that omit it break" if b.required else "required -> optional",
                str(a.required),
                str(b.required),
            )
        if a.default != b.default:
            yield Change(
                "operations",
                "parameter.default_changed",
                subject,
                label,
                False,
                "default changed: calls that omit it now send a different value",
                a.default,
                b.default,
            )


def _operation(a: Operation, b: Operation) -> Iterator[Change]:
    label = b.api_label
    subject = b.module
    if a.module != b.module:
        yield Change(
            "operations",
            "operation.moved",
            a.module,
            label,
            True,
            "module moved: `from ...api.<tag> import <module>` no longer finds it",
            a.module,
            b.module,
        )
    if (a.method, a.path) != (b.method, b.path):
        yield Change(
            "operations",
            "operation.endpoint_changed",
            subject,
            label,
            False,
            "HTTP method or path changed; the Python function is called the same way",
            a.api_label,
            b.api_label,
        )
    for name in sorted(set(a.functions) - set(b.functions)):
        yield Change(
            "operations", "function.removed", f"{subject}.{name}", label, True, "function removed", name, None
        )
    for name in sorted(set(b.functions) - set(a.functions)):
        yield Change(
            "operations", "function.added", f"{subject}.{name}", label, False, "function added", None, name
        )
    yield from _parameters(b, a.parameters, b.parameters)
    for status in sorted(a.responses.keys() - b.responses.keys()):
        yield Change(
            "operations",
            "response.removed",
            f"{subject}[{status}]",
            label,
            True,
            f"no model for status {status} any more: callers reading it get None",
            a.responses[status],
            None,
        )
    for status in sorted(b.responses.keys() - a.responses.keys()):
        yield Change(
            "operations",
            "response.added",
            f"{subject}[{status}]",
            label,
            False,
            f"status {status} now parsed into a model",
            None,
            b.responses[status],
        )
    for status in sorted(a.responses.keys() & b.responses.keys()):
        yield from _type_change(
            "operations", f"{subject}[{status}]", label, "response", a.responses[status], b.responses[status]
        )
    if a.streaming != b.streaming:
        yield Change(
            "operations",
            "operation.streaming_changed",
            subject,
            label,
            a.streaming,
            "no longer streams: streaming callers break" if a.streaming else "can now stream",
            str(a.streaming),
            str(b.streaming),
        )


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


def diff_surfaces(old: Surface, new: Surface) -> Diff:
    changes: list[Change] = []
    pairs: list[
        tuple[str, str, Mapping[str, Any], Mapping[str, Any], Callable[[Any, Any], Iterator[Change]]]
    ] = [
        ("operations", "operation", old.operations, new.operations, _operation),
        ("models", "model", old.models, new.models, _model),
        ("enums", "enum", old.enums, new.enums, _enum),
    ]
    for section, kind, before, after, compare in pairs:
        for key in sorted(before.keys() - after.keys()):
            item = before[key]
            subject = item.module if isinstance(item, Operation) else key
            api = item.api_label if isinstance(item, Operation) else item.api
            changes.append(Change(section, f"{kind}.removed", subject, api, True, f"{kind} removed"))
        for key in sorted(after.keys() - before.keys()):
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
    return Diff(old=old.api_version, new=new.api_version, changes=changes)
