"""Fair sending: a rate limiter of token buckets and a thread pool that is fair across keys.

Reusable pieces (the chaser sends with them; load and fault tests can drive them directly):

- `RateLimiter`: token buckets keyed by anything, e.g. ("workspace", 7) at 5 messages a
  second with bursts of 10, and ("channel", 7, "C123") at 1 a second. A send takes one token
  from each of its buckets, only when all have one; otherwise the limiter says how long to wait.
- `FairSender`: runs jobs on N threads, round-robin over their keys (the workspace), at most
  `per_key` of one key at a time (all threads but one, by default), each job when its buckets
  allow it. A job that would wait longer than `horizon` seconds, or that can no longer start
  before its deadline (its lease), is deferred instead (its `defer` callback puts it back in
  the queue for later). So one slow or rate-limited workspace never holds the threads that
  other workspaces' sends need.

Both measure time with a monotonic clock (real seconds): Slack's limits are real time, even
when the bot's own clock is virtual.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial


@dataclass(frozen=True, slots=True)
class Rate:
    """`per_second` sends sustained, up to `burst` at once."""

    per_second: float
    burst: float = 1.0

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """'5/s', '300/m', '5/s burst 10' or 'off' (no limit: None)."""
        text = text.strip().lower()
        if text in ("", "off", "none", "0"):
            return None
        amount, _, rest = text.partition("/")
        unit, _, burst = rest.partition("burst")
        seconds = {"s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}.get(unit.strip() or "s")
        if seconds is None:
            raise ValueError(f"not a rate: {text!r} (try 5/s or 300/m)")
        per_second = float(amount) / seconds
        if per_second <= 0:
            raise ValueError(f"not a rate: {text!r} (try 5/s or 300/m)")
        size = float(burst) if burst.strip() else max(1.0, per_second)
        return cls(per_second, size)


Bucket = tuple[Hashable, Rate]  # a bucket's key and its rate


class RateLimiter:
    """Token buckets; thread-safe. `reserve` takes a token from each bucket or says how long."""

    MAX_BUCKETS = 10_000  # full buckets beyond this are forgotten (they would start full anyway)

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._lock = threading.Lock()
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key: (tokens, at)

    def reserve(self, buckets: Sequence[Bucket], now: float | None = None) -> float:
        """0.0 after taking one token from every bucket; else the seconds until all have one."""
        now = self._now() if now is None else now
        with self._lock:
            levels = [self._level(key, rate, now) for key, rate in buckets]
            wait = max(
                (
                    (1.0 - tokens) / rate.per_second
                    for tokens, (_, rate) in zip(levels, buckets, strict=True)
                    if tokens < 1.0
                ),
                default=0.0,
            )
            if wait > 0.0:
                return wait
            for tokens, (key, _) in zip(levels, buckets, strict=True):
                self._buckets[key] = (tokens - 1.0, now)
            if len(self._buckets) > self.MAX_BUCKETS:
                self._forget_full(now, dict(buckets))
            return 0.0

    def _level(self, key: Hashable, rate: Rate, now: float) -> float:
        tokens, at = self._buckets.get(key, (rate.burst, now))
        return min(rate.burst, tokens + (now - at) * rate.per_second)

    def _forget_full(self, now: float, rates: dict[Hashable, Rate]) -> None:
        # a bucket idle long enough to be full again is the same as a new one
        stale = [k for k, (_, at) in self._buckets.items() if now - at > 3600 and k not in rates]
        for key in stale:
            del self._buckets[key]


@dataclass(slots=True)
class Job:
    """One send for the FairSender.

    `run()` sends and returns an outcome; `defer(seconds)` puts it back for later and returns
    an outcome; `done(outcome)` is told how it ended. `deadline` (monotonic) is the last moment
    it may start (its lease, with a margin)."""

    key: Hashable
    run: Callable[[], str]
    defer: Callable[[float], str]
    done: Callable[[str], None]
    deadline: float
    buckets: tuple[Bucket, ...] = ()


@dataclass(slots=True)
class _Queue:
    jobs: deque[Job] = field(default_factory=deque)
    running: int = 0
    not_before: float = 0.0  # its head waits for a token until then


class FairSender:
    """N threads sending jobs round-robin over their keys; see the module's docstring."""

    def __init__(
        self,
        workers: int = 4,
        *,
        per_key: int | None = None,
        limiter: RateLimiter | None = None,
        horizon: float = 10.0,
        name: str = "prometo-send",
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.workers = workers
        self.per_key = per_key or max(1, workers - 1)  # one thread is always left to the others
        self.limiter = limiter
        self.horizon = horizon
        self._now = monotonic
        self._cond = threading.Condition()
        self._queues: dict[Hashable, _Queue] = {}
        self._order: deque[Hashable] = deque()
        self._pending = 0  # queued or running
        self._closing = False
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def pending(self) -> int:
        """Jobs queued or running."""
        with self._cond:
            return self._pending

    def submit(self, jobs: Iterable[Job]) -> None:
        with self._cond:
            for job in jobs:
                queue = self._queues.get(job.key)
                if queue is None:
                    queue = self._queues[job.key] = _Queue()
                    self._order.append(job.key)
                queue.jobs.append(job)
                self._pending += 1
            self._cond.notify_all()

    def wait_room(self, capacity: int, timeout: float | None) -> int:
        """Wait until at most half of `capacity` jobs are pending; returns the room there is.

        Refilling by halves keeps the caller's claims large (one claim of 100, not 100 of 1)."""
        low = capacity // 2
        with self._cond:
            self._cond.wait_for(lambda: self._pending <= low or self._closing, timeout)
            return max(0, capacity - self._pending)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until no job is queued or running; False when `timeout` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout)

    def shutdown(self) -> None:
        """Defer every queued job (others will send it), wait for the running ones."""
        with self._cond:
            self._closing = True
            queued = [job for q in self._queues.values() for job in q.jobs]
            for queue in self._queues.values():
                queue.jobs.clear()
            self._cond.notify_all()
        for job in queued:
            self._finish(job, lambda j=job: j.defer(0.0))  # type: ignore[misc]
        for thread in self._threads:
            thread.join(timeout=60)

    # workers --------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._closing:
                        return
                    job, action, wait = self._next(self._now())
                    if job is not None:
                        break
                    self._cond.wait(timeout=wait)
            assert action is not None
            self._finish(job, action)
            with self._cond:
                queue = self._queues[job.key]
                queue.running -= 1
                if not queue.jobs and not queue.running:
                    del self._queues[job.key]
                    self._order.remove(job.key)
                self._cond.notify_all()

    def _finish(self, job: Job, action: Callable[[], str]) -> None:
        try:
            outcome = action()
        except Exception:  # the job's own error handling failed: count it, keep the thread
            outcome = "error"
        try:
            job.done(outcome)
        finally:
            with self._cond:
                self._pending -= 1
                self._cond.notify_all()

    def _next(self, now: float) -> tuple[Job | None, Callable[[], str] | None, float | None]:
        """The next job to start and what to do with it, or how long to sleep (None: until told)."""
        sleep: float | None = None
        for _ in range(len(self._order)):
            key = self._order[0]
            self._order.rotate(-1)
            queue = self._queues[key]
            if not queue.jobs or queue.running >= self.per_key:
                continue
            if queue.not_before > now:
                sleep = min(sleep or queue.not_before - now, queue.not_before - now)
                continue
            job = queue.jobs[0]
            if now > job.deadline:  # its lease is nearly over: back to the queue at once
                return self._take(queue), partial(job.defer, 0.0), None
            wait = self.limiter.reserve(job.buckets, now) if self.limiter and job.buckets else 0.0
            if wait > self.horizon:
                return self._take(queue), partial(job.defer, wait), None
            if wait > 0.0:
                queue.not_before = now + wait
                sleep = wait if sleep is None else min(sleep, wait)
                continue
            return self._take(queue), job.run, None
        return None, None, sleep

    def _take(self, queue: _Queue) -> Job:
        queue.running += 1
        return queue.jobs.popleft()
