"""Read-only attribute access over JSON data the api-version's document gives no model for.

Why: a version whose document describes no stream chunk still streams, and code written
for a version that does (`chunk.choices[0].delta.content`) should read the same data the
same way. `PlainObject` wraps one decoded JSON object: keys read as attributes or items,
nested objects and lists are wrapped on the way out, and a key the object lacks reads as
`None`, as a missing field does on the tolerant models (`aoai.decoding`). `to_dict()`
gives the JSON back untouched.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["PlainObject", "wrap"]


def wrap(value: Any) -> Any:
    """JSON objects become `PlainObject`s, lists are wrapped item by item, scalars stay as they are."""
    if isinstance(value, Mapping):
        return PlainObject(value)
    if isinstance(value, list):
        return [wrap(item) for item in value]
    return value


class PlainObject:
    """One JSON object, readable as `obj.key` or `obj["key"]` (missing keys read as None as attributes).

    Not a `Mapping` on purpose: its methods (`items`, `keys`, `get`) would hide JSON keys of those names.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return wrap(self._data.get(name))

    def __getitem__(self, key: str) -> Any:
        return wrap(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PlainObject):
            return bool(self._data == other._data)
        return isinstance(other, Mapping) and bool(self._data == other)

    __hash__ = None  # type: ignore[assignment]  # mutable data, as a dict

    def to_dict(self) -> dict[str, Any]:
        """The JSON object as it arrived (a copy)."""
        return copy.deepcopy(dict(self._data))

    def __repr__(self) -> str:
        return f"PlainObject({dict(self._data)!r:.300})"
