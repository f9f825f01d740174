"""The weekly digest: timing across DST (Santiago, Madrid), once per week, content and limits."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app import Prometo, create_app
from bot.digest import digest, week_slot, week_start
from bot.messages import Message, PlainFormatter
from bot.model import Person, Promise, Status
from bot.ports import DigestData
from bot.scheduler import Chaser, next_digest_time
from storage.chases import SqlChaseStore
from tests.conftest import SettableClock, make_settings

pytestmark = pytest.mark.postgres


class Recorder:
    """A Messenger that keeps what it was asked to send."""

    def __init__(self, clock: SettableClock) -> None:
        self.clock = clock
        self.posts: list[tuple[datetime, str, Message]] = []
        self.dms: list[tuple[Person, Message]] = []

    def send_dm(self, person: Person, message: Message) -> str:
        self.dms.append((person, message))
        return f"dm:{len(self.dms)}"

    def post(self, channel: str, message: Message) -> str:
        self.posts.append((self.clock.now(), channel, message))
        return f"{channel}:{len(self.posts)}"

    def update(self, ref: str, message: Message) -> None:
        return None


def chaser_for(app: Prometo, recorder: Recorder, day: str, at: time) -> Chaser:
    return Chaser(
        store=app.store,
        chases=SqlChaseStore(app.engine),
        directory=app.directory,
        messenger=recorder,
        formatter=PlainFormatter(),
        clock=app.clock,
        rules=app.rules,
        digest_at=(day, at),
    )


@pytest.fixture
def town(database_url: str) -> Iterator[tuple[Prometo, SettableClock]]:
    clock = SettableClock(datetime(2026, 1, 1, tzinfo=UTC))
    app = create_app(make_settings(database_url, prometo_team_channel="C_TEAM"), clock=clock)
    yield app, clock
    app.close()


CASES = [
    # zone, digest day and time, a moment some weeks before the change, weeks to watch
    ("America/Santiago", "mon", time(9), datetime(2026, 8, 20, tzinfo=UTC)),  # spring forward
    ("America/Santiago", "mon", time(9), datetime(2026, 3, 20, tzinfo=UTC)),  # fall back
    ("Europe/Madrid", "mon", time(9), datetime(2026, 3, 15, tzinfo=UTC)),
    ("Europe/Madrid", "mon", time(9), datetime(2026, 10, 15, tzinfo=UTC)),
    # the wall time itself does not exist, or happens twice, on the day of the change
    ("America/Santiago", "sun", time(0, 30), datetime(2026, 8, 20, tzinfo=UTC)),
    ("America/Santiago", "sat", time(23, 30), datetime(2026, 3, 20, tzinfo=UTC)),
    ("Europe/Madrid", "sun", time(2, 30), datetime(2026, 3, 15, tzinfo=UTC)),
    ("Europe/Madrid", "sun", time(2, 30), datetime(2026, 10, 15, tzinfo=UTC)),
]


@pytest.mark.parametrize(("tz", "day", "at", "start"), CASES, ids=lambda v: str(v))
def test_one_digest_per_week_across_dst(
    town: tuple[Prometo, SettableClock], tz: str, day: str, at: time, start: datetime
) -> None:
    app, clock = town
    clock.at = start
    app.store.workspace("slack", "T1", timezone=tz, locale="es")
    recorder = Recorder(clock)
    chaser = chaser_for(app, recorder, day, at)
    chases = SqlChaseStore(app.engine)
    end = start + timedelta(weeks=5)
    while clock.at < end:
        # wake as the sweeper does: at the next due moment; and around it every half hour,
        # so a wall time that happens twice would be caught sending twice
        for _ in range(4):
            chaser.sweep()
            clock.at += timedelta(minutes=30)
        due = chases.next_due()
        assert due is not None
        clock.at = max(clock.at, due)
    weeks = [week_slot(when, tz) for when, _, _ in recorder.posts]
    assert len(weeks) == len(set(weeks)) >= 5, "a week was repeated"
    starts = [week_start(w, tz) for w in weeks]
    assert all(b - a <= timedelta(days=7, hours=1) for a, b in itertools.pairwise(starts))
    zone = ZoneInfo(tz)
    for when, channel, message in recorder.posts:
        local = when.astimezone(zone)
        assert channel == "C_TEAM" and "Resumen semanal" in message.text
        # exactly at its wall time; a time in a DST gap moves forward by the gap
        wall = datetime.combine(local.date(), at, tzinfo=zone).astimezone(UTC)
        if local.strftime("%a").lower() != day:  # 23:30 that became 00:30 next day
            wall = datetime.combine(local.date() - timedelta(days=1), at, tzinfo=zone)
            wall = wall.astimezone(UTC)
        assert when == wall, (when, wall)


@pytest.mark.parametrize(("tz", "day", "at", "start"), CASES, ids=lambda v: str(v))
def test_next_digest_time_never_skips_or_repeats_a_week(
    tz: str, day: str, at: time, start: datetime
) -> None:
    moments: list[datetime] = []
    after = start
    for _ in range(8):
        after = next_digest_time(
            after, tz, day, at, not_in=week_slot(after, tz) if moments else None
        )
        moments.append(after)
    weeks = [week_slot(m, tz) for m in moments]
    assert len(set(weeks)) == 8
    gaps = {round((b - a) / timedelta(hours=1)) for a, b in itertools.pairwise(moments)}
    assert gaps <= {167, 168, 169}, "always a week apart, give or take the DST hour"


def promise(n: int, owner: int, status: Status, due: datetime, done: datetime | None) -> Promise:
    return Promise(
        id=n,
        workspace_id=1,
        owner_id=owner,
        recorder_id=owner,
        number=n,
        task=f"tarea {n} " + "x" * 80,
        text="",
        due=due,
        original_due=due,
        due_has_time=True,
        status=status,
        created_at=due - timedelta(days=10),
        updated_at=due,
        completed_at=done,
    )


def test_the_digest_counts_and_stays_within_slack_limits() -> None:
    tz = "America/Santiago"
    monday = datetime(2026, 11, 23, 12, tzinfo=UTC)  # Monday 09:00 in Santiago
    last_week = monday - timedelta(days=5)
    people = {
        i: Person(id=i, workspace_id=1, external_id=f"U{i}", timezone=tz, locale="es", name=f"P{i}")
        for i in range(40)
    }
    promises = []
    for n in range(10_000):
        owner = n % 40
        kind = n % 4
        if kind == 0:
            promises.append(
                promise(n, owner, Status.DONE, last_week, last_week - timedelta(hours=1))
            )
        elif kind == 1:
            promises.append(
                promise(n, owner, Status.DONE, last_week, last_week + timedelta(hours=5))
            )
        elif kind == 2:
            promises.append(promise(n, owner, Status.OPEN, last_week, None))
        else:
            promises.append(promise(n, owner, Status.OPEN, monday + timedelta(days=2), None))
    data = DigestData(promises=promises, rescheduled=frozenset(range(0, 10_000, 10)), people=people)
    slot = week_slot(monday, tz)
    message = digest(data, slot, tz, "es", monday, PlainFormatter(), people=True)
    assert "33 % (2500 de 7500)" in message.text.replace("\xa0", " ")
    assert len(message.details) <= 10
    for section in message.details:
        assert len(section) <= 3000
    joined = "\n".join(message.details)
    assert "Cumplidas a tiempo (2500)" in joined and "Cumplidas con atraso (2500)" in joined
    assert "Aún vencidas (2500)" in joined and "Vencen esta semana (2500)" in joined
    assert "Renegociadas (1000)" in joined and "… y 2492 más." in joined
    assert "P0: 100 % (250 de 250)" in joined.replace("\xa0", " ")
    # each person's figures only when the workspace asks for them
    team_only = digest(data, slot, tz, "es", monday, PlainFormatter())
    assert "por persona" not in "\n".join(team_only.details) and "P0:" not in team_only.plain()
    assert team_only.text == message.text


def test_a_promise_kept_by_its_new_date_is_not_listed_as_kept_on_time() -> None:
    tz = "America/Santiago"
    monday = datetime(2026, 11, 23, 12, tzinfo=UTC)
    first = monday - timedelta(days=5)
    moved = promise(1, 0, Status.DONE, first + timedelta(days=1), first + timedelta(hours=20))
    moved = replace(moved, original_due=first)
    kept = promise(2, 0, Status.DONE, first, first - timedelta(hours=1))
    people = {
        0: Person(id=0, workspace_id=1, external_id="U0", timezone=tz, locale="es", name="Ana")
    }
    data = DigestData(promises=[moved, kept], rescheduled=frozenset({1}), people=people)
    message = digest(data, week_slot(monday, tz), tz, "es", monday, PlainFormatter())
    joined = "\n".join(message.details)
    assert "✅ Cumplidas a tiempo (1)\n• tarea 2" in joined
    assert "📅 Cumplidas en la fecha renegociada (1)\n• tarea 1" in joined
    assert "Cumplidas con atraso" not in joined
