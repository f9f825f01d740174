"""Issue 12, item 13 at full size: 10,000 random and broken Slack payloads, signed and sent.

The same generators as tests/reliability/test_fuzz.py (tests/reliability/fuzzing.py): slash
commands, block_actions, view submissions, shortcuts and events with random values, and
requests that must be refused (not JSON, not an object, a required field missing or of the
wrong type). Prometo's real HTTP server, the Slack Web API double, one database (a new SQLite
file, or a scratch PostgreSQL database with --db). Prints requests by status, unhandled
exceptions (ERROR log records), 5xx answers and rows changed by the refused requests.

    .venv/bin/python bench/fuzz.py [--runs 10000] [--db postgresql://...] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from tests.conftest import SettableClock, scratch_postgres  # noqa: E402
from tests.reliability.fuzzing import broken, fuzz, payloads  # noqa: E402
from tests.reliability.inputs import changed, difference, errors_logged, rows  # noqa: E402
from tests.slack.conftest import ANA, BETO, CARLA, serving, slack_settings  # noqa: E402
from tests.slack_double import SlackDouble  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10_000, help="requests in all")
    parser.add_argument("--db", help="a PostgreSQL server URL (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, help="draw other payloads than the test's")
    args = parser.parse_args()
    import logging

    logging.getLogger().setLevel(logging.INFO)
    with ExitStack() as stack:
        if args.db:
            url = stack.enter_context(scratch_postgres("prometo_fuzz", args.db))
        else:
            url = f"sqlite:///{stack.enter_context(tempfile.TemporaryDirectory())}/fuzz.db"
        slack = stack.enter_context(SlackDouble.running())
        for user, zone in ((ANA, "Europe/Madrid"), (BETO, "America/Santiago"), (CARLA, "UTC")):
            slack.add_user(user, tz=zone)
        from tests.conftest import MONDAY_10

        app = create_app(slack_settings(url, slack), clock=SettableClock(MONDAY_10))
        stack.callback(app.close)
        side = stack.enter_context(serving(app, slack))
        side.command("llamar al cliente el jueves")
        response_url = f"{slack.url}response_url"
        refused_runs = args.runs // 3
        load = os.getloadavg()[0]
        started = time.perf_counter()
        with errors_logged() as errors:
            before = rows(app.engine)
            refused, refused_5xx = fuzz(side, broken(response_url), refused_runs, seed=args.seed)
            after = rows(app.engine)
            refused_changes = changed(before, after)
            answered, answered_5xx = fuzz(
                side, payloads(response_url), args.runs - refused_runs, seed=args.seed
            )
        took = time.perf_counter() - started
    statuses: Counter[int] = refused + answered
    total = sum(statuses.values())
    backend = app.engine.dialect.name
    print(f"{total} signed requests over HTTP ({refused_runs} malformed or broken), {backend}")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} before; {took:.1f} s", end="")
    print(f", {total / took:.0f} requests/s")
    print(f"answers by status: {dict(sorted(statuses.items()))}")
    print(f"unhandled exceptions: {len(errors.records)}")
    if errors.records:
        print(errors.describe())
    print(f"5xx answers: {len(refused_5xx) + len(answered_5xx)}")
    for request in (refused_5xx + answered_5xx)[:5]:
        print(f"  {request!r}")
    print(f"rows changed by refused requests: {refused_changes}")
    for table, odd in difference(before, after).items():
        print(f"  {table}: {odd}")
    failed = errors.records or refused_5xx or answered_5xx or refused_changes
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
