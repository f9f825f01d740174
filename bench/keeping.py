"""Keeping-score benchmarks: `/prometo stats` and the weekly digest (with its chart) for a
workspace of 10,000 promises, each beside a naive alternative measured in the same run.

    .venv/bin/python bench/keeping.py [--quick] [--db URL]

Ours: one indexed query reads the window's promises with their reschedules and cancellations
(storage/records.py), then bot/keeping.py judges them. Naive: the workspace's promises as full
rows, then `PromiseStore.events` for each one (N+1 queries), judged the same way. A third figure
is ours again with the (workspace_id, original_due) index dropped. Default database: a fresh
SQLite file; `--db postgresql://...` makes a scratch database on that server and drops it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from app import create_app  # noqa: E402
from bot import stats  # noqa: E402
from bot.digest import digest, trend_since, week_slot, week_start  # noqa: E402
from bot.keeping import TrackRecord, tally  # noqa: E402
from bot.messages import PlainFormatter  # noqa: E402
from storage.chases import EVENTS, PEOPLE, PROMISES, WORKSPACES, SqlChaseStore  # noqa: E402
from storage.models import PromiseRow  # noqa: E402
from storage.store import _promise  # noqa: E402
from tests.conftest import SettableClock, make_settings, scratch_postgres  # noqa: E402

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # Monday 09:00 in Santiago: digest time
TZ = "America/Santiago"
FMT = PlainFormatter()


def seed(engine: object, count: int, people: int = 50, days: int = 365) -> dict[str, int]:
    """`count` promises of one workspace over the last `days` (and 30 ahead), with the events
    the book would have written: created, reminders, overdue notices, reschedules, cancels."""
    rng = random.Random(7)
    promises, events = [], []
    kinds = {"on_time": 0, "renegotiated": 0, "late": 0, "broken": 0, "cancelled": 0, "open": 0}
    for n in range(count):
        owner = 1 + n % people
        due = NOW - timedelta(days=days) + timedelta(minutes=rng.randrange((days + 30) * 24 * 60))
        created = due - timedelta(days=rng.randint(1, 10))
        roll = rng.random()
        row = {
            "id": n + 1,
            "workspace_id": 1,
            "owner_id": owner,
            "recorder_id": owner,
            "number": n // people + 1,
            "task": f"tarea {n}",
            "text": f"tarea {n} el jueves",
            "lang": "es",
            "original_due": due,
            "due": due,
            "due_has_time": True,
            "status": "open",
            "created_at": created,
            "updated_at": created,
            "completed_at": None,
            "version": 1,
        }
        mine = [("created", created, None, due), ("reminded", due - timedelta(hours=1), None, None)]
        if due > NOW:
            kind = "open"
        elif roll < 0.6:
            kind = "on_time"
            row.update(status="done", completed_at=due - timedelta(hours=rng.randint(1, 48)))
        elif roll < 0.7:
            kind = "renegotiated"
            new = due + timedelta(days=2)
            mine.append(("rescheduled", due - timedelta(hours=3), due, new))
            row.update(status="done", due=new, completed_at=new - timedelta(hours=2))
        elif roll < 0.82:
            kind = "late"
            mine.append(("overdue", due, None, None))
            row.update(status="done", completed_at=due + timedelta(hours=rng.randint(1, 72)))
        elif roll < 0.95:
            kind = "broken"
            mine.append(("overdue", due, None, None))
        else:
            kind = "cancelled"
            mine.append(("cancelled", due - timedelta(hours=5), None, None))
            row.update(status="cancelled")
        kinds[kind] += 1
        row["completed_at"] = (
            row["completed_at"] if row["completed_at"] is None else min(row["completed_at"], NOW)
        )
        promises.append(row)
        for kind_, at, before, after in mine:
            if at <= NOW:
                events.append(
                    {
                        "promise_id": n + 1,
                        "actor_id": owner,
                        "kind": kind_,
                        "at": at,
                        "due_before": before,
                        "due_after": after,
                    }
                )
    with engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(
            insert(WORKSPACES),
            {
                "id": 1,
                "platform": "slack",
                "external_id": "T1",
                "timezone": TZ,
                "locale": "es",
                "team_channel": "C1",
                "active": True,
                "created_at": NOW - timedelta(days=300),
            },
        )
        conn.execute(
            insert(PEOPLE),
            [
                {
                    "id": i,
                    "workspace_id": 1,
                    "external_id": f"U{i:04d}",
                    "name": f"persona {i}",
                    "timezone": TZ,
                    "locale": "es",
                    "work_start": "09:00",
                    "work_end": "19:00",
                    "profile_known": True,
                    "active": True,
                    "last_number": count // people + 1,
                    "created_at": NOW - timedelta(days=300),
                }
                for i in range(1, people + 1)
            ],
        )
        for start in range(0, len(promises), 5000):
            conn.execute(insert(PROMISES), promises[start : start + 5000])
        for start in range(0, len(events), 5000):
            conn.execute(insert(EVENTS), events[start : start + 5000])
        if conn.dialect.name == "postgresql":
            for table in ("workspaces", "people", "promises", "promise_events"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # type: ignore[attr-defined]
        conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
    return {**kinds, "events": len(events)}


def naive_record(app: object, since: datetime, until: datetime) -> TrackRecord:
    """The record from the store's per-promise API: full rows, then events one promise at a time."""
    with app.store.sessions.begin() as s:  # type: ignore[attr-defined]
        rows = s.scalars(select(PromiseRow).where(PromiseRow.workspace_id == 1)).all()
        promises = [_promise(r) for r in rows]
    keep = []
    events = {}
    for p in promises:
        done = p.completed_at
        at = done if p.status.value == "done" and done and done < p.original_due else p.original_due
        if since <= at < until:
            keep.append(p)
            events[p.id] = app.store.events(p.id)  # type: ignore[attr-defined]
    return TrackRecord(keep, events)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """(first, best of the rest) in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    rest = times[1:] or times
    return times[0], min(rest), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 promises, a smoke check")
    parser.add_argument("--db", help="database URL (default: a temp SQLite file)")
    parser.add_argument("--promises", type=int, help="how many (default 10,000)")
    parser.add_argument("--days", type=int, default=365, help="history spread (default 365)")
    args = parser.parse_args()
    count = args.promises or (2000 if args.quick else 10_000)
    runs = 3 if args.quick else 7
    load = os.getloadavg()
    if args.db and args.db.startswith("postgres"):
        with scratch_postgres("prometo_bench", args.db) as url:
            run(url, count, runs, load, args.days)
    else:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.db", count, runs, load, args.days)


def run(url: str, count: int, runs: int, load: tuple[float, float, float], days: int) -> None:
    clock = SettableClock(NOW)
    app = create_app(make_settings(url), clock=clock)
    t0 = time.perf_counter()
    seeded = seed(app.engine, count, days=days)
    seeding = time.perf_counter() - t0
    backend = app.engine.dialect.name
    ana = app.store.get_person(1)
    assert ana is not None
    chases = SqlChaseStore(app.engine)
    slot = week_slot(NOW, TZ)
    this_week = week_start(slot, TZ)
    since_week = week_start(week_slot(this_week - timedelta(days=3), TZ), TZ)

    def ours_stats() -> object:
        return stats.for_reader(app.book, ana, "es", FMT)

    def naive_stats() -> object:
        record = naive_record(app, stats.since(NOW), NOW)
        return stats.stats_message(record, ana, TZ, "es", NOW, FMT)

    def ours_digest(chart: bool) -> Callable[[], object]:
        def go() -> object:
            data = chases.digest_data(1, since_week, this_week)
            record = app.store.track_record(1, trend_since(slot, TZ), this_week)
            return digest(data, slot, TZ, "es", NOW, FMT, record=record, chart=chart)

        return go

    def naive_digest() -> object:
        data = chases.digest_data(1, since_week, this_week)
        record = naive_record(app, trend_since(slot, TZ), this_week)
        return digest(data, slot, TZ, "es", NOW, FMT, record=record, chart=False)

    print(
        f"\nkeeping score for a workspace of {count:,} promises over {days} days, 50 people, "
        f"{seeded['events']:,} events ({backend}; {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}; load {load[0]:.2f} {load[1]:.2f}; "
        f"seeded in {seeding:.1f} s)"
    )
    print("  outcomes seeded: " + ", ".join(f"{k} {v:,}" for k, v in seeded.items()))
    window = app.store.track_record(1, stats.since(NOW), NOW)
    judged = tally(window.judged(NOW), stats.since(NOW), NOW)
    print(
        f"  90-day window: {len(window.promises):,} promises, {judged.judged:,} judged; "
        f"on time {judged.rate:.0%}"
    )
    first, best, mine = timed(ours_stats, runs)
    n_first, n_best, theirs = timed(naive_stats, max(2, runs // 3))
    assert mine == theirs, "the naive path must say the same"
    print(
        f"  /prometo stats  ours: first {first:.0f} ms, best {best:.0f} ms"
        f"   naive (rows + events per promise): first {n_first:.0f} ms, best {n_best:.0f} ms"
    )
    d_first, d_best, with_chart = timed(ours_digest(True), runs)
    _, p_best, plain = timed(ours_digest(False), runs)
    n_first, n_best, naive = timed(naive_digest, max(2, runs // 3))
    assert getattr(plain, "text", None) == getattr(naive, "text", None)
    image = getattr(with_chart, "image", None)
    size = len(image.data) if image is not None else 0
    print(
        f"  weekly digest   ours with chart: first {d_first:.0f} ms (imports matplotlib), "
        f"best {d_best:.0f} ms, PNG {size:,} bytes"
    )
    print(
        f"                  ours without chart: best {p_best:.0f} ms"
        f"   naive without chart: first {n_first:.0f} ms, best {n_best:.0f} ms"
    )

    def query() -> object:
        return app.store.track_record(1, stats.since(NOW), NOW)

    _, q_best, _ = timed(query, runs)
    with app.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_promises_workspace_original_due"))
        if backend == "postgresql":
            conn.execute(text("ANALYZE promises"))
    app.engine.dispose()  # pooled SQLite connections may still plan with the old schema
    _, x_best, again = timed(query, runs)
    assert len(getattr(again, "promises", [])) == len(window.promises)
    print(
        f"  the 90-day record query alone: best {q_best:.1f} ms with the (workspace_id,"
        f" original_due) index, {x_best:.1f} ms without it"
    )
    app.close()


if __name__ == "__main__":
    main()
