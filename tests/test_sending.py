"""bot.sending: token buckets, and a sender fair across keys (workspaces)."""

from __future__ import annotations

import threading
import time

import pytest

from bot.sending import FairSender, Job, Rate, RateLimiter


def test_rates_parse() -> None:
    assert Rate.parse("5/s") == Rate(5.0, 5.0)
    assert Rate.parse("300/m") == Rate(5.0, 5.0)
    assert Rate.parse("1/s burst 3") == Rate(1.0, 3.0)
    assert Rate.parse("off") is None
    with pytest.raises(ValueError):
        Rate.parse("5/week")


def test_a_bucket_gives_its_burst_then_one_token_per_interval() -> None:
    limiter = RateLimiter()
    bucket = (("workspace", 1), Rate(2.0, 3.0))
    assert [limiter.reserve([bucket], now=0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.reserve([bucket], now=0.0) == pytest.approx(0.5)
    assert limiter.reserve([bucket], now=0.5) == 0.0
    assert limiter.reserve([bucket], now=0.5) == pytest.approx(0.5)


def test_a_send_takes_a_token_from_every_bucket_or_from_none() -> None:
    limiter = RateLimiter()
    workspace = (("workspace", 1), Rate(10.0, 10.0))
    channel = (("channel", 1, "C1"), Rate(1.0, 1.0))
    assert limiter.reserve([workspace, channel], now=0.0) == 0.0
    assert limiter.reserve([workspace, channel], now=0.0) == pytest.approx(1.0)
    # the refused send took nothing: the workspace still has 9 tokens for other channels
    other = (("channel", 1, "C2"), Rate(1.0, 1.0))
    assert [limiter.reserve([workspace, other], now=0.0) for _ in range(1)] == [0.0]
    assert limiter.reserve([(("workspace", 2), Rate(1.0, 1.0))], now=0.0) == 0.0


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.order: list[str] = []
        self.outcomes: list[str] = []
        self.deferred: list[tuple[str, float]] = []
        self.started = threading.Event()  # some job began to run

    def job(
        self,
        key: str,
        name: str,
        *,
        gate: threading.Event | None = None,
        deadline: float = float("inf"),
        buckets: tuple = (),
    ) -> Job:
        def run() -> str:
            self.started.set()
            if gate is not None:
                gate.wait(10)
            with self.lock:
                self.order.append(name)
            return "sent"

        def defer(seconds: float) -> str:
            with self.lock:
                self.deferred.append((name, seconds))
            return "retried"

        def done(outcome: str) -> None:
            with self.lock:
                self.outcomes.append(outcome)

        return Job(key, run, defer, done, deadline, buckets)


def test_a_stuck_key_never_holds_the_other_keys_sends() -> None:
    record, stuck = Recorder(), threading.Event()
    sender = FairSender(workers=4, per_key=2)
    try:
        sender.submit(record.job("acme", f"acme {n}", gate=stuck) for n in range(10))
        sender.submit(record.job("globex", f"globex {n}") for n in range(20))
        # Acme's sends hang (an outage): Globex's all go out meanwhile, on the other threads
        deadline = time.monotonic() + 10
        while len(record.order) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert record.order == [f"globex {n}" for n in range(20)]
        assert sender.pending == 10
    finally:
        stuck.set()
        assert sender.wait_idle(10)
        sender.shutdown()
    assert sorted(record.order) == sorted([f"acme {n}" for n in range(10)] + record.order[:20])


def test_keys_take_turns() -> None:
    record, gate = Recorder(), threading.Event()
    sender = FairSender(workers=1, per_key=1)
    try:
        sender.submit([record.job("x", "hold", gate=gate)])
        sender.submit(record.job("a", f"a{n}") for n in range(3))
        sender.submit(record.job("b", f"b{n}") for n in range(3))
        gate.set()
        assert sender.wait_idle(10)
    finally:
        sender.shutdown()
    assert record.order == ["hold", "a0", "b0", "a1", "b1", "a2", "b2"]


def test_a_send_past_its_deadline_or_too_far_off_is_deferred() -> None:
    record = Recorder()
    limiter = RateLimiter()
    slow = (("workspace", "slow"), Rate(0.01, 1.0))  # one now, the next in 100 s
    sender = FairSender(workers=2, per_key=1, limiter=limiter, horizon=5.0)
    try:
        sender.submit([record.job("late", "late", deadline=time.monotonic() - 1)])
        sender.submit([record.job("slow", "first", buckets=(slow,))])
        sender.submit([record.job("slow", "second", buckets=(slow,))])
        assert sender.wait_idle(10)
    finally:
        sender.shutdown()
    assert record.order == ["first"]
    assert record.deferred[0] == ("late", 0.0)
    assert record.deferred[1][0] == "second" and record.deferred[1][1] > 90


def test_the_limiter_paces_sends_it_can_wait_for() -> None:
    record = Recorder()
    channel = (("channel", "C1"), Rate(20.0, 1.0))  # 1 at once, then one per 50 ms
    sender = FairSender(workers=2, per_key=2, limiter=RateLimiter(), horizon=5.0)
    started = time.monotonic()
    try:
        sender.submit(record.job("w", f"m{n}", buckets=(channel,)) for n in range(5))
        assert sender.wait_idle(10)
    finally:
        sender.shutdown()
    assert sorted(record.order) == [f"m{n}" for n in range(5)] and not record.deferred
    assert time.monotonic() - started >= 4 * 0.05 * 0.9, "five sends need four intervals"


def test_shutdown_hands_queued_sends_back() -> None:
    record, gate = Recorder(), threading.Event()
    sender = FairSender(workers=1, per_key=1)
    sender.submit(record.job("a", f"a{n}", gate=gate) for n in range(3))
    assert record.started.wait(10)
    threading.Timer(0.2, gate.set).start()
    sender.shutdown()
    assert record.order == ["a0"]
    assert [name for name, _ in record.deferred] == ["a1", "a2"]
    assert sorted(record.outcomes) == ["retried", "retried", "sent"]
