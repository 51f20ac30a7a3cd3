"""The pacer's decisions, one deployment, on a hand-driven clock: no I/O, no sleeping."""

from __future__ import annotations

import pytest
from aoai.pacing.cost import Cost
from aoai.pacing.state import MIN_WAIT, POLL_SECONDS, DeploymentPace
from aoai.ratelimits import RateLimits

ONE = Cost(requests=1, tokens=10)


def limits(
    remaining_requests: int | None = None, remaining_tokens: int | None = None, **more: object
) -> RateLimits:
    return RateLimits(remaining_requests=remaining_requests, remaining_tokens=remaining_tokens, **more)  # type: ignore[arg-type]


def quota(remaining: int, limit: int = 10, period: float = 1.0, **more: object) -> RateLimits:
    return limits(remaining_requests=remaining, limit_requests=limit, renewal_period_requests=period, **more)


def heard(pace: DeploymentPace, reply: RateLimits, now: float = 0.0) -> None:
    """Send one request and book `reply` for it."""
    ticket = pace.enqueue(ONE)
    assert pace.try_admit(ticket, now) == 0.0
    pace.settle(ticket, reply, 200, 60.0, now)


def test_until_the_first_reply_only_one_request_is_out() -> None:
    pace = DeploymentPace()
    first, second = pace.enqueue(ONE), pace.enqueue(ONE)
    assert pace.try_admit(second, 0.0) == POLL_SECONDS  # not its turn: the first one probes
    assert pace.try_admit(first, 0.0) == 0.0
    assert pace.try_admit(second, 0.0) == POLL_SECONDS  # the probe's reply is awaited
    pace.settle(first, limits(), 200, 60.0, 0.01)  # a reply without quota headers
    assert pace.try_admit(second, 0.01) == 0.0  # nothing to pace by: not held back


def test_waits_for_the_bucket_to_refill_in_queue_order() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=2))  # 2 left, refilling 10 per second
    a, b, c, d = (pace.enqueue(ONE) for _ in range(4))
    assert pace.try_admit(a, 0.0) == 0.0
    assert pace.try_admit(b, 0.0) == 0.0
    assert pace.try_admit(d, 0.0) == pytest.approx(0.2)  # c is ahead of it: two refills
    assert pace.try_admit(c, 0.0) == pytest.approx(0.1)
    assert pace.try_admit(c, 0.1) == 0.0
    assert pace.try_admit(d, 0.15) == pytest.approx(0.05)
    assert pace.try_admit(d, 0.2) == 0.0


def test_a_late_small_request_may_go_when_the_early_ones_fit_too() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=5))
    first, second = pace.enqueue(ONE), pace.enqueue(ONE)
    assert pace.try_admit(second, 0.0) == 0.0  # room for both: no need to wait for the first
    assert pace.try_admit(first, 0.0) == 0.0


def test_tokens_are_paced_with_what_is_queued_ahead() -> None:
    pace = DeploymentPace()
    tokens = limits(remaining_tokens=100, limit_tokens=1000, renewal_period_tokens=1.0)
    heard(pace, tokens)
    big = pace.enqueue(Cost(1, 300))
    small = pace.enqueue(Cost(1, 50))
    assert pace.try_admit(big, 0.0) == pytest.approx(0.2)
    assert pace.try_admit(small, 0.0) == pytest.approx(0.25)  # never starves the big one ahead
    assert pace.try_admit(big, 0.2) == 0.0
    assert pace.try_admit(small, 0.2) == pytest.approx(0.05)


def test_a_429_burst_is_one_pause_for_everyone() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=9))
    sent = [pace.enqueue(ONE) for _ in range(3)]
    for ticket in sent:
        assert pace.try_admit(ticket, 0.0) == 0.0
    waiting = pace.enqueue(ONE)
    throttled = quota(remaining=0, retry_after=0.5)
    assert pace.settle(sent[0], throttled, 429, 60.0, 0.01) is True  # the pause starts
    assert pace.settle(sent[1], throttled, 429, 60.0, 0.02) is False  # the same burst: extended
    assert pace.settle(sent[2], throttled, 429, 60.0, 0.03) is False
    assert pace.paused_until == pytest.approx(0.53)
    assert pace.try_admit(waiting, 0.1) == pytest.approx(0.43)
    assert pace.try_admit(waiting, 0.6) == 0.0
    again = pace.enqueue(ONE)
    pace.try_admit(again, 0.6)
    assert pace.settle(again, throttled, 429, 60.0, 1.0) is True  # a later burst: a new pause


def test_a_hint_past_max_pause_or_no_hint_pauses_nothing() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=5))
    for hint in (86400.0, None):
        ticket = pace.enqueue(ONE)
        pace.try_admit(ticket, 0.0)
        assert pace.settle(ticket, quota(remaining=0, retry_after=hint), 429, 60.0, 0.0) is False
    assert pace.paused_until == 0.0


def test_the_service_figure_wins_less_what_is_still_in_flight() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=10))
    out = [pace.enqueue(ONE) for _ in range(3)]
    for ticket in out:
        pace.try_admit(ticket, 0.0)
    # Another client spent the quota: the service says 1 left while 2 of ours are still out.
    pace.settle(out[0], quota(remaining=1), 200, 60.0, 0.0)
    assert pace.requests.level_at(0.0) == -1
    nxt = pace.enqueue(ONE)
    assert pace.try_admit(nxt, 0.0) == pytest.approx(0.2)


def test_cancelled_tickets_free_their_place() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=0))
    first, second = pace.enqueue(ONE), pace.enqueue(ONE)
    assert pace.try_admit(second, 0.0) == pytest.approx(0.2)
    pace.cancel(first)
    pace.cancel(first)  # twice is harmless
    assert pace.try_admit(second, 0.0) == pytest.approx(0.1)
    assert len(pace.queue) == 1


def test_without_a_refill_rate_one_request_at_a_time_asks_again() -> None:
    pace = DeploymentPace()
    heard(pace, limits(remaining_requests=0))  # old-style reply: no limit, no period
    a, b = pace.enqueue(ONE), pace.enqueue(ONE)
    assert pace.try_admit(a, 0.0) == 0.0  # a probe
    assert pace.try_admit(b, 0.0) == POLL_SECONDS
    pace.settle(a, limits(remaining_requests=3), 200, 60.0, 0.1)
    assert pace.try_admit(b, 0.1) == 0.0


def test_rate_from_reset_when_the_period_is_not_sent() -> None:
    pace = DeploymentPace()
    heard(pace, limits(remaining_requests=0, limit_requests=10, reset_requests=2.0))
    assert pace.requests.rate == pytest.approx(5.0)


def test_a_429_short_of_tokens_makes_later_estimates_larger() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=10))
    ticket = pace.enqueue(Cost(1, 100))
    pace.try_admit(ticket, 0.0)
    pace.settle(ticket, limits(remaining_tokens=20, retry_after=0.1), 429, 60.0, 0.0)
    assert pace.enqueue(Cost(1, 100)).cost.tokens == 110


def test_waits_are_never_zero_length_loops() -> None:
    pace = DeploymentPace()
    heard(pace, quota(remaining=0))
    ticket = pace.enqueue(ONE)
    assert pace.try_admit(ticket, 0.0999999) >= MIN_WAIT
