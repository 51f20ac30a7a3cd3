"""Bulk runs: a JSONL job against a metered emulator, run to the end, resumable, bad lines skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aoai
import pytest
from aoai.bulk import ResultsFileError, run_bulk_sync
from quota_support import API_VERSION, CHAT, chat_body


def job_line(custom_id: str, body: dict[str, Any] | None = None, url: str = "/chat/completions") -> str:
    item = {
        "custom_id": custom_id,
        "method": "POST",
        "url": url,
        "body": body or chat_body(f"item {custom_id}"),
    }
    return json.dumps(item) + "\n"


def write_job(path: Path, count: int, extra: str = "") -> Path:
    path.write_text("".join(job_line(f"task-{i}") for i in range(count)) + extra)
    return path


def results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def run(emulator: Any, requests: Path, out: Path, **options: Any) -> Any:
    def factory() -> aoai.AsyncAzureOpenAI:
        return aoai.AsyncAzureOpenAI(
            azure_endpoint=emulator.base_url,
            api_key=emulator.api_key,
            api_version=API_VERSION,
            pacing=True,
            max_retries=8,
        )

    return run_bulk_sync(factory, requests, out, **options)


def test_a_paced_job_finishes_with_no_failure_and_almost_no_429(metered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # 2,400 RPM / 480,000 TPM on a 1 s period: 40 requests at once, then 40 a second.
    emulator = metered(requests=40, tokens=8000, period=1.0)
    count = 200
    summary = run(emulator, write_job(tmp_path / "in.jsonl", count), tmp_path / "out.jsonl", concurrency=50)
    lines = results(tmp_path / "out.jsonl")
    assert sorted(r["custom_id"] for r in lines) == sorted(f"task-{i}" for i in range(count))
    assert all(r["error"] is None and r["response"]["status_code"] == 200 for r in lines)
    assert lines[0]["response"]["body"]["object"] == "chat.completion"
    assert (summary.succeeded, summary.failed, summary.bad_lines) == (count, 0, 0)
    metered_stats = emulator.quota_stats()[CHAT]
    assert metered_stats["admitted"] == count
    assert metered_stats["throttled"] < count / 100  # below 1 % of requests
    assert summary.throttled == metered_stats["throttled"]


def test_bad_lines_are_reported_by_number_and_the_rest_runs(emulator_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    requests = tmp_path / "in.jsonl"
    requests.write_text(
        job_line("a")
        + "{not json\n"
        + "\n"
        + json.dumps({"custom_id": "b", "url": "/files", "body": {"model": CHAT}})
        + "\n"
        + job_line("a")
        + json.dumps({"custom_id": "", "url": "/chat/completions", "body": {}})
        + "\n"
        + job_line("c", {**chat_body(), "stream": True})
        + job_line("d", {**chat_body(), "temperature": "hot"})
        + job_line("e", {"model": "text-embedding-3-small", "input": "hello"}, url="/v1/embeddings")
        + job_line("f", {"messages": []})
    )
    reported: list[str] = []
    summary = run(emulator_env, requests, tmp_path / "out.jsonl", report=reported.append)
    assert [line.split(": skipped: ")[0] for line in reported] == [
        f"{requests}:{n}" for n in (2, 4, 5, 6, 7, 10, 8)
    ]
    assert "not JSON" in reported[0]
    assert "'url' must be one of /chat/completions, /embeddings, got '/files'" in reported[1]
    assert "custom_id 'a' repeats line 1" in reported[2]
    assert "'body.stream' is true" in reported[4]
    assert "'body.model' must name the deployment" in reported[5]
    assert "'temperature' must be float, int, got str" in reported[6]
    done = {r["custom_id"]: r for r in results(tmp_path / "out.jsonl")}
    assert sorted(done) == ["a", "e"]
    assert isinstance(done["e"]["response"]["body"]["data"][0]["embedding"][0], float)
    assert (summary.succeeded, summary.failed, summary.bad_lines) == (2, 0, 7)


def test_service_refusals_are_results_with_their_typed_error(emulator_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    requests = tmp_path / "in.jsonl"
    requests.write_text(job_line("gone", {**chat_body(), "model": "no-such-deployment"}) + job_line("ok"))
    summary = run(emulator_env, requests, tmp_path / "out.jsonl")
    done = {r["custom_id"]: r for r in results(tmp_path / "out.jsonl")}
    assert done["gone"]["error"]["type"] == "NotFoundError"
    assert done["gone"]["error"]["code"] == "DeploymentNotFound"
    assert done["gone"]["response"]["status_code"] == 404
    assert done["gone"]["response"]["request_id"]
    assert done["ok"]["error"] is None
    assert (summary.succeeded, summary.failed) == (1, 1)


def test_a_rerun_skips_what_is_done_and_redoes_a_cut_last_line(emulator_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    requests = write_job(tmp_path / "in.jsonl", 5)
    out = tmp_path / "out.jsonl"
    first = run(emulator_env, requests, out)
    assert first.succeeded == 5
    kept = out.read_text().splitlines(keepends=True)
    out.write_text("".join(kept[:3]) + kept[3][:25])  # a kill cut the 4th line short
    second = run(emulator_env, requests, out)
    assert (second.skipped, second.succeeded) == (3, 2)
    ids = [r["custom_id"] for r in results(out)]
    assert sorted(ids) == [f"task-{i}" for i in range(5)]
    third = run(emulator_env, requests, out)
    assert (third.skipped, third.succeeded, third.total) == (5, 0, 5)


def test_a_results_file_it_did_not_write_is_refused(emulator_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.jsonl"
    out.write_text('{"custom_id": "x"}\nhello\n{"custom_id": "y"}\n')
    with pytest.raises(ResultsFileError, match=r"out\.jsonl:2 is not a result line"):
        run(emulator_env, write_job(tmp_path / "in.jsonl", 1), out)
    assert out.read_text().count("\n") == 3  # untouched


def test_concurrency_is_checked(emulator_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="concurrency must be an integer >= 1, got 0"):
        run(emulator_env, write_job(tmp_path / "in.jsonl", 1), tmp_path / "out.jsonl", concurrency=0)
