"""Several serving processes chasing one database: start them, kill one with -9, count sends.

Each process is tests/reliability/sweeper_process.py: the real APScheduler sweeper of a serving
process, sending to the Slack double that runs in the caller's process. Every Web API call
carries the sending process's pid (X-Prometo-Pid), so duplicates can be traced to a process.
Used by tests/reliability (items 1 and 2, small) and bench/reliability.py (full sizes).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text

from app import create_app
from storage.db import make_engine
from tests.chasing.helpers import TASK, seed_due
from tests.conftest import make_settings
from tests.slack_double import SlackDouble

ROOT = Path(__file__).resolve().parents[2]
POST = "chat.postMessage"


def child_environment() -> dict[str, str]:
    """The environment of a sweeper process: bytecode cached outside the checkout, even where
    PYTHONDONTWRITEBYTECODE is set, so each process does not compile every module again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "prometo-test-pycache")
    return env


def wait_for(condition: Callable[[], bool], what: str, limit: float = 150.0) -> None:
    """Poll until `condition` holds; a bound against hanging, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


def seeded(database_url: str, count: int, owners: int = 100) -> str:
    """`count` overdue DMs due now on `database_url` (migrated first), over `owners` people."""
    app = create_app(make_settings(database_url))
    seed_due(app.engine, count, datetime.now(UTC), owners=owners)
    app.close()
    return database_url


def statuses(engine: Engine) -> dict[str, int]:
    """How many deliveries are in each status (pending, sending, sent...)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status, count(*) FROM deliveries GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


def all_sent(engine: Engine, count: int) -> bool:
    return statuses(engine) == {"sent": count}


@dataclass
class Fleet:
    """Sweeper processes on `database_url`, sending to `slack`."""

    database_url: str
    slack: SlackDouble
    lease_seconds: float = 1.5  # renewed while alive; a killed process's lapse this soon
    workers: int = 4
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    killed: list[int] = field(default_factory=list)  # pids killed with -9
    _engine: Engine | None = None

    def start(self, count: int = 1) -> Fleet:
        started = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.reliability.sweeper_process",
                    self.database_url,
                    self.slack.url,
                    str(self.lease_seconds),
                    str(self.workers),
                ],
                cwd=ROOT,
                env=child_environment(),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(count)
        ]
        for process in started:  # they start side by side: the imports overlap
            assert process.stdout is not None and process.stdout.readline() == b"ready\n"
        self.processes.extend(started)
        return self

    def kill(self, index: int = 0) -> int:
        """SIGKILL one process (no cleanup at all); returns its pid."""
        process = self.processes[index]
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        self.killed.append(process.pid)
        return process.pid

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=60)
            if process.stdout is not None:
                process.stdout.close()
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Fleet:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    # what happened ------------------------------------------------------------------------
    def sends(self) -> dict[int, list[int]]:
        """Each 'tarea N' accepted by Slack: the pids that sent it (one each time)."""
        found: dict[int, list[int]] = defaultdict(list)
        for call in self.slack.calls_to(POST):
            match = TASK.search(str(call.args.get("text", "")))
            if call.ok and match:
                found[int(match.group(1))].append(int(call.headers.get("x-prometo-pid", 0)))
        return found

    def sent_count(self) -> int:
        return self.slack.accepted(POST)

    def by_process(self) -> Counter[int]:
        return Counter(pid for pids in self.sends().values() for pid in pids)

    def statuses(self) -> dict[str, int]:
        if self._engine is None:
            self._engine = make_engine(self.database_url)
        return statuses(self._engine)

    def drained(self, count: int) -> Callable[[], bool]:
        """A condition: all `count` deliveries recorded as sent (polled, cheaply)."""
        return lambda: self.sent_count() >= count and self.statuses() == {"sent": count}
