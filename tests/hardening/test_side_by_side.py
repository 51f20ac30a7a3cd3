"""The README's side-by-side table is reproducible, and aoai's column holds no untyped outcome.

`side_by_side.py` runs aoai and the official SDK on the same hostile input; the SDK's column
is whatever it does (not ours to assert). aoai's column must show, for every row, a result,
an `aoai` exception, or a `ValueError` raised before anything was sent.
"""

from __future__ import annotations

import re

from tests.hardening.side_by_side import main, render

UNTYPED = re.compile(r"raises `(?!aoai\.|builtins\.ValueError`)[\w.]+`")
BAD_SIGNS = (
    "shows the key",
    "shows the password",
    "returns `None`",
    "returns list",
    "reuses the parent",
    "+-",
)


def test_aoai_column_is_typed_and_safe() -> None:
    rows = main(chunks=20_000)
    table = render(rows)
    assert len(rows) >= 25 and table.count("\n") == len(rows) + 1
    for row in rows:
        assert not UNTYPED.search(row.aoai), row
        assert not any(sign in row.aoai for sign in BAD_SIGNS), row
    by_case = {row.case: row.aoai for row in rows}
    assert by_case["stream with a UTF-8 BOM"].startswith("reads 'Hello'")
    assert by_case["endpoint ending in `/openai`"] == "sends `/openai/deployments/d/chat/completions`"
    assert by_case["`HTTP_PROXY` set"] == "goes through the proxy"
