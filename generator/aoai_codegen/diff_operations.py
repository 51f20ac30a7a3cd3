"""The rules for one operation present in both surfaces: module, endpoint, functions, parameters, responses.

A caller imports the module, calls a function with parameters and reads the model parsed
for a status; each of those is compared as that caller would notice it (see `diff`).
"""

from __future__ import annotations

from collections.abc import Iterator

from .diff_change import Change, _type_change
from .surface import Operation, Parameter


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
