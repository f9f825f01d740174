"""A stopping process does not wait for a whole backlog of acked requests (handlers/slack)."""

from __future__ import annotations

import threading

from handlers.slack import ListenerPool


def test_close_lets_running_listeners_finish_and_drops_the_backlog() -> None:
    pool = ListenerPool(1)
    release = threading.Event()
    ran: list[int] = []

    def listener(n: int) -> None:
        release.wait(5)
        ran.append(n)

    futures = [pool.submit(listener, n) for n in range(5)]
    left = pool.close(0.2)  # the first is still waiting on `release`: nothing has finished
    release.set()
    futures[0].result(timeout=5)
    assert left == 5
    assert ran == [0]  # the running one finished; the four queued were never started
    assert all(f.cancelled() for f in futures[1:])


def test_close_of_an_idle_pool_leaves_nothing() -> None:
    pool = ListenerPool(2)
    assert pool.submit(sum, [1, 2]).result(timeout=5) == 3
    assert pool.close(1.0) == 0
