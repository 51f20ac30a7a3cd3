"""A Diff for people (text, Markdown for a pull request) and for programs (JSON, see diff.schema.json).

Grouped by section, breaking changes first within each, so a reviewer reads what
needs a decision before what only needs a glance; the summary line of counts
comes last in text (where a terminal leaves it visible) and first in Markdown.
Across route models the diff opens with a migration note: for each operation that
moved, its new route and module, where the deployment went, and the fields its
request and response models gained, lost or renamed (`diff_moves`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from .diff import SECTIONS, Change, Diff

SCHEMA_PATH = Path(__file__).with_name("diff.schema.json")
SCHEMA_VERSION = 1
FORMATS = ("text", "markdown", "json")


def _ordered(diff: Diff, section: str) -> list[Change]:
    return sorted(
        (c for c in diff.changes if c.section == section), key=lambda c: (not c.breaking, c.kind, c.subject)
    )


def _values(change: Change) -> str:
    if change.old is not None and change.new is not None:
        return f": {change.old} -> {change.new}"
    return f": {change.old or change.new}" if (change.old or change.new) else ""


def _listed(label: str, names: list[str]) -> str:
    return f"{label} {', '.join(names)}" if names else ""


def migration_blocks(diff: Diff) -> list[tuple[str, list[str]]]:
    """The migration note: (moved route, its notes) per moved operation (empty when nothing moved)."""
    blocks = []
    for move in diff.moves:
        notes = [f"call {move.new_module} (was {move.old_module})", *move.notes]
        for model in move.models:
            renamed = [f"{a} -> {b}" for a, b in model.renamed]
            found = (
                _listed("added:", model.added),
                _listed("removed:", model.removed),
                _listed("renamed:", renamed),
            )
            parts = [p for p in found if p]
            notes.append(f"{model.role} {model.old} -> {model.new}: {'; '.join(parts) or 'same fields'}")
        blocks.append((f"{move.old_api} -> {move.new_api}", notes))
    return blocks


def to_text(diff: Diff) -> str:
    lines = [f"Surface diff {diff.old} -> {diff.new}"]
    if diff.moves:
        lines += ["", f"migration: operations that moved ({len(diff.moves)})"]
        for title, notes in migration_blocks(diff):
            lines += [f"  {title}", *(f"    {note}" for note in notes)]
    for section in SECTIONS:
        changes = _ordered(diff, section)
        if not changes:
            continue
        lines += ["", f"{section} ({len(changes)})"]
        for c in changes:
            tag = "BREAKING" if c.breaking else "ok      "
            lines.append(f"  {tag} {c.kind:<28} {c.subject}{_values(c)}")
            lines.append(f"           {c.reason}" + (f"  [{c.api}]" if c.api else ""))
    if not diff.changes:
        lines += ["", "no changes"]
    lines += ["", diff.summary()]
    return "\n".join(lines) + "\n"


def _cell(text: str | None) -> str:
    return "" if text is None else "`" + text.replace("|", "\\|").replace("`", "'") + "`"


def to_markdown(diff: Diff) -> str:
    breaking = len(diff.breaking)
    lines = [f"## API surface: `{diff.old}` → `{diff.new}`", "", f"**{diff.summary()}**", ""]
    if breaking:
        lines += [f"> :warning: {breaking} breaking change(s) for callers of the client.", ""]
    if diff.moves:
        lines += [f"### Migration: operations that moved ({len(diff.moves)})", ""]
        for title, notes in migration_blocks(diff):
            lines += [f"- `{title}`", *(f"  - {note}" for note in notes)]
        lines.append("")
    for section in SECTIONS:
        changes = _ordered(diff, section)
        if not changes:
            continue
        lines += [
            f"### {section.capitalize()} ({len(changes)})",
            "",
            "| | change | Python | API | old → new | why |",
            "|---|---|---|---|---|---|",
        ]
        for c in changes:
            values = f"{_cell(c.old)} → {_cell(c.new)}" if c.old and c.new else _cell(c.old or c.new)
            mark = ":boom:" if c.breaking else ""
            lines.append(
                f"| {mark} | {c.kind} | {_cell(c.subject)} | {_cell(c.api)} | {values} | {c.reason} |"
            )
        lines.append("")
    if not diff.changes:
        lines += ["No changes.", ""]
    return "\n".join(lines)


def to_data(diff: Diff) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "old": diff.old,
        "new": diff.new,
        "summary": {
            "changes": len(diff.changes),
            "breaking": len(diff.breaking),
            "non_breaking": len(diff.changes) - len(diff.breaking),
            "sections": diff.counts(),
            "line": diff.summary(),
        },
        "changes": [attrs.asdict(c) for c in diff.changes],
        "migration": [attrs.asdict(m) for m in diff.moves],
    }


def to_json(diff: Diff) -> str:
    return json.dumps(to_data(diff), indent=2, sort_keys=True) + "\n"


def render(diff: Diff, fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return {"text": to_text, "markdown": to_markdown, "json": to_json}[fmt](diff)
