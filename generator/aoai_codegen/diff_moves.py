"""Operations that moved between route models, paired by what they do, and the migration note they make.

Across route models (a dated api-version -> `v1`) every operation has another operationId and
another path (`POST /deployments/{deployment-id}/chat/completions` -> `POST /chat/completions`),
so a diff keyed by operationId reports each as removed and added: true, and useless to someone
migrating. What an operation does is its method and its route without the deployment prefix
(`routes.route`, the same key that names facade methods), so operations present on one side
only are paired by it. Their request and response models are paired through them (by the
operation's body and success response, then field by field for the models those hold), and
compared as renamed models: the fields a caller gains, loses or finds renamed.

A `Move` is the migration note for one operation: the new route, where the deployment went (the
path segment -> the body's `model`), what became of the api-version parameter, and the models.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from .routes import route
from .surface import Field, Model, Operation, Surface
from .surface_python import split_union

_MODEL_NAME = re.compile(r"^(?:list\[)?([A-Za-z_][A-Za-z0-9_]*)\]?$")
_SCALARS = frozenset({"str", "int", "float", "bool", "None", "Unset", "Any", "File"})


@attrs.frozen
class ModelMove:
    """A model of a moved operation that has another name on the other side."""

    old: str
    new: str
    role: str  # "request" | "response" | "field <Model>.<field>" (found through a paired model)
    added: list[str]
    removed: list[str]
    renamed: list[tuple[str, str]]


@attrs.frozen
class Move:
    """One operation paired across the two surfaces, with its migration note."""

    old_module: str
    new_module: str
    old_api: str
    new_api: str
    notes: list[str]
    models: list[ModelMove]


def _key(op: Operation) -> tuple[str, str]:
    return op.method.upper(), route(op.path)


def pair_operations(old: Surface, new: Surface) -> list[tuple[str, str]]:
    """(old key, new key) of the operations on one side only that share method and route."""
    added: dict[tuple[str, str], list[str]] = {}
    for key, op in new.operations.items():
        if key not in old.operations:
            added.setdefault(_key(op), []).append(key)
    pairs = []
    for key, op in sorted(old.operations.items()):
        if key in new.operations:
            continue
        found = added.get(_key(op), [])
        if len(found) == 1:  # two candidates would be a guess
            pairs.append((key, found[0]))
    return pairs


def _single_model(python_type: str, models: dict[str, Model]) -> str | None:
    """The one model a field holds (itself or in a list), or None (a scalar, a union of models)."""
    members = [m for m in split_union(python_type) if m not in _SCALARS]
    if len(members) != 1:
        return None
    found = _MODEL_NAME.match(members[0])
    name = found.group(1) if found else None
    return name if name in models else None


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def renamed_fields(a: Model, b: Model) -> list[tuple[str, str]]:
    """Fields one side lacks that the other has under another Python name for the same JSON key."""
    before = {f.name: f for f in a.fields}
    after = {f.name: f for f in b.fields}
    gone = {_norm(f.json_name or f.name): f.name for n, f in before.items() if n not in after}
    return [
        (gone[_norm(f.json_name or f.name)], n)
        for n, f in sorted(after.items())
        if n not in before and _norm(f.json_name or f.name) in gone
    ]


def pair_models(old: Surface, new: Surface, operations: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(old model, new model, role) for the models of paired operations that were renamed, and,
    through their fields, the models those hold (each pair once, only names on one side only)."""
    queue: list[tuple[str | None, str | None, str]] = []
    for a_key, b_key in operations:
        a, b = old.operations[a_key], new.operations[b_key]
        queue.append((a.body, b.body, "request"))
        queue.append((a.responses.get("200"), b.responses.get("200"), "response"))
    pairs: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while queue:
        a_name, b_name, role = queue.pop(0)
        if not a_name or not b_name or a_name == b_name or a_name in seen:
            continue
        if (
            a_name not in old.models
            or b_name not in new.models
            or a_name in new.models
            or b_name in old.models
        ):
            continue
        seen.add(a_name)
        pairs.append((a_name, b_name, role))
        before = {f.name: f for f in old.models[a_name].fields}
        for field in new.models[b_name].fields:
            if field.name in before:
                inner_a = _single_model(before[field.name].python_type, old.models)
                inner_b = _single_model(field.python_type, new.models)
                queue.append((inner_a, inner_b, f"field {b_name}.{field.name}"))
    return pairs


def _deployment_note(a: Operation, b: Operation, new: Surface) -> Iterator[str]:
    moved_from = next(
        (p for p in a.parameters if p.location == "path" and "deployment" in (p.api_name or "")), None
    )
    still = any(p.location == "path" and "deployment" in (p.api_name or "") for p in b.parameters)
    body = new.models.get(b.body or "")
    in_body = body is not None and any((f.json_name or f.name) == "model" for f in body.fields)
    if moved_from is not None and not still and in_body:
        yield f"the deployment is now the body's `model` (was the {{{moved_from.api_name}}} path segment)"
    elif moved_from is not None and not still:
        yield f"the {{{moved_from.api_name}}} path segment is gone"


def _parameter_notes(a: Operation, b: Operation) -> Iterator[str]:
    before = {p.api_name or p.name: p for p in a.parameters if p.location in ("query", "header")}
    after = {p.api_name or p.name: p for p in b.parameters if p.location in ("query", "header")}
    for name in sorted(before.keys() | after.keys()):
        x, y = before.get(name), after.get(name)
        if x is None and y is not None:
            yield f"{y.location} parameter {name} added ({'required' if y.required else 'optional'})"
        elif y is None and x is not None:
            yield f"{x.location} parameter {name} removed"
        elif x is not None and y is not None and x.required != y.required:
            yield f"{name}: {'required' if x.required else 'optional'} -> {'required' if y.required else 'optional'}"


def _fields(model: Model) -> dict[str, Field]:
    return {f.name: f for f in model.fields}


def moves(old: Surface, new: Surface) -> tuple[list[Move], list[tuple[str, str, str]]]:
    """The migration notes of every paired operation, and the renamed model pairs behind them."""
    operations = pair_operations(old, new)
    model_pairs = pair_models(old, new, operations)
    model_moves = {}
    for a_name, b_name, role in model_pairs:
        renamed = renamed_fields(old.models[a_name], new.models[b_name])
        before, after = _fields(old.models[a_name]), _fields(new.models[b_name])
        model_moves[a_name] = ModelMove(
            old=a_name,
            new=b_name,
            role=role,
            added=sorted(n for n in after.keys() - before.keys() if n not in {r[1] for r in renamed}),
            removed=sorted(n for n in before.keys() - after.keys() if n not in {r[0] for r in renamed}),
            renamed=renamed,
        )
    result = []
    for a_key, b_key in operations:
        was, now = old.operations[a_key], new.operations[b_key]
        models = (model_moves.get(was.body or ""), model_moves.get(was.responses.get("200", "")))
        result.append(
            Move(
                old_module=was.module,
                new_module=now.module,
                old_api=was.api_label,
                new_api=now.api_label,
                notes=[*_deployment_note(was, now, new), *_parameter_notes(was, now)],
                models=[m for m in models if m is not None],
            )
        )
    return result, model_pairs
