"""Which path `aoai.decoding.decode` takes: the generated `from_dict` (fast) or the tolerant rebuild.

Azure's first stream event fails the document (`object: ""`) while the thousands of chunks
after it parse strictly: one odd object must not send the rest down the slower rebuild.
A class that keeps failing goes straight to the rebuild, without a doomed strict attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from aoai import decoding
from aoai.decoding import GIVE_UP, decode


def _model() -> tuple[type, list[str]]:
    """A stand-in for a generated model whose `from_dict` insists on `kind == "chunk"`."""
    calls: list[str] = []

    @attrs.define
    class Chunk:
        kind: str
        text: str
        additional_properties: dict[str, Any] = attrs.field(init=False, factory=dict)

        @classmethod
        def from_dict(cls, src: Mapping[str, Any]) -> Chunk:
            calls.append(src["kind"])
            if src["kind"] != "chunk":
                raise ValueError(f"{src['kind']!r} is not a valid kind")
            return cls(kind=src["kind"], text=src["text"])

    return Chunk, calls


@pytest.fixture(autouse=True)
def _forget_failures() -> Any:
    saved = dict(decoding._STRICT_FAILS)
    yield
    decoding._STRICT_FAILS.clear()
    decoding._STRICT_FAILS.update(saved)


def test_one_odd_object_does_not_send_the_next_ones_to_the_rebuild() -> None:
    Chunk, calls = _model()
    first = decode(Chunk, {"kind": "", "text": "filter results only"})
    assert (first.kind, first.text) == ("", "filter results only")
    assert type(first) is not Chunk and isinstance(first, Chunk)  # rebuilt: the tolerant subclass
    rest = [decode(Chunk, {"kind": "chunk", "text": f"t{i}"}) for i in range(5)]
    assert [type(c) for c in rest] == [Chunk] * 5  # the generated from_dict built them
    assert [c.text for c in rest] == ["t0", "t1", "t2", "t3", "t4"]
    assert calls == ["", *["chunk"] * 5]


def test_a_class_that_keeps_failing_is_rebuilt_without_a_strict_attempt() -> None:
    Chunk, calls = _model()
    for i in range(GIVE_UP + 4):
        chunk = decode(Chunk, {"kind": "odd", "text": f"t{i}"})
        assert (chunk.kind, chunk.text) == ("odd", f"t{i}")
    assert calls == ["odd"] * GIVE_UP


def test_a_success_resets_the_count_of_failures_in_a_row() -> None:
    Chunk, calls = _model()
    kinds = ["odd"] * (GIVE_UP - 1) + ["chunk"] + ["odd"] * (GIVE_UP - 1) + ["chunk"]
    for kind in kinds:
        decode(Chunk, {"kind": kind, "text": "x"})
    assert calls == kinds  # never GIVE_UP failures in a row: every object got its strict attempt
