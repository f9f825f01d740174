"""The memory of a real `prometo serve` over 1,000,000 promises, beside a bare Bolt app.

`prometo serve` runs as it would in production (waitress on PORT, the APScheduler sweeper)
against a SQLite file holding 1,000,000 open promises, 5,000 of them overdue, and a local Slack
Web API double. While its sweeper sends those 5,000 DMs, it also answers signed `/prometo`
commands at a steady rate. Its resident memory is sampled the whole time; the peak is what
counts. The floor beside it: a bare Bolt app that only acks, served the same way
(bench/slack_ack.py), under the same commands.

    .venv/bin/python bench/serve_rss.py [--promises 1000000] [--rate 20] [--seconds 30]

Target (issue 5): the serving process stays under 150 MB RSS whatever the number of promises.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import slack_ack  # noqa: E402
from chasing import machine, seed_million  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app import create_app  # noqa: E402
from tests.conftest import make_settings  # noqa: E402
from tests.slack_double import SlackDouble  # noqa: E402

OVERDUE = 5000
SEEDED = re.compile(r"DU\d{5}$")  # DMs to the seeded owners, not to those typing commands
TASK = re.compile(r"tarea (\d+)\b")


def _rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Sampler:
    """The peak RSS of a process, sampled every 100 ms on a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, _rss_mb(self.pid))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, child: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    """Return once `prometo serve` (`child`) accepts connections on `port`; exit if it died."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise SystemExit(f"prometo serve exited with {child.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("prometo serve did not open its port")


def seed(url: str, promises: int, now: datetime) -> None:
    """`promises` open promises; the first OVERDUE are overdue now, their DM due."""
    seed_million(url, promises, 0, now=now)
    app = create_app(make_settings(url), migrate=False)
    due = (now - timedelta(minutes=1)).replace(tzinfo=None).isoformat(" ", "microseconds")
    with app.engine.begin() as conn:
        conn.execute(
            text("UPDATE promises SET due = :due, original_due = :due WHERE id <= :n"),
            {"due": due, "n": OVERDUE},
        )
        conn.execute(
            text("UPDATE chases SET at = :due, kind = 'overdue' WHERE promise_id <= :n"),
            {"due": due, "n": OVERDUE},
        )
    app.close()


def ours(db: str, slack: SlackDouble, rate: float, seconds: float) -> tuple[float, int, int]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db,
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": slack_ack.SECRET,
        "SLACK_API_URL": slack.url,
        "PORT": str(port),
        "PROMETO_TIMEZONE": "America/Santiago",
        "PROMETO_OVERDUE_GRACE": "1d",
        # the client-side limiter would spread 5,000 DMs over 17 minutes: this measures memory
        "PROMETO_SLACK_RATE": "off",
        "PROMETO_SLACK_CHANNEL_RATE": "off",
    }
    env.pop("SLACK_APP_TOKEN", None)
    child = subprocess.Popen(
        [sys.executable, "app.py", "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    sampler = Sampler(child.pid)
    try:
        wait_for_port(port, child)
        answers = slack_ack._load(port, rate, seconds, f"{slack.url}response_url")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _dms(slack) < OVERDUE:
            time.sleep(0.5)
    finally:
        peak = sampler.stop()
        child.terminate()
        child.wait(timeout=30)
    return peak, sum(1 for _, status in answers if status == 200), _dms(slack)


def _dms(slack: SlackDouble) -> int:
    """Overdue DMs to the seeded owners, each promise once (tasks "tarea 0"… are ids 1…)."""
    tasks = set()
    for call in slack.calls_to("chat.postMessage"):
        found = TASK.search(str(call.args.get("text", "")))
        if SEEDED.match(str(call.args.get("channel"))) and found and int(found[1]) < OVERDUE:
            tasks.add(int(found[1]))
    return len(tasks)


def bare(slack: SlackDouble, rate: float, seconds: float) -> tuple[float, int]:
    child, port = slack_ack._spawn("--role", "bare", "--api", slack.url)
    sampler = Sampler(child.pid)
    try:
        answers = slack_ack._load(int(port), rate, seconds, f"{slack.url}response_url")
    finally:
        peak = sampler.stop()
        slack_ack._stop(child)
    return peak, sum(1 for _, status in answers if status == 200)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--promises", type=int, default=1_000_000)
    parser.add_argument("--rate", type=float, default=20.0, help="commands per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SlackDouble.running() as slack:
        for user in slack_ack.USERS:
            slack.add_user(user)
        db = f"sqlite:///{tmp}/serve.db"
        started = time.perf_counter()
        seed(db, args.promises, datetime.now(UTC))
        seeded = time.perf_counter() - started
        commands = int(args.rate * args.seconds)
        peak, answered, sent = ours(db, slack, args.rate, args.seconds)
        floor, floor_answered = bare(slack, args.rate, args.seconds)
    print(
        f"\nserving process memory ({machine()}); "
        f"{args.promises:,} promises seeded in {seeded:.0f} s"
    )
    print(
        f"  prometo serve: peak RSS {peak:.0f} MB while its sweeper sent {sent:,}/{OVERDUE:,} "
        f"overdue DMs and it answered {answered}/{commands} /prometo commands (target < 150 MB)"
    )
    print(
        f"  bare Bolt app (ack only), same commands: peak RSS {floor:.0f} MB "
        f"({floor_answered} answered)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
