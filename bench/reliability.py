"""The reliability runs too long for CI, at the issue's full sizes (issue 12).

Each item runs the same scenario as its test in tests/reliability (the functions are shared),
with the issue's numbers, and prints each figure beside what it is compared with: the bound
it must meet, or the least possible. The machine (cores, load average) is printed first.

    .venv/bin/python bench/reliability.py [--item 1 --item 9 ...] [--scale 0.1]
        [--db postgresql://postgres@127.0.0.1:5432/test]

Items: 1 kill -9 during a sweep of 10,000 chases (SQLite and PostgreSQL); 2 two and three
processes on one PostgreSQL database, 20,000 chases; 3 1% of 1,000 replies dropped after
Slack stored the message; 4 the database unavailable for 60 s during a sweep (PostgreSQL
behind a proxy that is cut; SQLite held by a write lock); 5 every post answered 429 for
2 minutes; 8 the weekly digest across DST weeks, 2 instances, a restart at 09:00:00;
9 10,000 reminder DMs at 09:00 against a Slack that answers in 300 ms and caps 600 a minute.

`--scale` shrinks the sizes (0.1: a tenth of the chases, DMs and outage), for a quick look.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["PYTHON_DOTENV_DISABLED"] = "1"

from storage.db import make_engine, migrate  # noqa: E402
from tests.conftest import MONDAY_10, SettableClock, scratch_postgres  # noqa: E402
from tests.reliability.test_burst import burst  # noqa: E402
from tests.reliability.test_database_outage import database_outage  # noqa: E402
from tests.reliability.test_digest_dst import ZONES, digests_across_dst  # noqa: E402
from tests.reliability.test_dropped_connections import dropped_replies  # noqa: E402
from tests.reliability.test_kill_during_sweep import kill_during_sweep  # noqa: E402
from tests.reliability.test_processes import WORKERS, run_fleet  # noqa: E402
from tests.reliability.test_rate_limit_storm import rate_limit_storm  # noqa: E402

PG = "postgresql://postgres@127.0.0.1:5432/test"


def machine() -> str:
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} (5 min: {five:.1f})"


def show(item: str, name: str, value: object, compared: str = "") -> None:
    print(f"  {item:>2}  {name:<50} {value!s:>12}  {compared}")


@contextmanager
def database(kind: str, server: str) -> Iterator[str]:
    """A new, migrated database: a SQLite file, or a scratch database on `server`."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/prometo.db"
        return
    with scratch_postgres("prometo_rel", server) as url:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url


def item_1(server: str, scale: float) -> None:
    count = round(10_000 * scale)
    for kind in ("sqlite", "postgresql"):
        with database(kind, server) as url:
            run = kill_during_sweep(url, count)
        print(
            f"   1  {count:,} due chases, {kind}, one process killed with -9 after "
            f"{run.killed_at:,} sends, then another started ({machine()})"
        )
        show("1", "lost", run.lost, "must be 0")
        show(
            "1",
            "duplicates",
            run.duplicates,
            f"bound: {WORKERS} sends in flight ({run.claimed} deliveries leased at the kill)",
        )
        show("1", "restart to drained", f"{run.seconds_after_restart:.1f} s")


def item_2(server: str, scale: float) -> None:
    count = round(20_000 * scale)
    alone = None
    for processes, kill in ((1, False), (2, False), (3, True)):
        with database("postgresql", server) as url:
            run = run_fleet(url, count, processes, kill=kill, owners=200)
        what = f"{processes} process{'es' if processes > 1 else ''}"
        if kill:
            what += f", one killed with -9 after {run.killed_at:,} sends"
        print(f"   2  {count:,} due chases on one PostgreSQL database, {what} ({machine()})")
        show("2", "lost", run.lost, "must be 0")
        bound = f"bound: {WORKERS} in flight in the killed process" if kill else "must be 0"
        show("2", "sent twice", len(run.twice), bound)
        show("2", "shares", sorted(run.shares.values(), reverse=True))
        compared = f"1 process alone: {alone:.1f} s" if alone is not None else ""
        show("2", "drain time", f"{run.seconds:.1f} s", compared)
        if processes == 1:
            alone = run.seconds


def item_3(server: str, scale: float) -> None:
    sends = round(1_000 * max(scale, 0.1))
    with database("sqlite", server) as url:
        run = dropped_replies(url, SettableClock(MONDAY_10), sends, 100)
    print(
        f"   3  {sends:,} overdue DMs; every 100th post stored, then its connection cut "
        f"({machine()})"
    )
    show("3", "faults injected", run.faults)
    show("3", "lost", run.lost, "must be 0")
    show("3", "duplicates", run.duplicates, f"bound: {run.faults} faults injected")


def item_4(server: str, scale: float) -> None:
    outage = 60.0 * scale
    count = round(10_000 * max(scale, 0.1))
    for kind in ("sqlite", "postgresql"):
        with database(kind, server) as url:
            run = database_outage(url, count, outage)
        how = "a proxy cut" if kind == "postgresql" else "the write lock held"
        print(
            f"   4  {count:,} due chases, {kind} away {outage:.0f} s ({how}) after "
            f"{run.sent_before:,} sends ({machine()})"
        )
        show("4", "scheduler alive after", "yes" if run.alive else "no", "must be yes")
        show("4", "lost", run.lost, "must be 0")
        show("4", "duplicates", run.duplicates, "sends made meanwhile wait to be recorded")
        show("4", "outage noticed by the sender", "yes" if run.noticed else "no", "")
        show("4", "sending resumed by the first sweep after", run.resumed_in_first_sweep, "")
        show("4", "sweeps after recovery before a send", run.sweeps_before_resuming, "at most 1")
        show(
            "4",
            "recovery to first send",
            f"{run.resumed_after:.2f} s",
            f"a sweep every {run.sweep_every:g} s at most",
        )


def item_5(server: str, scale: float) -> None:
    window = 120.0 * scale
    sends = round(1_000 * max(scale, 0.1))
    with database("sqlite", server) as url:
        run = rate_limit_storm(url, sends, window)
    print(
        f"   5  {sends:,} DMs; every post answered 429 for {window:.0f} s with the "
        f"Retry-After left ({machine()})"
    )
    show("5", "sends before Retry-After elapsed", run.early, "must be 0")
    show(
        "5",
        "429s received",
        run.rejected,
        f"{run.in_flight} begun before Slack answered the first 429; "
        f"bound {run.per_workspace} sends at once to a workspace",
    )
    show("5", "lost", run.lost, "must be 0")
    show("5", "drain time", f"{run.drain:.1f} s", f"the 429s alone last {window:.0f} s")


def item_8(server: str, scale: float) -> None:
    for kind in ("sqlite", "postgresql"):
        with database(kind, server) as url:
            run = digests_across_dst(url)
        print(
            f"   8  Monday 09:00 digests over the 2026 DST weeks, {kind}, 2 instances, "
            f"{run.restarts} restarts at 09:00:00 ({machine()})"
        )
        for zone in ZONES:
            most = max(run.recorded[zone].values(), default=0)
            show(
                "8",
                f"{zone}: weeks, digests, most in a week",
                f"{run.weeks[zone]}, {run.posted[zone]}, {most}",
                "must be n, n, 1",
            )
        show("8", "digests not at Monday 09:00 local", len(run.off_time), "must be 0")


def item_9(server: str, scale: float) -> None:
    dms = round(10_000 * scale)
    with database("sqlite", server) as url:
        run = burst(url, dms)
    print(
        f"   9  {dms:,} reminder DMs due at 09:00; Slack answers in 300 ms and caps a "
        f"workspace at 600 posts a minute; Prometo's limiter 580/m burst 10, 1/s a channel, "
        f"8 send threads ({machine()})"
    )
    show("9", "missed", run.missed, "must be 0")
    show("9", "429s received", run.rejected, "must be 0")
    show("9", "lateness p50", f"{statistics.median(run.lateness):.1f} s")
    show("9", "lateness p95", f"{run.percentile(95):.1f} s")
    show(
        "9",
        "lateness max",
        f"{max(run.lateness):.1f} s",
        f"least possible at the cap: {run.floor:.1f} s",
    )
    show("9", "most posts in any minute", run.busiest_window, f"cap {run.cap}")
    show("9", "most posts to one channel in any second", run.busiest_channel_second, "limit 1")
    show("9", "closest two posts to one channel", f"{run.closest:.2f} s", "limit 1 s apart")
    show("9", "drain time", f"{run.drain:.1f} s", f"least possible at the cap: {run.floor:.1f} s")


ITEMS: dict[str, Callable[[str, float], None]] = {
    "1": item_1,
    "2": item_2,
    "3": item_3,
    "4": item_4,
    "5": item_5,
    "8": item_8,
    "9": item_9,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--item", action="append", choices=sorted(ITEMS), help="default: all")
    parser.add_argument("--db", default=PG, help="the PostgreSQL server (a scratch database)")
    parser.add_argument("--scale", type=float, default=1.0, help="sizes times this (0 < s ≤ 1)")
    args = parser.parse_args()
    if not 0 < args.scale <= 1:
        parser.error("--scale is between 0 and 1")
    os.environ.setdefault("PROMETO_TEST_DATABASE_URL", args.db)
    # the faults are the point: their warnings (database out of reach...) are expected here
    logging.getLogger("bot").setLevel(logging.ERROR)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "skipped: a sweep is running"
    print(f"Prometo reliability, issue 12 ({machine()}); scale {args.scale:g}")
    for item in args.item or sorted(ITEMS):
        started = time.monotonic()
        ITEMS[item](args.db, args.scale)
        print(f"      (item {item} took {time.monotonic() - started:.0f} s)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
