"""Item 3: Slack stores a message, then the connection drops before the answer, for 1% of
1,000 sends: nothing lost, duplicates at most the faults injected.

The chaser sends through the real SlackMessenger and WebClient to the Slack double, which
stores every 100th chat.postMessage and then cuts the connection unanswered. Prometo cannot
know the message was stored: it must retry (a duplicate), never drop it (a loss).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app import create_app
from tests.chasing.helpers import seed_due, slack_chaser, tasks_sent
from tests.conftest import SettableClock, make_settings
from tests.reliability.fleet import all_sent
from tests.slack_double import SlackDouble

SENDS = 1_000
EVERY = 100  # 1%


@dataclass
class DropRun:
    sends: int
    faults: int  # replies cut after the message was stored
    lost: int
    duplicates: int
    sweeps: int


def dropped_replies(url: str, clock: SettableClock, sends: int, every: int) -> DropRun:
    """`sends` overdue DMs due now; every `every`th post is stored and its reply dropped."""
    app = create_app(make_settings(url, prometo_overdue_grace="1d"), clock=clock)
    try:
        seed_due(app.engine, sends, clock.now(), owners=50)
        with SlackDouble.running() as slack:
            slack.drop_after_storing("chat.postMessage", every=every)
            chaser = slack_chaser(app, slack)
            sweeps = 0
            while sweeps < 100 and not all_sent(app.engine, sends):
                chaser.sweep()
                sweeps += 1
                clock.advance(minutes=10)  # past the backoff a drop starts
            sent = tasks_sent(slack)
            faults = sum(1 for c in slack.calls_to("chat.postMessage") if c.dropped)
    finally:
        app.close()
    return DropRun(sends, faults, sends - len(sent), sum(sent.values()) - len(sent), sweeps)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_replies_lost_after_storing_lose_nothing(
    database_url: str, clock: SettableClock, figure: Callable[..., None]
) -> None:
    run = dropped_replies(database_url, clock, SENDS, EVERY)
    of = f"{SENDS:,} sends, every {EVERY}th stored then its connection cut"
    figure("3", "faults injected", run.faults, of=of)
    figure("3", "lost", run.lost, of=of)
    figure("3", "duplicates", run.duplicates, of=of)
    figure("3", "sweeps to drain", run.sweeps, of=of + "; virtual clock, 10 min apart")
    assert run.faults >= SENDS // EVERY
    assert run.lost == 0
    assert run.duplicates <= run.faults
