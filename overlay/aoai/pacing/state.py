"""The pacer's picture of one deployment's quota, and its decisions: pure state, no I/O, no clock.

Azure meters a deployment with two buckets, requests and tokens: each holds up to its
limit, refills at `limit / renewal period` per second, and a request is admitted when
both hold its cost. Every reply says how much is left (`x-ratelimit-remaining-*`), so
the client keeps the same two buckets: it takes a request's estimated cost out when it
sends, refills them with time, and resets their level from each reply (less what is
still in flight, which the service's figure may not include yet).

Waiting requests form one queue per deployment: a request goes when the buckets hold
its cost *and* the cost of everything queued ahead of it, so a small late request never
starves an early large one, and it can sleep until its own turn (cumulative totals say
what is ahead) instead of polling. A 429 with a retry hint pauses the whole deployment until the hint has passed:
all pending calls wait for that one pause instead of each backing off on its own.

Until the first reply nothing is known about the quota, so only one request is sent
(it finds out); a service that sends no quota headers is then not held back at all.
Every decision takes `now` (seconds, monotonic) from the caller.
"""

from __future__ import annotations

from collections import deque

from aoai.pacing.cost import Cost
from aoai.ratelimits import RateLimits

#: How often to look again when there is nothing to compute a wait from (a reply is awaited).
POLL_SECONDS = 0.05
#: Shortest sleep handed out, so rounding never turns a wait into a busy loop.
MIN_WAIT = 0.001


class Bucket:
    """One dimension (requests or tokens) of a deployment's quota, as far as the replies tell."""

    def __init__(self) -> None:
        self.capacity: float | None = None
        self.rate: float | None = None  # units per second
        self.level: float | None = None  # None: the service never said
        self.stamp = 0.0

    def level_at(self, now: float) -> float | None:
        if self.level is None or self.rate is None or self.capacity is None:
            return self.level
        return min(self.capacity, self.level + (now - self.stamp) * self.rate)

    def take(self, amount: float, now: float) -> None:
        level = self.level_at(now)
        if level is not None:
            self.level, self.stamp = level - amount, now

    def observe(
        self,
        remaining: int | None,
        limit: int | None,
        period: float | None,
        reset: float | None,
        outstanding: float,
        now: float,
    ) -> None:
        """Take the service's figures; the level is what it reported less what we sent since."""
        if limit is not None and limit > 0:
            self.capacity = float(limit)
            if period:
                self.rate = limit / period
            elif reset and remaining is not None and remaining < limit:
                self.rate = (limit - remaining) / reset  # `reset` is the time to refill the gap
        if remaining is not None:
            self.level, self.stamp = remaining - outstanding, now

    def wait_for(self, ahead: float, amount: float, now: float) -> float | None:
        """Seconds until `ahead + amount` fits (0: now); None when the refill rate is unknown.

        A cost larger than the whole bucket waits for a full bucket, as the service admits it then.
        """
        level = self.level_at(now)
        if level is None or amount <= 0:
            return 0.0
        need = ahead + (amount if self.capacity is None else min(amount, self.capacity))
        if level >= need:
            return 0.0
        if self.rate is None:
            return None
        return (need - level) / self.rate


class Ticket:
    """One attempt's place in its deployment's queue."""

    __slots__ = ("admitted", "cancelled", "cost", "offset_requests", "offset_tokens")

    def __init__(self, cost: Cost, offset_requests: int, offset_tokens: int) -> None:
        self.cost = cost
        self.offset_requests = offset_requests
        self.offset_tokens = offset_tokens
        self.admitted = False
        self.cancelled = False


class DeploymentPace:
    """Queue, buckets and pause of one deployment."""

    def __init__(self) -> None:
        self.requests = Bucket()
        self.tokens = Bucket()
        self.queue: deque[Ticket] = deque()
        self.queued_requests = 0  # cumulative cost ever queued ...
        self.queued_tokens = 0
        self.dequeued_requests = 0  # ... and ever left the queue (admitted or cancelled)
        self.dequeued_tokens = 0
        self.in_flight_requests = 0
        self.in_flight_tokens = 0
        self.paused_until = 0.0
        self.heard = False
        #: Grows when a 429 shows the token estimate ran low; multiplies later estimates.
        self.token_scale = 1.0

    def enqueue(self, cost: Cost) -> Ticket:
        scaled = Cost(cost.requests, round(cost.tokens * self.token_scale))
        ticket = Ticket(scaled, self.queued_requests, self.queued_tokens)
        self.queued_requests += scaled.requests
        self.queued_tokens += scaled.tokens
        self.queue.append(ticket)
        return ticket

    def _leave_queue(self, ticket: Ticket) -> None:
        # Whoever leaves, (tickets ahead - level) stays right for the others: a ticket admitted
        # out of turn lowers both by its cost; a cancelled one frees its place.
        self.queue.remove(ticket)
        self.dequeued_requests += ticket.cost.requests
        self.dequeued_tokens += ticket.cost.tokens

    def try_admit(self, ticket: Ticket, now: float) -> float:
        """0.0: send now (the cost is taken); else seconds to sleep before asking again."""
        if now < self.paused_until:
            return self.paused_until - now
        wait = self._wait(ticket, bool(self.queue) and self.queue[0] is ticket, now)
        if wait > 0:
            return max(wait, MIN_WAIT)
        self._leave_queue(ticket)
        ticket.admitted = True
        self.requests.take(ticket.cost.requests, now)
        self.tokens.take(ticket.cost.tokens, now)
        self.in_flight_requests += ticket.cost.requests
        self.in_flight_tokens += ticket.cost.tokens
        return 0.0

    def _wait(self, ticket: Ticket, head: bool, now: float) -> float:
        if not self.heard:
            # One request finds out the quota; the rest wait for its reply.
            return POLL_SECONDS if (self.in_flight_requests or not head) else 0.0
        # Cancelled tickets behind this one can make the difference negative: nothing is ahead then.
        ahead_requests = max(0, ticket.offset_requests - self.dequeued_requests)
        ahead_tokens = max(0, ticket.offset_tokens - self.dequeued_tokens)
        waits = (
            self.requests.wait_for(ahead_requests, ticket.cost.requests, now),
            self.tokens.wait_for(ahead_tokens, ticket.cost.tokens, now),
        )
        if None in waits:
            # Spent, and no refill rate known: one request at a time asks the service again.
            return POLL_SECONDS if (self.in_flight_requests or not head) else 0.0
        return max(w for w in waits if w is not None)

    def cancel(self, ticket: Ticket) -> None:
        """The caller gave up before sending (cancelled, interrupted)."""
        if not ticket.admitted and not ticket.cancelled:
            ticket.cancelled = True
            self._leave_queue(ticket)

    def settle(
        self, ticket: Ticket, limits: RateLimits | None, status: int | None, max_pause: float, now: float
    ) -> bool:
        """Book the reply of an admitted ticket; True when a 429 started a new pause."""
        self.in_flight_requests -= ticket.cost.requests
        self.in_flight_tokens -= ticket.cost.tokens
        if limits is None:  # no reply (connection error, cancelled): nothing learned
            return False
        self.heard = True
        self.requests.observe(
            limits.remaining_requests,
            limits.limit_requests,
            limits.renewal_period_requests,
            limits.reset_requests,
            self.in_flight_requests,
            now,
        )
        self.tokens.observe(
            limits.remaining_tokens,
            limits.limit_tokens,
            limits.renewal_period_tokens,
            limits.reset_tokens,
            self.in_flight_tokens,
            now,
        )
        if status != 429:
            return False
        if limits.remaining_tokens is not None and limits.remaining_tokens < ticket.cost.tokens:
            self.token_scale = min(2.0, self.token_scale * 1.1)
        hint = limits.retry_after
        if hint is None or hint > max_pause:
            return False  # no hint, or one too long to wait for: the call's retry policy decides
        new_pause = now >= self.paused_until
        self.paused_until = max(self.paused_until, now + hint)
        return new_pause
