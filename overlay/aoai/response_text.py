"""`response.output_text`: the text of a Responses API reply, as the official SDK offers it.

A `Response` holds a list of output items; the text the model wrote is in the `output_text`
parts of its `message` items. `output_text(response)` joins them, reading the generated
models of any version (the generator names the JSON `type` field `type_` and may hold it as an
enum) or plain data alike.

The documents declare `output_text` on the response model themselves ("SDK-only convenience
property", so the service never sends it and it decodes as unset); `fill(response)` sets it
from the output items, which is what the Responses facade does to every response it returns.
A model without the field gets it as a property instead.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from aoai.plain import PlainObject, wrap

__all__ = ["fill", "output_text"]


def _get(obj: Any, key: str) -> Any:
    """A JSON field of a generated model, a `PlainObject` or a dict; None when it has none."""
    if isinstance(obj, Mapping):
        value = obj.get(key)
    else:
        value = getattr(obj, key, None)
        if value is None:
            value = getattr(obj, key + "_", None)
        if value is None:
            extra = getattr(obj, "additional_properties", None)
            value = extra.get(key) if isinstance(extra, Mapping) else None
    if type(value).__name__ == "Unset":
        return None
    return value.value if isinstance(value, enum.Enum) else value


def _items(value: Any) -> Iterable[Any]:
    return value if isinstance(value, (list, tuple)) else ()


def output_text(response: Any) -> str:
    """Every `output_text` part of every `message` output item, joined in order ("" when none)."""
    texts = []
    for item in _items(_get(response, "output")):
        if _get(item, "type") != "message":
            continue
        for part in _items(_get(item, "content")):
            text = _get(part, "text")
            if _get(part, "type") == "output_text" and isinstance(text, str):
                texts.append(text)
    return "".join(texts)


def fill(response: Any) -> Any:
    """`response` with `output_text` set from its output items where the reply left it out.

    Plain data (a version whose document has no response model) gets a copy with the key.
    """
    if isinstance(response, PlainObject):
        return (
            response
            if response.output_text is not None
            else wrap({**response.to_dict(), "output_text": output_text(response)})
        )
    cls = type(response)
    if not hasattr(cls, "output_text"):
        doc = "The text of every `output_text` part of the reply's message items, joined."
        cls.output_text = property(output_text, doc=doc)
    elif _get(response, "output_text") is None:
        response.output_text = output_text(response)
    return response
