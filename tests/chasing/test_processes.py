"""Serving processes that die or run side by side: nothing lost, duplicates bounded.

Each sweeper is a real process (tests/chasing/fleet.py) running the APScheduler sweeper
against the database and the Slack double that runs here, in the test.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from app import create_app
from tests.chasing.fleet import Fleet, wait_for
from tests.chasing.helpers import seed_due
from tests.conftest import PG_ENV, make_settings
from tests.slack_double import SlackDouble

pytestmark = pytest.mark.slow
COUNT = 10_000
WORKERS = 4


def seeded(database_url: str, count: int = COUNT) -> str:
    app = create_app(make_settings(database_url))
    seed_due(app.engine, count, datetime.now(UTC))
    app.close()
    return database_url


def test_kill_9_during_a_sweep_loses_nothing(database_url: str) -> None:
    url = seeded(database_url)
    with SlackDouble.running() as slack, Fleet(url, slack, workers=WORKERS) as fleet:
        fleet.start(1)
        wait_for(lambda: fleet.sent_count() >= 3000, "3,000 sends")
        fleet.kill(0)
        killed_at = fleet.sent_count()
        in_flight = fleet.statuses().get("sending", 0)
        assert 3000 <= killed_at < COUNT, "the kill landed mid-sweep"
        fleet.start(1)
        wait_for(lambda: fleet.statuses() == {"sent": COUNT}, "every delivery sent")
        sent = fleet.sends()
    assert len(sent) == COUNT, f"lost: {COUNT - len(sent)}"
    duplicates = sum(len(pids) for pids in sent.values()) - COUNT
    assert duplicates <= min(WORKERS, in_flight), (duplicates, in_flight)


if os.environ.get(PG_ENV):

    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
    def test_two_processes_on_one_postgresql_send_each_chase_once(database_url: str) -> None:
        assert database_url.startswith("postgresql")
        url = seeded(database_url)
        with SlackDouble.running() as slack, Fleet(url, slack, workers=WORKERS) as fleet:
            fleet.start(2)
            wait_for(lambda: fleet.statuses() == {"sent": COUNT}, "every delivery sent")
            sent = fleet.sends()
        assert len(sent) == COUNT
        assert {len(pids) for pids in sent.values()} == {1}, "a chase was sent twice"

    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
    def test_three_processes_one_killed_halfway_lose_nothing(database_url: str) -> None:
        """3 processes, one killed with -9 halfway: every chase sent, none lost, and only
        sends the killed process had in flight can go out twice."""
        count = 6000  # bench/processes.py runs the same with 20,000
        url = seeded(database_url, count)
        with SlackDouble.running() as slack, Fleet(url, slack, workers=WORKERS) as fleet:
            fleet.start(3)
            wait_for(lambda: fleet.sent_count() >= count // 2, "half the chases sent")
            victim = fleet.kill(0)
            assert fleet.sent_count() < count, "the kill landed mid-run"
            wait_for(lambda: fleet.statuses() == {"sent": count}, "every delivery sent")
            sent = fleet.sends()
            shares = fleet.by_process()
        assert len(sent) == count, f"lost: {count - len(sent)}"
        twice = {task: pids for task, pids in sent.items() if len(pids) > 1}
        assert all(len(pids) == 2 and victim in pids for pids in twice.values()), twice
        assert len(twice) <= WORKERS, f"{len(twice)} duplicates, {WORKERS} sends in flight"
        assert len(shares) == 3 and all(shares.values()), "all three processes sent"
