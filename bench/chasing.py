"""Chasing benchmarks; each prints our figure beside a naive alternative from the same run.

    .venv/bin/python bench/chasing.py claim   [--quick] [--db URL] [--processes 3] [--explain]
                                              [--touch GB]
    .venv/bin/python bench/chasing.py late    [--quick]              # 10k due over 60 s, lateness
    .venv/bin/python bench/chasing.py digest  [--quick] [--db URL]   # digest of 10k promises
    .venv/bin/python bench/chasing.py all     [--quick]

Targets (issue 5): claim 1,000 of 1,000,000 in <= 50 ms on SQLite and PostgreSQL; serving
process RSS < 150 MB; reminder lateness p99 <= 2 s; digest of 10,000 promises <= 1 s.
`--quick` shrinks every size so each runs in well under a minute (a smoke check only).
`--touch GB` first writes that much memory once, in a process of its own: on a virtual machine
booted minutes before, the first touch of each page of its memory is slow (here 16 GB took
16.8 s of kernel time the first time, 9.7 s the second), and a claiming process that gets such
pages pays for them; a machine that has run for a while has touched all its memory.
Default database: a fresh SQLite file in a temp dir; `--db postgresql://...` for PostgreSQL
(a scratch database is created and dropped on that server).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from app import create_app  # noqa: E402
from bot.digest import digest, week_slot, week_start  # noqa: E402
from bot.messages import PlainFormatter  # noqa: E402
from bot.model import Person, Promise  # noqa: E402
from bot.ports import Outgoing, Replan  # noqa: E402
from bot.scheduler import Chaser  # noqa: E402
from storage.chases import SqlChaseStore  # noqa: E402
from tests.chasing.helpers import seed_due  # noqa: E402
from tests.conftest import make_settings, scratch_postgres  # noqa: E402
from tests.slack_double import SlackDouble  # noqa: E402

NOW = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
TASK = re.compile(r"tarea (\d+)\b")


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A fresh, migrated database: a temp SQLite file, or a scratch PostgreSQL database."""
    if url is None or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    with scratch_postgres("prometo_bench", url) as scratch:
        yield scratch


def seed_million(url: str, total: int, due: int, now: datetime = NOW) -> None:
    """`total` open promises over 1,000 people; `due` of them have a chase due at `now`."""
    app = create_app(make_settings(url))
    seed_due(app.engine, 0, now, owners=1000)
    postgres = app.engine.dialect.name == "postgresql"
    with app.engine.begin() as conn:
        if postgres:
            conn.execute(
                text(
                    """
                INSERT INTO promises (workspace_id, owner_id, recorder_id, number, task, text,
                    lang, original_due, due, due_has_time, status, created_at, updated_at, version)
                SELECT 1, 1 + n % 1000, 1 + n % 1000, 1 + n / 1000, 'tarea ' || n, 'tarea ' || n,
                    'es', d, d, true, 'open', :now - interval '10 days', :now - interval '10 days',
                    1
                FROM (SELECT n, :now + (1 + n % 86400) * interval '1 minute' AS d
                      FROM generate_series(0, :total - 1) AS n) AS s
                """
                ),
                {"now": now, "total": total},
            )
            conn.execute(
                text(
                    """
                INSERT INTO chases (promise_id, at, kind)
                SELECT id, CASE WHEN id <= :due THEN :now - interval '1 minute'
                                ELSE due - interval '1 hour' END, 'reminder'
                FROM promises
                """
                ),
                {"now": now, "due": due},
            )
        else:
            stamp = now.replace(tzinfo=None).isoformat(sep=" ")
            conn.execute(
                text(
                    """
                WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < :total)
                INSERT INTO promises (workspace_id, owner_id, recorder_id, number, task, text,
                    lang, original_due, due, due_has_time, status, created_at, updated_at, version)
                SELECT 1, 1 + n % 1000, 1 + n % 1000, 1 + n / 1000, 'tarea ' || n, 'tarea ' || n,
                    'es', d, d, 1, 'open', :old, :old, 1
                FROM (SELECT n, strftime('%Y-%m-%d %H:%M:%S.000000', :now,
                        '+' || (1 + n % 86400) || ' minutes') AS d FROM s)
                """
                ),
                {
                    "total": total,
                    "now": stamp,
                    "old": (now - timedelta(days=10)).replace(tzinfo=None).isoformat(sep=" "),
                },
            )
            conn.execute(
                text(
                    """
                INSERT INTO chases (promise_id, at, kind)
                SELECT id, CASE WHEN id <= :due THEN :early
                                ELSE strftime('%Y-%m-%d %H:%M:%S.000000', due, '-1 hour') END,
                       'reminder'
                FROM promises
                """
                ),
                {
                    "due": due,
                    "early": (now - timedelta(minutes=1))
                    .replace(tzinfo=None)
                    .isoformat(sep=" ", timespec="microseconds"),
                },
            )
            conn.execute(text("ANALYZE"))
    # a database at rest, as it is in service: hint bits set (autovacuum), the bulk load
    # checkpointed and on disk, so no flush of the seeding competes with the measured claims
    with app.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if postgres:
            conn.execute(text("VACUUM ANALYZE"))
            conn.execute(text("CHECKPOINT"))
        else:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    app.close()
    os.sync()


def _claim_only(promise: Promise, _owner: Person) -> Replan:
    out = Outgoing(
        key=f"p{promise.id}/reminder/bench",
        workspace_id=promise.workspace_id,
        kind="reminder",
        slot="bench",
        promise_id=promise.id,
    )
    return Replan(promise.due, "overdue", (out,))


def _schedstat(pid: int) -> tuple[float, float]:
    """(ms on a CPU, ms waiting in the run queue) of a local process, from /proc."""
    try:
        on_cpu, waiting, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return float("nan"), float("nan")
    return int(on_cpu) / 1e6, int(waiting) / 1e6


def _claims(db: str, runs: int) -> list[tuple[float, float, float, float, float]]:
    """`runs` claims of 1,000 in this process (the first is the process's first), each as
    (wall ms, client CPU ms, server CPU ms, server ms waiting for a CPU, client ms waiting).

    The server is local: its backend's CPU and run-queue time come from /proc, so the wall time
    can be told apart into work done and time spent waiting for one of the machine's cores."""
    app = create_app(make_settings(db), migrate=False)
    chases = SqlChaseStore(app.engine)
    found = []
    # opened as a serving process opens it when it starts: the claims' server process
    backend = chases.open_claims(1000) or 0
    postgres = app.engine.dialect.name == "postgresql"
    for _ in range(runs):  # each claim takes the next 1,000 due chases
        server0 = _schedstat(backend) if postgres else (0.0, 0.0)
        client0 = _schedstat(os.getpid())
        cpu0, t0 = time.process_time(), time.perf_counter()
        claimed = chases.plan_due(NOW, 1000, _claim_only)
        wall, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - cpu0) * 1000
        server1 = _schedstat(backend) if postgres else (0.0, 0.0)
        client1 = _schedstat(os.getpid())
        found.append(
            (
                wall,
                cpu,
                server1[0] - server0[0],
                server1[1] - server0[1],
                client1[1] - client0[1],
            )
        )
        assert claimed == 1000, claimed
    app.close()
    return found


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def bench_claim(
    url: str | None, quick: bool, processes: int = 1, explain: bool = False, touch: int = 0
) -> None:
    total, runs = (100_000, 3) if quick else (1_000_000, 7)
    with database(url) as db:
        started = time.perf_counter()
        seed_million(db, total, (processes * runs + 3) * 1000)
        seeded = time.perf_counter() - started
        touched = touch_memory(touch) if touch else 0.0
        app = create_app(make_settings(db), migrate=False)
        chases = SqlChaseStore(app.engine)
        chaser = null_chaser(app, chases)
        backend = app.engine.dialect.name
        if explain and backend == "postgresql":
            print(explain_claim(app.engine))
        naive = naive_scan(app.engine, backend, indexed=False)
        indexed = naive_scan(app.engine, backend, indexed=True)
        before = _load()
        if processes == 1:
            per_process = [_claims(db, runs)]
        else:  # separate processes, started together, each claiming `runs` times
            children = [
                subprocess.Popen(
                    [sys.executable, __file__, "claim-child", "--db", db, "--runs", str(runs)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for _ in range(processes)
            ]
            per_process = []
            for child in children:
                out, _ = child.communicate(timeout=600)
                per_process.append(
                    [tuple(float(x) for x in line.split()) for line in out.splitlines() if line]
                )
        after = _load()
        t0 = time.perf_counter()
        assert chases.plan_due(NOW, 1000, chaser._decide) == 1000
        policy = (time.perf_counter() - t0) * 1000
        warm = sorted(c[0] for found in per_process for c in found[1:])
        firsts = [found[0][0] for found in per_process]
        work = sorted(c[1] + c[2] for found in per_process for c in found[1:])
        who = "one process" if processes == 1 else f"{processes} processes claiming at once"
        print(f"\nclaim 1,000 due chases among {total:,} open promises ({backend}; {machine()})")
        print(f"  seeded in {seeded:.1f} s; {before} before the claims, {after} after")
        if touch:
            print(f"  {touch} GB of memory written once before the claims, in {touched:.1f} s")
        print(
            f"  ours ({who}), SELECT by chases.at + write 1,000 deliveries: {len(warm)} warm "
            f"claims median {statistics.median(warm):.1f} ms, min {warm[0]:.1f}, "
            f"max {warm[-1]:.1f}; each process's first claim: "
            + ", ".join(f"{ms:.1f}" for ms in firsts)
            + " ms"
        )
        print(
            f"  the same warm claims' work, client CPU + server CPU: median "
            f"{statistics.median(work):.1f} ms, max {work[-1]:.1f} ms (the rest of each wall "
            "time is waiting for a core, below)"
        )
        for n, found in enumerate(per_process, 1):
            print(f"    process {n}, every claim: wall ms = client CPU + server CPU; waited")
            for wall, cpu, server, server_wait, client_wait in found:
                print(
                    f"      {wall:7.1f} = {cpu:5.1f} + {server:5.1f}; server waited for a core "
                    f"{server_wait:5.1f}, client {client_wait:5.1f}"
                )
        print(f"  ours, one claim with the sweeper's policy deciding each promise: {policy:.1f} ms")
        print(f"  the SELECT alone, with the index:                           {indexed:.1f} ms")
        print(f"  naive: the same SELECT as a full scan (index not used):     {naive:.1f} ms")
        sweep_rss(chaser)
        app.close()


def touch_memory(gigabytes: int) -> float:
    """Write `gigabytes` of memory once, 1 GB at a time, in a process of its own; seconds."""
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", f"for _ in range({gigabytes}): b'x' * (1 << 30)"], check=True
    )
    return time.perf_counter() - t0


def explain_claim(engine: object) -> str:
    """EXPLAIN (ANALYZE, BUFFERS, WAL) of one claim's two statements, rolled back."""
    from sqlalchemy import Engine

    from storage.chases import (
        _DUE_POSTGRES,
        _OWNERS_POSTGRES,
        _SETTINGS,
        _native_promise,
        _Owners,
        _Plans,
        _writes,
    )

    assert isinstance(engine, Engine)
    lines = ["EXPLAIN (ANALYZE, BUFFERS, WAL) of one claim (rolled back):"]
    raw: Any = engine.raw_connection()
    try:
        cur = raw.cursor(binary=True)
        cur.execute(_SETTINGS)  # the claim's own, for this transaction
        plan = cur.execute("EXPLAIN (ANALYZE, BUFFERS, WAL) " + _DUE_POSTGRES, (NOW, 1000))
        lines += ["  " + r[0] for r in plan.fetchall()]
        rows = cur.execute(_DUE_POSTGRES, (NOW, 1000)).fetchall()
        # the write a claim sends for these rows, each promise with one new delivery
        owners = _Owners()
        owners.learn(cur.execute(_OWNERS_POSTGRES, (owners.unknown(rows),)).fetchall())
        plans = _Plans(rows, _native_promise, owners.of, _claim_only)
        statement, params = _writes(cur, plans, NOW)
        plan = cur.execute("EXPLAIN (ANALYZE, BUFFERS, WAL) " + statement, params)
        lines += ["  " + r[0] for r in plan.fetchall()]
    finally:
        raw.rollback()
        raw.close()
    return "\n".join(lines)


def naive_scan(engine: object, backend: str, *, indexed: bool) -> float:
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    query = (
        "SELECT * FROM chases c NOT INDEXED JOIN promises p ON p.id = c.promise_id "
        "JOIN people o ON o.id = p.owner_id WHERE c.at <= :now ORDER BY c.at LIMIT 1000"
    )
    now: object = NOW.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    if indexed:
        query = query.replace(" NOT INDEXED", "")
    with engine.begin() as conn:
        if backend == "postgresql":
            if not indexed:
                conn.execute(text("SET LOCAL enable_indexscan = off"))
                conn.execute(text("SET LOCAL enable_bitmapscan = off"))
            query = query.replace(" NOT INDEXED", "")
            now = NOW
        t0 = time.perf_counter()
        rows = conn.execute(text(query), {"now": now}).all()
        elapsed = (time.perf_counter() - t0) * 1000
    assert len(rows) == 1000, len(rows)
    return elapsed


def null_chaser(app: object, chases: SqlChaseStore) -> Chaser:
    """The sweeper of a serving process, at NOW, with a messenger that sends nowhere."""

    class Null:
        def send_dm(self, person: Person, message: object) -> str:
            return "D:1"

        def post(self, channel: str, message: object) -> str:
            return "C:1"

        def update(self, ref: str, message: object) -> None:
            return None

    from app import Prometo

    assert isinstance(app, Prometo)
    return Chaser(
        store=app.store,
        chases=chases,
        directory=app.directory,
        messenger=Null(),
        formatter=PlainFormatter(),
        clock=type("C", (), {"now": staticmethod(lambda: NOW + timedelta(seconds=1))})(),
        rules=app.rules,
    )


def sweep_rss(chaser: Chaser) -> None:
    """The serving process's memory while it sweeps chases over the big table."""
    t0 = time.perf_counter()
    result = chaser.sweep()
    elapsed = time.perf_counter() - t0
    chaser.shutdown()
    print(
        f"  a full sweep of the rest ({result.planned} promises, {result.sent} sends) took "
        f"{elapsed:.1f} s; this process's max RSS: {rss_mb():.0f} MB (target < 150 MB)"
    )


def bench_late(quick: bool, burst: bool = False) -> None:
    count, span = (2000, 12.0) if quick else (10_000, 60.0)
    if burst:  # everything due at the same instant, like 10,000 reminders at 09:00
        count, span = (2000, 0.0) if quick else (5000, 0.0)
    with database(None) as db:
        app = create_app(make_settings(db, prometo_overdue_grace="1d"))
        start = datetime.now(UTC) + timedelta(seconds=5)
        seed_due(app.engine, count, start)
        step = span / count
        with app.engine.begin() as conn:  # spread: promise i is due at start + i * step
            rows = conn.execute(text("SELECT id, task FROM promises")).all()
            params = []
            for pid, task in rows:
                n = int(task.split()[1])
                at = start + timedelta(seconds=n * step)
                params.append({"i": pid, "at": _db_time(at, app.engine.dialect.name)})
            conn.execute(text("UPDATE promises SET due = :at WHERE id = :i"), params)
            conn.execute(text("UPDATE chases SET at = :at WHERE promise_id = :i"), params)
        app.close()
        wall0, mono0 = time.time(), time.monotonic()
        with SlackDouble.running() as slack:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.reliability.sweeper_process",
                    db,
                    slack.url,
                    "30",
                    "4",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
            )
            assert process.stdout is not None and process.stdout.readline() == b"ready\n"
            deadline = time.monotonic() + span + 120
            while time.monotonic() < deadline and _accepted(slack) < count:
                time.sleep(0.5)
            rss = _rss_of(process.pid)
            process.terminate()
            process.wait()
            process.stdout.close()
            lateness = []
            for call in slack.calls_to("chat.postMessage"):
                match = TASK.search(str(call.args.get("text", "")))
                if call.ok and match:
                    due = start.timestamp() + int(match.group(1)) * step
                    arrived = wall0 + (call.at - mono0)
                    lateness.append(max(0.0, arrived - due))
        alt = apscheduler_per_reminder(count, span)
    lateness.sort()
    shape = f"due over {span:.0f} s" if span else "due at the same instant"
    print(f"\n{count:,} chases {shape}, one serving process, Slack double ({machine()})")
    print(
        f"  ours: delivered {len(lateness):,}/{count:,}; lateness p50 {_pct(lateness, 50):.2f} s, "
        f"p99 {_pct(lateness, 99):.2f} s, max {lateness[-1]:.2f} s; sender RSS {rss:.0f} MB"
    )
    print(
        f"  naive: one APScheduler date job per chase (defaults, MemoryJobStore): delivered "
        f"{alt[0]:,}/{count:,}, missed {alt[1]:,}; p99 lateness {alt[2]:.2f} s"
    )


def apscheduler_per_reminder(count: int, span: float) -> tuple[int, int, float]:
    import logging

    from apscheduler.events import EVENT_JOB_MISSED
    from apscheduler.schedulers.background import BackgroundScheduler
    from slack_sdk import WebClient

    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # one warning per missed job
    with SlackDouble.running() as slack:
        client = WebClient(token="xoxb-bench", base_url=slack.url)
        scheduler = BackgroundScheduler(timezone=UTC)
        missed = []
        scheduler.add_listener(lambda event: missed.append(event), EVENT_JOB_MISSED)
        start = datetime.now(UTC) + timedelta(seconds=3)
        step = span / count
        late: list[float] = []

        def send(n: int, due: datetime) -> None:
            client.chat_postMessage(channel="D1", text=f"tarea {n}")
            late.append((datetime.now(UTC) - due).total_seconds())

        for n in range(count):
            due = start + timedelta(seconds=n * step)
            scheduler.add_job(send, "date", run_date=due, args=(n, due))
        scheduler.start()
        time.sleep(span + 8)
        while span == 0 and len(late) + len(missed) < count:
            time.sleep(1)
        scheduler.shutdown(wait=True)
    late.sort()
    return len(late), len(missed), _pct(late, 99) if late else float("nan")


def bench_digest(url: str | None, quick: bool) -> None:
    count = 2000 if quick else 10_000
    with database(url) as db:
        app = create_app(make_settings(db))
        seed_due(app.engine, count, NOW, owners=50)
        with app.engine.begin() as conn:  # a quarter kept on time, a quarter late, half open
            stamp = _db_time(NOW - timedelta(days=3), app.engine.dialect.name)
            late = _db_time(NOW - timedelta(days=1), app.engine.dialect.name)
            conn.execute(
                text(
                    "UPDATE promises SET status = 'done', due = :d, completed_at = "
                    "CASE WHEN id % 4 = 0 THEN :d ELSE :late END WHERE id % 4 IN (0, 1)"
                ),
                {"d": stamp, "late": late},
            )
        chases = SqlChaseStore(app.engine)
        workspace = app.store.get_workspace(1)
        assert workspace is not None
        slot = week_slot(NOW, workspace.timezone)
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            this_week = week_start(slot, workspace.timezone)
            since = this_week - timedelta(days=7)
            data = chases.digest_data(1, since, this_week)
            message = digest(data, slot, workspace.timezone, "es", NOW, PlainFormatter())
            runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        with app.engine.connect() as conn:
            rows = conn.execute(text("SELECT * FROM promises WHERE workspace_id = 1")).all()
        raw = time.perf_counter() - t0
        app.close()
    print(f"\ndigest of a workspace with {count:,} promises ({db.split(':')[0]}; {machine()})")
    print(
        f"  ours: load + classify + word it: best {min(runs) * 1000:.0f} ms, "
        f"first {runs[0] * 1000:.0f} ms; {len(message.details)} sections, "
        f"longest {max(len(d) for d in message.details)} chars"
    )
    print(f"  floor: just reading the {len(rows):,} rows: {raw * 1000:.0f} ms")


def _db_time(moment: datetime, backend: str) -> object:
    if backend == "postgresql":
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _accepted(slack: SlackDouble) -> int:
    return sum(1 for c in slack.calls_to("chat.postMessage") if c.ok)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
        if len(values) > 1
        else values[0]
    )


def _rss_of(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("claim", "late", "digest", "all", "claim-child"))
    parser.add_argument("--processes", type=int, default=1, help="claim: processes at once")
    parser.add_argument("--explain", action="store_true", help="claim: EXPLAIN one claim")
    parser.add_argument("--runs", type=int, default=7, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke check")
    parser.add_argument("--db", help="database URL (default: a temp SQLite file)")
    parser.add_argument("--burst", action="store_true", help="late: all due at one instant")
    parser.add_argument("--touch", type=int, default=0, help="claim: GB of memory to write first")
    args = parser.parse_args()
    if args.what == "claim-child":
        for claim in _claims(args.db, args.runs):
            print(" ".join(f"{ms:.3f}" for ms in claim))
        return
    if args.what in ("claim", "all"):
        bench_claim(args.db, args.quick, args.processes, args.explain, args.touch)
    if args.what in ("digest", "all"):
        bench_digest(args.db, args.quick)
    if args.what in ("late", "all"):
        bench_late(args.quick, args.burst)


if __name__ == "__main__":
    main()
