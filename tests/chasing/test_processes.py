"""Serving processes that die or run side by side: nothing lost, duplicates bounded.

Each sweeper is a real process (tests/chasing/sweeper_process.py) running the APScheduler
sweeper against the database and the Slack double that runs here, in the test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app
from tests.chasing.helpers import seed_due, tasks_sent
from tests.conftest import PG_ENV, make_settings
from tests.slack_double import SlackDouble

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
COUNT = 10_000
WORKERS = 4
LEASE_SECONDS = 3


@contextmanager
def sweeper(database_url: str, slack: SlackDouble) -> Iterator[subprocess.Popen[bytes]]:
    """A serving process's chaser, started and (unless the test killed it) stopped."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.chasing.sweeper_process",
            database_url,
            slack.url,
            str(LEASE_SECONDS),
            str(WORKERS),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        if process.stdout is not None:
            process.stdout.close()


def wait_for(condition: Callable[[], bool], what: str, limit: float = 150.0) -> None:
    """Poll until `condition` holds; a bound against hanging, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.1)


def statuses(database_url: str) -> dict[str, int]:
    app = create_app(make_settings(database_url), migrate=False)
    try:
        with app.engine.connect() as conn:
            rows = conn.execute(text("SELECT status, count(*) FROM deliveries GROUP BY status"))
            return {str(status): int(n) for status, n in rows}
    finally:
        app.close()


def seeded(database_url: str) -> str:
    app = create_app(make_settings(database_url))
    seed_due(app.engine, COUNT, datetime.now(UTC))
    app.close()
    return database_url


def test_kill_9_during_a_sweep_loses_nothing(database_url: str) -> None:
    url = seeded(database_url)
    with SlackDouble.running() as slack:
        with sweeper(url, slack) as first:
            wait_for(lambda: sum(tasks_sent(slack).values()) >= 3000, "3,000 sends")
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
        killed_at = sum(tasks_sent(slack).values())
        in_flight = statuses(url).get("sending", 0)
        assert 3000 <= killed_at < COUNT, "the kill landed mid-sweep"
        with sweeper(url, slack):
            wait_for(lambda: statuses(url) == {"sent": COUNT}, "every delivery sent")
        sent = tasks_sent(slack)
    assert len(sent) == COUNT, f"lost: {COUNT - len(sent)}"
    duplicates = sum(sent.values()) - COUNT
    assert duplicates <= min(WORKERS, in_flight), (duplicates, in_flight)


if os.environ.get(PG_ENV):

    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
    def test_two_processes_on_one_postgresql_send_each_chase_once(database_url: str) -> None:
        assert database_url.startswith("postgresql")
        url = seeded(database_url)
        with SlackDouble.running() as slack:
            with sweeper(url, slack), sweeper(url, slack):
                wait_for(lambda: statuses(url) == {"sent": COUNT}, "every delivery sent")
            sent = tasks_sent(slack)
        assert len(sent) == COUNT
        assert set(sent.values()) == {1}, "a chase was sent twice"
