"""Properties of the SSE/stream parser: however the bytes are split, whatever they are.

The oracle is independent of the parser: the payloads are what the stream was built from
(synthetic), a line-by-line reading of the file (recorded Azure streams), or, for truncated
and garbage bodies, `expected_reading`, a plain non-incremental reading of the event-stream
rules that says which payloads must arrive and which typed error (if any) must end the
stream. So silent loss fails: a dropped event, a chunk missing before an error, a quiet
end where an error is due, or an error where a quiet end is due. The body is always closed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from aoai import APIResponseValidationError
from aoai.streaming import IncompleteStreamError
from hypothesis import given
from hypothesis import strategies as st

from tests.reliability.examples import budget, count_example
from tests.reliability.sse_feed import (
    Stream,
    chunk_model,
    encode_events,
    expected_reading,
    outcome_async,
    outcome_sync,
    read_async,
    read_sync,
    recorded_streams,
    reference_payloads,
    response,
    split_at,
)

RECORDED = {path.stem: path.read_bytes() for path in recorded_streams()}

cuts = st.lists(st.integers(min_value=0, max_value=40_000), max_size=60)
text = st.text(max_size=40)  # any code point: multi-byte UTF-8 gets split mid-character
delta = st.fixed_dictionaries({}, optional={"content": text, "role": st.just("assistant")})
choice = st.fixed_dictionaries(
    {"index": st.integers(0, 3), "delta": delta},
    optional={"finish_reason": st.sampled_from([None, "stop", "length", "content_filter"])},
)
chunk = st.fixed_dictionaries(
    {"id": text, "object": st.just("chat.completion.chunk"), "created": st.integers(0, 2**31)},
    optional={"choices": st.lists(choice, max_size=2), "model": text, "obfuscation": text},
)


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """One event loop for every async example (a loop per example would dominate the run time)."""
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


@pytest.mark.parametrize("name", sorted(RECORDED))
@budget(2_000)
@given(cut_points=cuts)
def test_recorded_streams_give_the_same_chunks_however_split(name: str, cut_points: list[int]) -> None:
    count_example()
    data = RECORDED[name]
    payloads, chunks, closed = read_sync(split_at(data, cut_points))
    assert payloads == reference_payloads(data)
    assert chunks == read_sync([data])[1]
    assert closed


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recorded_streams_parse_one_byte_at_a_time(name: str, loop: asyncio.AbstractEventLoop) -> None:
    data = RECORDED[name]
    single = [data[i : i + 1] for i in range(len(data))]
    assert read_sync(single)[0] == reference_payloads(data)
    assert loop.run_until_complete(read_async(single))[0] == reference_payloads(data)


@budget(10_000)
@given(
    payloads=st.lists(chunk, max_size=8),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    comments=st.booleans(),
    cut_points=cuts,
)
def test_synthetic_streams_round_trip_however_split(
    payloads: list[dict[str, Any]], newline: str, comments: bool, cut_points: list[int]
) -> None:
    count_example()
    data = encode_events(payloads, newline, comments)
    got, chunks, closed = read_sync(split_at(data, cut_points))
    assert got == payloads
    assert len(chunks) == len(payloads)
    assert closed


@budget(5_000)
@given(payloads=st.lists(chunk, max_size=6), cut_points=cuts)
def test_async_driver_agrees_with_sync_driver(
    payloads: list[dict[str, Any]], cut_points: list[int], loop: asyncio.AbstractEventLoop
) -> None:
    count_example()
    pieces = split_at(encode_events(payloads), cut_points)
    assert loop.run_until_complete(read_async(pieces)) == read_sync(pieces)


@budget(10_000)
@given(payloads=st.lists(chunk, min_size=1, max_size=6), data=st.data())
def test_truncated_streams_keep_a_prefix_and_fail_unless_cut_between_events(
    payloads: list[dict[str, Any]], data: Any
) -> None:
    count_example()
    whole = encode_events(payloads)
    end = whole.rindex(b"data: [DONE]")  # cut anywhere before [DONE] is complete
    cut = data.draw(st.integers(0, end + len("data: [DONE]")), label="cut")
    truncated = whole[:cut]
    got, error, completed, closed = outcome_sync(split_at(truncated, data.draw(cuts, label="cuts")))
    expected = expected_reading(truncated)
    assert (got, error, completed) == (expected.payloads, expected.error, expected.done)
    assert got == payloads[: len(got)] and closed
    assert error in ("incomplete", None) and not completed
    if error is None:  # a clean end: only ever right after a whole event
        assert truncated.endswith(b"\n\n") and got


def _sse_line() -> st.SearchStrategy[str]:
    field = st.sampled_from(["data: ", "data:", "event: ", "event: error", "id: ", "retry: ", ": ", "", "x"])
    value = st.one_of(
        text,
        st.sampled_from(["[DONE]", "{}", "[]", "null", '{"error": {"code": 1}}', '{"error": "x"}']),
        st.recursive(
            st.none() | st.booleans() | st.integers() | text,
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
            max_leaves=8,
        ).map(json.dumps),
    )
    return st.tuples(field, value, st.sampled_from(["\n", "\r\n", "\r", "\n\n"])).map("".join)


sse_like = st.lists(_sse_line(), max_size=12).map(
    lambda lines: "".join(lines).encode("utf-8", "surrogatepass")
)


@budget(15_000)
@given(body=st.one_of(st.binary(max_size=2048), sse_like), cut_points=cuts)
def test_garbage_delivers_exactly_what_the_rules_say_and_closes(body: bytes, cut_points: list[int]) -> None:
    count_example()
    got, error, completed, closed = outcome_sync(split_at(body, cut_points))
    expected = expected_reading(body)
    assert (got, error, completed) == (expected.payloads, expected.error, expected.done), expected
    assert closed


@budget(5_000)
@given(body=sse_like, cut_points=cuts)
def test_garbage_async_delivers_exactly_what_the_rules_say(
    body: bytes, cut_points: list[int], loop: asyncio.AbstractEventLoop
) -> None:
    count_example()
    got, error, completed, closed = loop.run_until_complete(outcome_async(split_at(body, cut_points)))
    expected = expected_reading(body)
    assert (got, error, completed) == (expected.payloads, expected.error, expected.done), expected
    assert closed


@pytest.mark.parametrize("size", [1 << 20, 8 << 20])
def test_huge_lines_parse_or_fail_typed(size: int) -> None:
    """A multi-megabyte content chunk parses; a megabytes-long line with no newline ends typed."""
    big = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 1,
        "choices": [{"index": 0, "delta": {"content": "a" * size}}],
    }
    data = encode_events([big])
    payloads, _, _ = read_sync(split_at(data, range(0, len(data), 65_536)))
    assert payloads[0]["choices"][0]["delta"]["content"] == "a" * size
    with pytest.raises(IncompleteStreamError):
        read_sync(split_at(b"data: " + b"z" * size, range(0, size, 65_536)))


@pytest.mark.parametrize("opener", [b"[", b'{"a":'])
def test_regression_deeply_nested_event_data_is_a_typed_error(opener: bytes) -> None:
    """A chunk nested 100,000 deep must not escape as RecursionError (an untyped crash)."""
    body = b"data: " + opener * 100_000 + b"\n\ndata: [DONE]\n\n"
    with pytest.raises(APIResponseValidationError, match="nested too deeply"):
        read_sync([body])


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_regression_recorded_chunks_serialise_with_to_dict(name: str) -> None:
    """Chunks rebuilt past the document still serialise, and to exactly what was on the wire."""
    stream: Stream[Any] = Stream(response([RECORDED[name]]), chunk_model())
    with stream:
        dicts = [chunk.to_dict() for chunk in stream]
    assert dicts == reference_payloads(RECORDED[name])
