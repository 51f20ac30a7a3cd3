"""One difference between two surfaces, and how a type change is judged: what every diff rule shares."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .surface_python import split_union


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
