"""Several serving processes chasing one database: start them, kill one with -9, count sends.

Each process is tests/chasing/sweeper_process.py: the real APScheduler sweeper of a serving
process, sending to the Slack double that runs in the caller's process. Every Web API call
carries the sending process's pid (X-Prometo-Pid), so duplicates can be traced to a process.
Used by tests/chasing/test_processes.py (small, in CI) and bench/processes.py (20,000 chases).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from storage.db import make_engine
from tests.chasing.helpers import TASK
from tests.slack_double import SlackDouble

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], bool], what: str, limit: float = 150.0) -> None:
    """Poll until `condition` holds; a bound against hanging, not a timing assertion."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.1)


@dataclass
class Fleet:
    """Sweeper processes on `database_url`, sending to `slack`."""

    database_url: str
    slack: SlackDouble
    lease_seconds: float = 3.0
    workers: int = 4
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    killed: list[int] = field(default_factory=list)  # pids killed with -9

    def start(self, count: int = 1) -> Fleet:
        for _ in range(count):
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.chasing.sweeper_process",
                    self.database_url,
                    self.slack.url,
                    str(self.lease_seconds),
                    str(self.workers),
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            assert process.stdout is not None and process.stdout.readline() == b"ready\n"
            self.processes.append(process)
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

    def __enter__(self) -> Fleet:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    # what happened ------------------------------------------------------------------------
    def sends(self) -> dict[int, list[int]]:
        """Each 'tarea N' accepted by Slack: the pids that sent it (one each time)."""
        found: dict[int, list[int]] = defaultdict(list)
        for call in self.slack.calls_to("chat.postMessage"):
            match = TASK.search(str(call.args.get("text", "")))
            if call.ok and match:
                found[int(match.group(1))].append(int(call.headers.get("x-prometo-pid", 0)))
        return found

    def sent_count(self) -> int:
        return sum(1 for c in self.slack.calls_to("chat.postMessage") if c.ok)

    def by_process(self) -> Counter[int]:
        return Counter(pid for pids in self.sends().values() for pid in pids)

    def statuses(self) -> dict[str, int]:
        engine = make_engine(self.database_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT status, count(*) FROM deliveries GROUP BY status"))
                return {str(status): int(n) for status, n in rows}
        finally:
            engine.dispose()
