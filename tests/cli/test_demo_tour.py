"""`make demo` minus installation: the tour must run end to end and say what it showed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import CLEARED, subprocess_env

TOUR = Path(__file__).resolve().parents[2] / "demo" / "tour.py"


def test_tour_runs_every_step_and_exits_0() -> None:
    env = subprocess_env(dict.fromkeys(CLEARED))
    result = subprocess.run(
        [sys.executable, str(TOUR)], env=env, capture_output=True, text=True, timeout=110, check=False
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "Traceback" not in out + result.stderr
    for needle in (
        "aoai tour: emulator on http://127.0.0.1:",
        "$ aoai chat ",
        "--entra",
        "the emulator saw: Authorization: Bearer",
        "dimensions",
        "wrote ",
        "$ aoai transcribe ",
        "aoai: error: ContentFilterError: HTTP 400 content_filter",
        "caught ContentFilterError: status 400, code content_filter",
        "attempt 1 -> 429 (retry-after-ms: 50), attempt 2 -> 200 OK",
        "2024-10-21 -> 2024-10-01-preview: ",
        "BREAKING ",
        "$ aoai respond 'My name is Ada.' --instructions 'Be brief.'",
        "aoai: response id: resp_",
        "(earlier in this conversation: My name is Ada.)",
        "listed a.jsonl, b.jsonl, c.jsonl across ",
        "tour done: 9 steps",
    ):
        assert needle in out, f"{needle!r} missing from the tour output:\n{out}"
    steps = [line for line in out.splitlines() if line.startswith("── ")]
    assert [s.split(".")[0] for s in steps] == [f"── {n}" for n in range(1, 10)]
