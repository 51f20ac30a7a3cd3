"""`aoai bulk run` as users run it: exit codes, the summary, and a real kill in the middle of a job."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aoai.cli import cli
from click.testing import CliRunner
from quota_support import API_VERSION, chat_body

COUNT = 60


def env_for(emulator: Any) -> dict[str, str]:
    return {
        "AZURE_OPENAI_ENDPOINT": emulator.base_url,
        "AZURE_OPENAI_API_KEY": emulator.api_key,
        "OPENAI_API_VERSION": API_VERSION,
    }


def write_job(path: Path, count: int, extra: str = "") -> Path:
    lines = [
        json.dumps(
            {
                "custom_id": f"task-{i}",
                "method": "POST",
                "url": "/chat/completions",
                "body": chat_body(f"n {i}"),
            }
        )
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


def custom_ids(path: Path) -> list[str]:
    """The ids of the file's whole lines (a kill may leave the last one cut short)."""
    whole = path.read_text().split("\n")[:-1]
    return [json.loads(line)["custom_id"] for line in whole]


def test_summary_and_exit_status(emulator_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    requests = write_job(tmp_path / "in.jsonl", 3)
    out = tmp_path / "out.jsonl"
    args = ["bulk", "run", str(requests), "--out", str(out), "--no-progress"]
    ok = CliRunner().invoke(cli, args, env=env_for(emulator_env), catch_exceptions=False)
    assert ok.exit_code == 0, ok.output
    assert "aoai: done: 3 succeeded, 0 failed, 0 bad lines; 0 429s" in ok.stderr
    again = CliRunner().invoke(cli, args, env=env_for(emulator_env), catch_exceptions=False)
    assert "3 already done" in again.stderr
    with_bad = write_job(tmp_path / "bad.jsonl", 1, extra="oops\n")
    bad = CliRunner().invoke(
        cli,
        ["bulk", "run", str(with_bad), "-o", str(tmp_path / "o2.jsonl"), "--no-progress"],
        env=env_for(emulator_env),
    )
    assert bad.exit_code == 1
    assert f"{with_bad}:2: skipped: not JSON" in bad.stderr
    same = CliRunner().invoke(
        cli, ["bulk", "run", str(requests), "-o", str(requests)], env=env_for(emulator_env)
    )
    assert same.exit_code == 1
    assert "--out must not be the requests file" in same.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_mid_run_then_rerun_every_custom_id_exactly_once(metered, tmp_path: Path, sig: int) -> None:  # type: ignore[no-untyped-def]
    emulator = metered(requests=10, period=1.0)  # 10 at once, then 10 a second: ~5 s for the job
    requests = write_job(tmp_path / "in.jsonl", COUNT)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable,
        "-m",
        "aoai.cli",
        "bulk",
        "run",
        str(requests),
        "--out",
        str(out),
        "--no-progress",
    ]
    env = {**os.environ, **env_for(emulator), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.read_text().count("\n") < 15) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, stderr
        assert "interrupted" in stderr and "rerun the same command to resume" in stderr
    else:
        assert proc.returncode == -signal.SIGKILL
    first = custom_ids(out)
    assert 15 <= len(first) < COUNT  # stopped in the middle, nothing written twice
    assert len(set(first)) == len(first)
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(first)} already done" in rerun.stderr
    final = custom_ids(out)
    assert sorted(final) == sorted(f"task-{i}" for i in range(COUNT))  # every custom_id exactly once
    assert emulator.quota_stats()["gpt-4o-mini"]["admitted"] >= COUNT
