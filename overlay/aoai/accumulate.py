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

Why one chunk at a time (`ChatAccumulator.add`): a stream is folded as it is read, so its
memory is the completion's, not the stream's (keeping every payload for a fold at the end
grew a 100,000-chunk stream by 140 MB). Text fragments go into a buffer, not `a + b`, so a
long stream is linear, not quadratic.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from aoai.decoding import declared_keys, decode, field_model, norm

__all__ = ["ChatAccumulator", "accumulate_chat", "chat_fold"]

R = TypeVar("R")

#: Delta keys whose repeated values name the same thing rather than continue it.
_IDENTITY_KEYS = frozenset({"index", "id", "type", "role"})
_EMPTY = (None, "", 0)
_MISSING = object()
_IMMUTABLE = (str, int, float, bool, type(None))


def _copy(value: Any) -> Any:
    """A copy the fold may change later (JSON scalars are shared: the common case, and free)."""
    return value if type(value) in _IMMUTABLE else copy.deepcopy(value)


class _Keys(dict[str, bool]):
    """Which JSON keys a model declares (`norm`-insensitive): `keys[key]`, worked out once per key.

    A dict whose misses fill it, so the check made for every key of every chunk is one C lookup.
    """

    def __init__(self, declared: frozenset[str] | None) -> None:
        super().__init__()
        self._declared = declared

    def __missing__(self, key: str) -> bool:
        known = self[key] = self._declared is None or norm(key) in self._declared
        return known


class _Text:
    """A string being continued fragment by fragment (`content`, tool-call `arguments`).

    Fragments are joined a block at a time: appending to one string would be quadratic, and
    keeping every fragment (as `io.StringIO` does before 3.12: up to 100,000 small strings)
    costs ~50 bytes of object per fragment, about ten times the text (5 MB per 100,000 chunks).
    """

    __slots__ = ("_blocks", "_parts")

    _BLOCK = 512  # fragments per block: the text's own size plus ~1 pointer per fragment

    def __init__(self, first: str) -> None:
        self._blocks: list[str] = []
        self._parts = [first]

    def add(self, more: str) -> None:
        parts = self._parts
        parts.append(more)
        if len(parts) >= self._BLOCK:
            self._blocks.append("".join(parts))
            parts.clear()

    def __str__(self) -> str:
        return "".join(self._blocks) + "".join(self._parts)


class ChatAccumulator(Generic[R]):
    """Folds chat completion chunk payloads, one at a time, into the completion they add up to."""

    def __init__(self, completion_type: type[R] | None = None) -> None:
        self.completion_type = completion_type
        self._top_keys = _Keys(declared_keys(completion_type) if completion_type is not None else None)
        choice_type = field_model(completion_type, "choices") if completion_type is not None else None
        self._choice_keys = _Keys(declared_keys(choice_type) if choice_type is not None else None)
        self._result: dict[str, Any] = {}
        self._choices: dict[int, dict[str, Any]] = {}

    def add(self, payload: dict[str, Any]) -> None:
        result, keys = self._result, self._top_keys
        for key, value in payload.items():
            if key == "choices":
                for choice in value or ():
                    _merge_choice(self._choices, choice, self._choice_keys)
            elif key != "object" and keys[key]:
                _merge_last(result, key, value)

    def json(self) -> dict[str, Any]:
        """The completion as a JSON object (a fresh copy: adding more chunks does not change it)."""
        result: dict[str, Any] = _materialise(self._result)
        result["object"] = "chat.completion"
        result["choices"] = [_materialise(self._choices[index]) for index in sorted(self._choices)]
        for choice in result["choices"]:
            _drop_merge_indexes(choice["message"])
        return result

    def result(self) -> R:
        """The completion, decoded into the api-version's model."""
        if self.completion_type is None:
            raise TypeError("this accumulator has no completion type to decode into")
        return decode(self.completion_type, self.json())


def chat_fold(completion_type: type[R]) -> Callable[[], ChatAccumulator[R]]:
    """A fold for `Stream(..., fold=...)`: a fresh accumulator per stream, decoding to `completion_type`."""

    def fold() -> ChatAccumulator[R]:
        return ChatAccumulator(completion_type)

    return fold


def accumulate_chat(
    payloads: Iterable[dict[str, Any]], completion_type: type | None = None
) -> dict[str, Any]:
    """The completion JSON object that the chunk payloads add up to."""
    accumulator: ChatAccumulator[Any] = ChatAccumulator(completion_type)
    for payload in payloads:
        accumulator.add(payload)
    return accumulator.json()


def _materialise(value: Any) -> Any:
    if isinstance(value, _Text):
        return str(value)
    if isinstance(value, dict):
        return {k: _materialise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_materialise(v) for v in value]
    return value


def _merge_choice(choices: dict[int, dict[str, Any]], choice: dict[str, Any], keys: _Keys) -> None:
    index = choice.get("index", 0)
    target = choices.get(index)
    if target is None:
        target = choices[index] = {"index": index, "message": {}, "finish_reason": None, "logprobs": None}
    for key, value in choice.items():
        if key == "delta":
            if value:
                _merge_delta(target["message"], value)
        elif key == "index" or not keys[key]:
            continue
        elif key == "logprobs":
            _merge_logprobs(target, value)
        else:
            _merge_last(target, key, value)


def _merge_delta(message: dict[str, Any], delta: dict[str, Any]) -> None:
    for key, value in delta.items():
        current = message.get(key)
        if current is None:
            message[key] = _copy(value)
        elif value is None:
            continue
        elif isinstance(current, _Text) and isinstance(value, str):
            current.add(value)
        elif isinstance(current, str) and isinstance(value, str):
            message[key] = value if key in _IDENTITY_KEYS else _Text(current + value)
        elif isinstance(current, dict) and isinstance(value, dict):
            _merge_delta(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            _merge_indexed(current, value)
        else:
            message[key] = _copy(value)


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
            current[key].extend(copy.deepcopy(part))  # ours (copied on first sight): extended in place
        elif part is not None:
            current[key] = copy.deepcopy(part)


def _merge_last(target: dict[str, Any], key: str, value: Any) -> None:
    if target.get(key, _MISSING) == value:
        return  # the same id, model and filter results each chunk: merging changes nothing
    if value is None or (value in _EMPTY and not isinstance(value, bool)):
        target.setdefault(key, value)
        return
    current = target.get(key)
    if isinstance(current, dict) and isinstance(value, dict):
        for inner_key, inner in value.items():
            _merge_last(current, inner_key, inner)
    else:
        target[key] = _copy(value)
