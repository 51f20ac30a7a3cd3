"""The Responses API's `input`, read the way the service reads it.

`input` is a string or a list of items; a message item (`{"role", "content"}`, `type` optional)
has a string or a list of content parts. The emulator stores each as the item resource that
`GET /responses/{id}/input_items` lists, and reads the text out of them for the prompt filter,
the token count and the reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aoai_emulator import text


def _parts(role: str, content: Any) -> list[dict[str, Any]]:
    kind = "output_text" if role == "assistant" else "input_text"
    if isinstance(content, str):
        return [{"type": kind, "text": content, **({"annotations": []} if kind == "output_text" else {})}]
    parts = []
    for part in content if isinstance(content, list) else []:
        if isinstance(part, dict):
            part = dict(part)
            if part.get("type") == "output_text":
                part.setdefault("annotations", [])
            parts.append(part)
    return parts


def input_items(value: Any, id_seed: str) -> list[dict[str, Any]]:
    """Item resources for a request's `input` (ids derived from `id_seed`, so a replay is identical)."""
    raw = [{"role": "user", "content": value}] if isinstance(value, str) else list(value or [])
    items = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        item_id = item.get("id") or f"msg_{text.digest('input', id_seed, index)[:48]}"
        if item.get("type", "message") == "message" and "content" in item:
            role = item.get("role", "user")
            items.append(
                {
                    "id": item_id,
                    "type": "message",
                    "role": role,
                    "status": "completed",
                    "content": _parts(role, item["content"]),
                }
            )
        else:
            items.append({**item, "id": item_id})
    return items


def _texts(content: Any) -> list[str]:
    if isinstance(content, str):
        return [content]
    if isinstance(content, list):
        return [p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
    return []


def user_text(items: list[dict[str, Any]]) -> str:
    """The text of the last user message (the turn the reply answers)."""
    for item in reversed(items):
        if item.get("type") == "message" and item.get("role") == "user":
            return " ".join(_texts(item.get("content")))
    return ""


def prompt_text(body: Mapping[str, Any]) -> str:
    """All the text a create request sends: instructions and every input item's text."""
    found = _texts(body.get("instructions"))
    value = body.get("input")
    for item in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found += _texts(item.get("content")) + _texts(item.get("output"))
    return "\n".join(found)
