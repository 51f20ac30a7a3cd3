"""Deterministic text: replies derived from the prompt, rough token counts, filter annotations.

Everything here is a pure function of the request, so the same request always gets the same
answer and a streamed answer can be cut from exactly the text the non-streamed one returns.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_WORD = re.compile(r"\w+|[^\w\s]")
SAFE = {"filtered": False, "severity": "safe"}
CATEGORIES = ("hate", "self_harm", "sexual", "violence")
OUTPUT_TRIGGER_SUFFIX = "-output"
#: `<trigger>-error` in a Responses input makes the model fail mid-reply (an `error` stream event).
ERROR_TRIGGER_SUFFIX = "-error"


def digest(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def count_tokens(text: str) -> int:
    """Roughly one token per word or punctuation mark; enough to make `usage` believable."""
    return len(_WORD.findall(text))


def pieces(text: str) -> list[str]:
    """Split into stream pieces (a word with its leading space) whose concatenation is `text`."""
    found = re.findall(r"\s*\S+", text)
    tail = text[len("".join(found)) :]
    if tail:
        found.append(tail)
    return found


def flatten_content(content: Any) -> str:
    """Text of a chat message `content` (a string or a list of parts)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def chat_prompt(messages: list[dict[str, Any]]) -> str:
    return "\n".join(flatten_content(m.get("content")) for m in messages if isinstance(m, dict))


def last_user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            return flatten_content(message.get("content"))
    return chat_prompt(messages)


def prompt_trips_filter(text: str, trigger: str) -> bool:
    """The trigger word as a whole word, except as part of `<word>-output` or `<word>-error`."""
    suffixes = "|".join(re.escape(s) for s in (OUTPUT_TRIGGER_SUFFIX, ERROR_TRIGGER_SUFFIX))
    pattern = rf"(?<![\w-]){re.escape(trigger)}(?!{suffixes})(?![\w])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def output_trips_filter(text: str, trigger: str) -> bool:
    return (trigger + OUTPUT_TRIGGER_SUFFIX).lower() in text.lower()


def output_fails(text: str, trigger: str) -> bool:
    return (trigger + ERROR_TRIGGER_SUFFIX).lower() in text.lower()


def reply(prompt: str, index: int = 0) -> str:
    """The emulated completion: an echo of the prompt (trimmed), so tests can predict it."""
    words = " ".join(prompt.split())
    if len(words) > 200:
        words = words[:200].rsplit(" ", 1)[0] + " ..."
    prefix = "This is" if index == 0 else f"Alternative {index} is"
    return f"{prefix} an emulated reply to: {words}"


def truncate(text: str, max_tokens: int | None) -> tuple[str, bool]:
    """Cut to at most `max_tokens` stream pieces; True when it was cut (finish_reason `length`)."""
    parts = pieces(text)
    if max_tokens is None or len(parts) <= max_tokens:
        return text, False
    return "".join(parts[:max_tokens]), True


def filter_cut(text: str) -> str:
    """Where the output filter stops a completion: the first half of it."""
    parts = pieces(text)
    return "".join(parts[: max(1, len(parts) // 2)])


def safe_results() -> dict[str, Any]:
    return {name: dict(SAFE) for name in CATEGORIES}


def filtered_results() -> dict[str, Any]:
    results = safe_results()
    results["violence"] = {"filtered": True, "severity": "medium"}
    return results


def prompt_filter_results(count: int = 1) -> list[dict[str, Any]]:
    return [
        {
            "prompt_index": i,
            "content_filter_results": {**safe_results(), "jailbreak": {"filtered": False, "detected": False}},
        }
        for i in range(count)
    ]
