"""Several processes chasing one PostgreSQL database, one killed with -9 halfway.

20,000 overdue DMs are due at once. Three serving processes' sweepers (tests/chasing/fleet.py:
the real APScheduler sweeper, 4 send threads, a 3 s lease) share them; when half are sent, one
process is killed with SIGKILL. Printed: every chase sent or not, duplicates (and whether the
killed process sent each duplicate's first copy: only its sends in flight may repeat), each
process's share and the time to drain. The alternative from the same run: one process alone,
nothing killed, on the same 20,000.

    .venv/bin/python bench/processes.py --db postgresql://postgres@127.0.0.1:5432/test
        [--chases 20000] [--processes 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from tests.chasing.fleet import Fleet, wait_for  # noqa: E402
from tests.chasing.helpers import seed_due  # noqa: E402
from tests.conftest import make_settings, scratch_postgres  # noqa: E402
from tests.slack_double import SlackDouble  # noqa: E402

WORKERS = 4


def seeded(url: str, count: int) -> None:
    app = create_app(make_settings(url))
    seed_due(app.engine, count, datetime.now(UTC), owners=200)
    app.close()


def run(server: str, count: int, processes: int, kill: bool) -> dict[str, object]:
    with scratch_postgres("prometo_procs", server) as url, SlackDouble.running() as slack:
        seeded(url, count)
        load = os.getloadavg()[0]
        started = time.monotonic()
        with Fleet(url, slack, workers=WORKERS) as fleet:
            fleet.start(processes)
            victim = None
            if kill:
                wait_for(lambda: fleet.sent_count() >= count // 2, "half sent", 900)
                victim = fleet.kill(0)
                at_kill = fleet.sent_count()
            wait_for(lambda: fleet.statuses() == {"sent": count}, "every delivery sent", 1800)
            drained = time.monotonic() - started
            sent = fleet.sends()
            shares = fleet.by_process()
        twice = {task: pids for task, pids in sent.items() if len(pids) > 1}
        return {
            "sent": len(sent),
            "lost": count - len(sent),
            "duplicates": sum(len(p) - 1 for p in twice.values()),
            "by_victim": all(victim in p for p in twice.values()) if twice else True,
            "killed_at": at_kill if kill else None,
            "shares": sorted(shares.values(), reverse=True),
            "seconds": drained,
            "load": load,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--chases", type=int, default=20_000)
    parser.add_argument("--processes", type=int, default=3)
    args = parser.parse_args()
    fleet = run(args.db, args.chases, args.processes, kill=True)
    alone = run(args.db, args.chases, 1, kill=False)
    print(
        f"\n{args.chases:,} chases due at once on one PostgreSQL database "
        f"({os.cpu_count()} cores; {WORKERS} send threads a process, 3 s lease)"
    )
    print(
        f"  ours: {args.processes} processes, one killed with -9 after "
        f"{fleet['killed_at']:,} sends: sent {fleet['sent']:,}, lost {fleet['lost']}, "
        f"duplicates {fleet['duplicates']} (bound: {WORKERS} in flight in the killed process; "
        f"all from it: {fleet['by_victim']}); shares {fleet['shares']}; drained in "
        f"{fleet['seconds']:.0f} s (load average {fleet['load']:.1f} at the start)"
    )
    print(
        f"  alternative: 1 process, nothing killed: sent {alone['sent']:,}, lost "
        f"{alone['lost']}, duplicates {alone['duplicates']}; drained in "
        f"{alone['seconds']:.0f} s (load average {alone['load']:.1f} at the start)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
