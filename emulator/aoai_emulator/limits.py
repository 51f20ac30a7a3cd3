"""What Azure refuses that the documents do not say: checked after schema validation, answered 400.

Why: a schema-valid body could still crash a handler (a content part of another type
carrying a `text` object made the prompt join fail with a 500, which is what `make fuzz`
found), or be accepted where Azure refuses it (`max_tokens: -1`). Each check names the
parameter the way Azure does, so a client test sees the error a real resource would send.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Token limits Azure requires to be at least 1 (the documents give no minimum).
_AT_LEAST_ONE = ("max_tokens", "max_completion_tokens")
#: A `\\uD800`-`\\uDFFF` escape in raw JSON: only then can the parsed body hold a lone surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def has_lone_surrogate(raw: bytes, body: Any) -> bool:
    """True when the JSON held a surrogate escape that is not half of a pair (not valid Unicode)."""
    if not _SURROGATE_ESCAPE.search(raw):
        return False
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")  # a pair was joined by json.loads
    except UnicodeEncodeError:
        return True
    return False


def odd_input(body: dict[str, Any]) -> tuple[str, str, str] | None:
    """(message, param, code) for the first thing Azure would refuse, or None."""
    for name in _AT_LEAST_ONE:
        value = body.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value < 1:
            return (
                f"Invalid '{name}': integer below minimum value. Expected a value >= 1, but got {value} instead.",
                name,
                "integer_below_min_value",
            )
    messages = body.get("messages")
    for i, message in enumerate(messages if isinstance(messages, list) else ()):
        content = message.get("content") if isinstance(message, dict) else None
        for j, part in enumerate(content if isinstance(content, list) else ()):
            if isinstance(part, dict) and "text" in part and not isinstance(part["text"], str):
                param = f"messages[{i}].content[{j}].text"
                return (
                    f"Invalid type for '{param}': expected a string, but got {type(part['text']).__name__}.",
                    param,
                    "invalid_type",
                )
    return None
