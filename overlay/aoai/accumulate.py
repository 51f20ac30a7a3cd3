"""Fold the chunks of a streamed chat completion into the completion a non-streamed call returns.

Why on the JSON payloads rather than on chunk models: the fold must keep what the
chunk schema does not describe (`usage`, `content_filter_results`,
`prompt_filter_results` ride on chunks as unknown keys in both pinned versions), and
merging plain dicts needs no knowledge of any version's model classes. The result is
decoded into the api-version's own completion model, so a field that a new version
adds to `delta` or to the completion flows through with no edit here.

Rules (the wire format of the streaming API, not of one version):
- `delta` merges into `message`: strings concatenate (except identity keys such as
  `role`, `type`, `id`), objects merge key by key, lists of objects carrying an
  `index` merge by that index (tool calls whose arguments arrive in fragments);
- `logprobs` lists concatenate (one entry per token, spread over chunks);
- everything else on a choice or at the top merges as "last non-null value wins",
  objects key by key (per-chunk `content_filter_results`, the final `finish_reason`,
  the usage chunk); the empty values of Azure's first chunk (`id: ""`,
  `created: 0`) never overwrite real ones;
- keys that the completion model does not declare at the top or on a choice are
  streaming artefacts (`obfuscation`, `content_filter_offsets`) and are dropped;
  they stay readable on the chunks themselves.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from aoai.decoding import declared_keys, decode, field_model, norm

__all__ = ["accumulate_chat", "chat_fold"]

R = TypeVar("R")

#: Delta keys whose repeated values name the same thing rather than continue it.
_IDENTITY_KEYS = frozenset({"index", "id", "type", "role"})
_EMPTY = (None, "", 0)


def chat_fold(completion_type: type[R]) -> Callable[[list[dict[str, Any]]], R]:
    """A fold for `Stream(..., fold=...)` that returns `completion_type` (the version's model)."""

    def fold(payloads: list[dict[str, Any]]) -> R:
        return decode(completion_type, accumulate_chat(payloads, completion_type))

    return fold


def accumulate_chat(
    payloads: Iterable[dict[str, Any]], completion_type: type | None = None
) -> dict[str, Any]:
    """The completion JSON object that the chunk payloads add up to."""
    top_keys = declared_keys(completion_type) if completion_type is not None else None
    choice_type = field_model(completion_type, "choices") if completion_type is not None else None
    choice_keys = declared_keys(choice_type) if choice_type is not None else None
    result: dict[str, Any] = {}
    choices: dict[int, dict[str, Any]] = {}
    for payload in payloads:
        for key, value in payload.items():
            if key == "choices":
                for choice in value or ():
                    _merge_choice(choices, choice, choice_keys)
            elif key == "object" or (top_keys is not None and norm(key) not in top_keys):
                continue
            else:
                _merge_last(result, key, value)
    result["object"] = "chat.completion"
    result["choices"] = [choices[index] for index in sorted(choices)]
    for choice in result["choices"]:
        _drop_merge_indexes(choice["message"])
    return result


def _merge_choice(
    choices: dict[int, dict[str, Any]], choice: dict[str, Any], keys: frozenset[str] | None
) -> None:
    index = choice.get("index", 0)
    target = choices.get(index)
    if target is None:
        target = choices[index] = {"index": index, "message": {}, "finish_reason": None, "logprobs": None}
    for key, value in choice.items():
        if key == "delta":
            if value:
                _merge_delta(target["message"], value)
        elif key == "index" or (keys is not None and norm(key) not in keys):
            continue
        elif key == "logprobs":
            _merge_logprobs(target, value)
        else:
            _merge_last(target, key, value)


def _merge_delta(message: dict[str, Any], delta: dict[str, Any]) -> None:
    for key, value in delta.items():
        current = message.get(key)
        if current is None:
            message[key] = copy.deepcopy(value)
        elif value is None:
            continue
        elif isinstance(current, str) and isinstance(value, str):
            message[key] = value if key in _IDENTITY_KEYS else current + value
        elif isinstance(current, dict) and isinstance(value, dict):
            _merge_delta(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            _merge_indexed(current, value)
        else:
            message[key] = copy.deepcopy(value)


def _merge_indexed(current: list[Any], items: list[Any]) -> None:
    """Items that carry an `index` continue the item with that index; others are appended."""
    for item in items:
        if isinstance(item, dict) and "index" in item:
            match = next(
                (c for c in current if isinstance(c, dict) and c.get("index") == item["index"]), None
            )
            if match is not None:
                _merge_delta(match, item)
                continue
        current.append(copy.deepcopy(item))


def _drop_merge_indexes(message: dict[str, Any]) -> None:
    """`index` in a list item only says which item a fragment continues; the completion has none."""
    for value in message.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    item.pop("index", None)


def _merge_logprobs(target: dict[str, Any], value: Any) -> None:
    current = target.get("logprobs")
    if not isinstance(value, dict) or not isinstance(current, dict):
        if value is not None:
            target["logprobs"] = copy.deepcopy(value)
        return
    for key, part in value.items():
        if isinstance(part, list) and isinstance(current.get(key), list):
            current[key] = current[key] + part
        elif part is not None:
            current[key] = copy.deepcopy(part)


def _merge_last(target: dict[str, Any], key: str, value: Any) -> None:
    if value is None or (value in _EMPTY and not isinstance(value, bool)):
        target.setdefault(key, value)
        return
    current = target.get(key)
    if isinstance(current, dict) and isinstance(value, dict):
        for inner_key, inner in value.items():
            _merge_last(current, inner_key, inner)
    else:
        target[key] = copy.deepcopy(value)
