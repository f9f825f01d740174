"""Item 1: kill -9 the process during a sweep of due chases, then restart: nothing lost, and
only the sends in flight at the kill may go out twice.

The sweeper is a real process (tests/reliability/fleet.py) running the APScheduler sweeper on
the database, sending to the Slack double here. CI runs 1,000 chases; bench/reliability.py
runs the issue's 10,000 (`--item 1`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.reliability.fleet import Fleet, seeded, wait_for
from tests.slack_double import SlackDouble

pytestmark = pytest.mark.slow
COUNT = 1_000
WORKERS = 4


@dataclass
class KillRun:
    count: int
    killed_at: int  # sends Slack had accepted when the process died
    claimed: int  # deliveries the dead process held (leased, not recorded) at the kill
    lost: int
    duplicates: int
    seconds_after_restart: float  # restart to every delivery recorded as sent


def kill_during_sweep(url: str, count: int, workers: int = WORKERS) -> KillRun:
    """Seed `count` due chases on `url`, start one sweeper, kill it at half, start another."""
    import time

    seeded(url, count)
    with SlackDouble.running() as slack, Fleet(url, slack, workers=workers) as fleet:
        fleet.start(1)
        wait_for(lambda: fleet.sent_count() >= count // 2, "half the chases sent")
        fleet.kill(0)
        killed_at = fleet.sent_count()
        claimed = fleet.statuses().get("sending", 0)
        restarted = time.monotonic()
        fleet.start(1)
        wait_for(fleet.drained(count), "every delivery sent", limit=max(150.0, count / 20))
        after = time.monotonic() - restarted
        sent = fleet.sends()
    duplicates = sum(len(pids) for pids in sent.values()) - len(sent)
    return KillRun(count, killed_at, claimed, count - len(sent), duplicates, after)


def test_kill_9_during_a_sweep_loses_nothing(
    database_url: str, figure: Callable[..., None]
) -> None:
    run = kill_during_sweep(database_url, COUNT)
    assert run.killed_at < COUNT, "the kill landed mid-sweep"
    of = f"{COUNT:,} due chases, kill -9 after {run.killed_at:,} sends"
    figure("1", "lost", run.lost, of=of)
    figure("1", "duplicates", run.duplicates, of=of + f"; {WORKERS} sends in flight at most")
    figure("1", "restart to drained", f"{run.seconds_after_restart:.1f} s", of=of)
    assert run.lost == 0
    # only what the dead process was sending could have reached Slack unrecorded
    assert run.duplicates <= min(WORKERS, run.claimed), (run.duplicates, run.claimed)
