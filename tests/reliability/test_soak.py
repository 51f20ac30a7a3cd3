"""The small soak profile as a CI test: ~300 requests under 26 % faults (issue 18's spoiled replies included), the goals asserted as counts."""

from __future__ import annotations

import aoai_emulator.testing  # noqa: F401  (a missing emulator fails here, not as a skip)

from tests.reliability import soak


def test_small_soak_meets_every_goal() -> None:
    report = soak.run(soak.SMALL)
    print(soak.render(report))
    assert report.requests == soak.SMALL.requests
    assert report.successes + sum(report.typed.values()) + sum(report.untyped.values()) + report.lost == (
        report.requests
    )
    # The plan really injected faults, and the client really retried some of them.
    assert sum(report.faults_injected.values()) > 0
    assert any(attempts > 1 for attempts in report.attempts_histogram)
    assert report.problems() == []


def test_soak_report_flags_each_violated_goal() -> None:
    """The checker itself: a report with one of each problem lists each of them (it can fail)."""
    report = soak.Report(profile="synthetic", requests=1, lost=1, busy_connections_after=1)
    report.untyped["KeyError"] = 1
    report.over_sent.append("x: 4 > 3")
    report.silent_successes.append("x: cut")
    report.fds_before, report.fds_after = 10, 12
    report.threads_before, report.threads_after = ["MainThread"], ["MainThread", "stray"]
    problems = "\n".join(report.problems())
    for fragment in (
        "untyped",
        "lost",
        "more often",
        "faulted",
        "checked out",
        "file descriptors",
        "threads",
    ):
        assert fragment in problems
