"""Item 8: the weekly digest at Monday 09:00 in Europe/Madrid, America/Santiago and
America/New_York, across the weeks each changes to and from summer time, with 2 instances
sweeping the same database and one restarted at 09:00:00: one digest per workspace per week.

Time is a settable clock that jumps to each next due moment (as the sweeper's APScheduler
job would wake); the digest moments come from APScheduler's CronTrigger (bot.scheduler). At
every digest moment instance A is closed and started anew, and both instances sweep at that
same instant, on two threads. Then both sweep again every 30 minutes for an hour, so a digest
sent twice (a week of 167 or 169 hours, a restart, two instances) would show.
The digests go through the real SlackMessenger to the Slack double, each workspace to its
own channel; the weeks are read from what Slack received and from the deliveries recorded.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import text

from app import Prometo, create_app
from bot.digest import week_slot
from bot.scheduler import Chaser
from tests.chasing.helpers import slack_chaser
from tests.conftest import SettableClock, make_settings
from tests.slack_double import SlackDouble

ZONES = ("Europe/Madrid", "America/Santiago", "America/New_York")
# 2026: New York springs forward 8 March, Madrid 29 March, Santiago falls back 5 April;
# Santiago springs forward 6 September, Madrid falls back 25 October, New York 1 November
# (each period runs from the week before its changes to the week after them; in between, the
# workspaces' digests wait months, and the first sweep of a period skips what is history)
PERIODS = (
    (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 4, 14, tzinfo=UTC)),
    (datetime(2026, 8, 31, tzinfo=UTC), datetime(2026, 9, 15, tzinfo=UTC)),
    (datetime(2026, 10, 19, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)),
)


@dataclass
class DigestRun:
    weeks: dict[str, int]  # zone: weeks watched
    posted: Counter[str]  # zone: digests Slack received
    recorded: dict[str, Counter[str]]  # zone: week slot: digests recorded as sent
    off_time: list[str]  # digests not sent at Monday 09:00 local
    restarts: int


def instance(url: str, clock: SettableClock, slack: SlackDouble) -> tuple[Prometo, Chaser]:
    app = create_app(make_settings(url, prometo_digest="mon 09:00"), clock=clock, migrate=False)
    return app, slack_chaser(app, slack)


def digests_across_dst(url: str) -> DigestRun:
    clock = SettableClock(PERIODS[0][0])
    setup = create_app(make_settings(url), clock=clock)
    ids: dict[int, str] = {}
    for n, zone in enumerate(ZONES):
        workspace = setup.store.workspace("slack", f"T{n}", timezone=zone, locale="es")
        workspace.team_channel = f"C{n}"
        setup.store.save_workspace(workspace)
        ids[workspace.id] = zone
    setup.close()
    restarts = 0
    weeks = Counter[str]()
    with SlackDouble.running() as slack:
        a, b = instance(url, clock, slack), instance(url, clock, slack)
        try:
            for start, end in PERIODS:
                clock.at = start
                for zone in ZONES:
                    weeks[zone] += len({week_slot(m, zone) for m in mondays(start, end, zone)})
                while clock.at < end:
                    for step in range(3):
                        if step:
                            clock.advance(minutes=30)
                        if digest_moment(clock.at):
                            a[0].close()  # the restart at 09:00:00: A is back at that instant
                            a = instance(url, clock, slack)
                            restarts += 1
                        both(a[1], b[1])
                    due = a[1].chases.next_due()
                    assert due is not None
                    clock.at = max(clock.at, due)
        finally:
            a[0].close()
            b[0].close()
        posted = Counter(
            ZONES[int(str(c.args["channel"])[1:])]
            for c in slack.calls_to("chat.postMessage")
            if c.ok
        )
    recorded: dict[str, Counter[str]] = {zone: Counter() for zone in ZONES}
    off_time: list[str] = []
    check = create_app(make_settings(url), clock=clock, migrate=False)
    with check.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT workspace_id, slot, sent_at FROM deliveries WHERE kind = 'digest'"
                " AND status = 'sent'"
            )
        ).all()
    check.close()
    for workspace_id, slot, sent_at in rows:
        zone = ids[workspace_id]
        recorded[zone][slot] += 1
        sent = sent_at if isinstance(sent_at, datetime) else datetime.fromisoformat(sent_at)
        local = sent.replace(tzinfo=sent.tzinfo or UTC).astimezone(ZoneInfo(zone))
        if (local.weekday(), local.hour, local.minute, local.second) != (0, 9, 0, 0):
            off_time.append(f"{zone} {local:%a %Y-%m-%d %H:%M:%S}")
    return DigestRun(dict(weeks), posted, recorded, off_time, restarts)


def mondays(start: datetime, end: datetime, zone: str) -> list[datetime]:
    """The Monday 09:00 moments (local to `zone`) between `start` and `end`."""
    tz = ZoneInfo(zone)
    day = start.astimezone(tz).date()
    found = []
    while True:
        moment = datetime.combine(day, datetime.min.time().replace(hour=9), tzinfo=tz)
        if moment.astimezone(UTC) >= end:
            return found
        if day.weekday() == 0 and moment.astimezone(UTC) >= start:
            found.append(moment.astimezone(UTC))
        day += timedelta(days=1)


def digest_moment(at: datetime) -> bool:
    """Whether `at` is Monday 09:00:00 in one of the zones."""
    return any(
        (lambda local: (local.weekday(), local.hour, local.minute, local.second) == (0, 9, 0, 0))(
            at.astimezone(ZoneInfo(zone))
        )
        for zone in ZONES
    )


def both(first: Chaser, second: Chaser) -> None:
    """Two instances sweep at the same instant, on two threads."""
    errors: list[BaseException] = []

    def run(chaser: Chaser) -> None:
        try:
            chaser.sweep()
        except BaseException as error:  # raised again below, on the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def test_one_digest_per_workspace_per_week_across_dst(
    database_url: str, figure: Callable[..., None]
) -> None:
    run = digests_across_dst(database_url)
    of = (
        f"{sum(run.weeks.values())} workspace-weeks over the 2026 DST changes, 2 instances, "
        f"{run.restarts} restarts at 09:00:00"
    )
    for zone in ZONES:
        most = max(run.recorded[zone].values(), default=0)
        figure("8", f"digests per week, most ({zone})", most, of=of)
        assert len(run.recorded[zone]) == run.weeks[zone], f"{zone}: a week without its digest"
        assert most == 1, f"{zone}: a week with two digests"
        assert run.posted[zone] == run.weeks[zone], f"{zone}: Slack got {run.posted[zone]}"
    figure("8", "digests not at Monday 09:00 local", len(run.off_time), of=of)
    assert not run.off_time, run.off_time
