"""Item 4: the database is unavailable during a sweep: the scheduler survives, nothing is
lost, and sending resumes within one sweep of the database coming back.

PostgreSQL: the shared server stays up; Prometo reaches it through a proxy that is cut (every
connection reset, new ones refused) for the outage. SQLite: another connection holds the write
lock (BEGIN EXCLUSIVE). The sweeper is the real one (APScheduler, real clock, 4 send threads),
sending to the Slack double. CI's outage lasts 2 s; bench/reliability.py runs the issue's
60 s (`--item 4`), longer than SQLite's 30 s busy timeout, so there writes fail too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import make_url

from app import create_app
from storage.db import make_engine
from tests.chasing.helpers import slack_chaser, tasks_sent
from tests.conftest import make_settings
from tests.reliability.fleet import POST, all_sent, seeded, wait_for
from tests.reliability.outage import CuttableProxy, write_lock
from tests.slack_double import SlackDouble

COUNT = 1_000
OUTAGE = 2.0


class Ticks:
    """A ChaseMeter that keeps when each sweep started (time.monotonic())."""

    def __init__(self) -> None:
        self.sweeps: list[float] = []

    def chase(self, kind: str, outcome: str) -> None:
        return None

    def sweep(self, lag: float) -> None:
        self.sweeps.append(time.monotonic())


@dataclass
class OutageRun:
    count: int
    outage: float
    sent_before: int  # posts Slack had accepted when the database went away
    lost: int
    duplicates: int
    alive: bool  # the scheduler still running after the outage
    resumed_after: float  # seconds from recovery to the first post after it
    sweeps_before_resuming: int  # sweeps started after recovery, before that first post
    sweep_every: float
    noticed: bool  # the process saw the database fail (SQLite's short lock is only a wait)
    resumed_in_first_sweep: bool  # sending allowed again by the first sweep after recovery


@contextmanager
def unavailable(url: str, proxy: CuttableProxy | None) -> Iterator[None]:
    if proxy is not None:
        proxy.cut()
        try:
            yield
        finally:
            proxy.restore()
        return
    with write_lock(str(make_url(url).database)):
        yield


def database_outage(url: str, count: int, outage: float, lease: float = 5.0) -> OutageRun:
    seeded(url, count)
    postgres = url.startswith("postgres")
    with ExitStack() as stack:
        proxy, app_url = None, url
        if postgres:
            proxy, app_url = stack.enter_context(CuttableProxy.around(url))
        slack = stack.enter_context(SlackDouble.running())
        app = create_app(make_settings(app_url, prometo_overdue_grace="1d"), migrate=False)
        stack.callback(app.close)
        ticks = Ticks()
        chaser = slack_chaser(app, slack, meter=ticks, lease=timedelta(seconds=lease))
        stack.callback(chaser.shutdown)
        direct = make_engine(url)  # the test's own view, not through the proxy
        stack.callback(direct.dispose)
        chaser.start()
        wait_for(lambda: slack.accepted(POST) >= count // 4, "a quarter sent")
        sent_before = slack.accepted(POST)
        with unavailable(url, proxy):
            time.sleep(outage)
        back = time.monotonic()
        alive = chaser.alive
        wait_for(lambda: all_sent(direct, count), "every delivery sent", outage + 900)
        calls = [c for c in slack.calls_to(POST) if c.ok]
        first = min(c.at for c in calls if c.at >= back)
        sent = tasks_sent(slack)
        resumed = chaser.resumed_at
        first_sweep = min(t for t in ticks.sweeps if t >= back)
    return OutageRun(
        count=count,
        outage=outage,
        sent_before=sent_before,
        lost=count - len(sent),
        duplicates=sum(sent.values()) - len(sent),
        alive=alive,
        resumed_after=first - back,
        sweeps_before_resuming=sum(1 for t in ticks.sweeps if back <= t < first),
        sweep_every=chaser.sweep_every,
        noticed=resumed is not None,
        resumed_in_first_sweep=resumed is None or back <= resumed <= first_sweep,
    )


def test_a_database_outage_loses_nothing_and_sending_resumes(
    database_url: str, figure: Callable[..., None]
) -> None:
    run = database_outage(database_url, COUNT, OUTAGE)
    how = "proxy cut" if database_url.startswith("postgres") else "write lock held"
    of = f"{COUNT:,} due chases, database away {OUTAGE:.0f} s ({how}) after {run.sent_before:,}"
    figure("4", "scheduler alive after", "yes" if run.alive else "no", of=of)
    figure("4", "lost", run.lost, of=of)
    figure("4", "duplicates", run.duplicates, of=of)
    figure("4", "outage noticed by the sender", "yes" if run.noticed else "no (a wait)", of=of)
    figure("4", "sweeps after recovery before a send", run.sweeps_before_resuming, of=of)
    figure(
        "4",
        "recovery to first send",
        f"{run.resumed_after:.2f} s",
        of=of + f"; a sweep every {run.sweep_every:g} s at most",
    )
    assert run.sent_before < COUNT, "the outage came mid-sweep"
    assert run.alive
    assert run.lost == 0
    assert run.duplicates == 0  # a send made meanwhile waits to be recorded, not sent again
    # the first sweep that reaches the database lets sending go on (it renews the leases it
    # holds first), if the keeper has not already: an order of events, not a timing; the
    # sweeps counted before the first post reached Slack depend on the machine's load
    assert run.resumed_in_first_sweep
