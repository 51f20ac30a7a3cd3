"""`python -m bench.bulk` still runs every contender and prints its table (tiny job, no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.timeout(120)
def test_bench_bulk_tiny_run_prints_every_contender(repo_root: Path, tmp_path: Path) -> None:
    rows_file = tmp_path / "rows.json"
    small = ["--requests", "30", "--tpm", "3000", "--rpm", "20", "--period", "1", "--json", str(rows_file)]
    out = subprocess.run(
        [sys.executable, "-m", "bench.bulk", *small],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "| contender | succeeded | failed | 429s (share of requests) |" in out.stdout
    rows = {row["contender"]: row for row in json.loads(rows_file.read_text())}
    assert sorted(rows) == ["aoai", "openai", "openai-rerun"]
    assert (rows["aoai"]["succeeded"], rows["aoai"]["failed"]) == (30, 0)
    assert rows["openai-rerun"]["succeeded"] == 30
    assert all(row["succeeded"] + row["failed"] == 30 for row in rows.values())
