"""What promises to customers cost the chasing policy, beside the policy without them.

    .venv/bin/python bench/customers.py [--quick]

The sweeper plans each due promise (`plan`, `due_chase`, `next_chase`). "¿Llegas?" and the
mid-way check-in add working-day arithmetic to that plan. This prints the time per promise of
the policy as it runs (half the promises made to a customer), beside the same promises planned
with `ask` and `check_ins` off (the policy before issue 9), in the same run. It also prints
the concrete choices for vague and loose dates, the other new arithmetic on a hot path
(every capture without a usable date).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.chasing import ChaseRules, due_chase, next_chase, plan
from bot.choices import for_loose, for_vague
from bot.model import Person, Promise, Status, WorkHours

SCL = ZoneInfo("America/Santiago")
OWNER = Person(1, 1, "U1", "America/Santiago", "es", WorkHours(clock(9), clock(19)))
MADE = datetime(2026, 11, 23, 10, tzinfo=SCL).astimezone(UTC)


def promises(count: int) -> list[Promise]:
    """`count` open promises due over the next weeks, every other one made to a customer."""
    out = []
    for i in range(count):
        due = (MADE + timedelta(hours=3 + (7 * i) % 500)).replace(minute=0)
        p = Promise(i, 1, 1, 1, i, "x", "x", due, due, i % 2 == 0, Status.OPEN, MADE, MADE)
        out.append(replace(p, counterpart="Acme") if i % 2 else p)
    return out


def per_promise(items: list[Promise], rules: ChaseRules, runs: int) -> list[float]:
    """Microseconds per promise of one sweeper decision, for each run."""
    now = MADE + timedelta(hours=1)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for p in items:
            planned = plan(p, OWNER, rules)
            due_chase(p, OWNER, now, rules, planned=planned)
            next_chase(p, OWNER, now, rules, planned=planned)
        times.append((time.perf_counter() - started) * 1e6 / len(items))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke check")
    args = parser.parse_args()
    count, runs = (1_000, 3) if args.quick else (10_000, 9)
    items = promises(count)
    ours = ChaseRules(leads=(timedelta(hours=24), timedelta(hours=1)))
    before = replace(ours, ask=False, check_ins=False)
    mine, theirs = [], []
    for _ in range(runs):  # interleaved, so both see the same load
        mine += per_promise(items, ours, 1)
        theirs += per_promise(items, before, 1)
    load = os.getloadavg()[0]
    print(
        f"sweeper policy per promise ({count:,} promises, {os.cpu_count()} cores, load {load:.1f})"
    )
    print(
        f"  ours, with ¿Llegas? and check-ins: median {statistics.median(mine):.1f} us,"
        f" min {min(mine):.1f}"
    )
    print(
        f"  without them (the policy before):  median {statistics.median(theirs):.1f} us,"
        f" min {min(theirs):.1f}"
    )
    started = time.perf_counter()
    moments = [MADE + timedelta(hours=h) for h in range(0, 24 * 14, 7)]
    for now in moments:
        for_vague(now, OWNER, "es")
        for_loose(now, OWNER, now + timedelta(days=9), "es")
    each = (time.perf_counter() - started) * 1e6 / len(moments)
    print(f"  concrete choices, vague and loose together: {each:.0f} us per capture")


if __name__ == "__main__":
    main()
