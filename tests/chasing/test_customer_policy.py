"""The chasing policy of promises to customers: "¿Llegas?" the working day before, in place of
the day-before reminder, and the mid-way check-in that moves when the counterpart hears."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.chasing import ASK, CHECK_IN, OVERDUE, REMINDER, ChaseRules, due_chase, next_chase, plan
from tests.chasing.test_policy import owner, promise

SCL = ZoneInfo("America/Santiago")
RULES = ChaseRules(
    leads=(timedelta(hours=24), timedelta(hours=1)), overdue_grace=timedelta(hours=2)
)
MONDAY_10 = datetime(2026, 11, 23, 10, tzinfo=SCL)


def nudges(p, rules: ChaseRules = RULES) -> list[tuple[str, str]]:
    return [
        (c.kind, f"{c.at.astimezone(SCL):%a %d %H:%M}")
        for c in plan(p, owner(), rules)
        if c.kind not in (OVERDUE, "overdue_team")
    ]


def test_llegas_replaces_the_day_before_reminder_at_midday_for_a_date() -> None:
    p = promise(MONDAY_10, datetime(2026, 11, 26, 19, tzinfo=SCL))
    assert nudges(p) == [(ASK, "Wed 25 14:00"), (REMINDER, "Thu 26 09:00")]


def test_llegas_keeps_the_wall_clock_time_of_a_named_hour() -> None:
    p = promise(MONDAY_10, datetime(2026, 11, 26, 15, tzinfo=SCL), has_time=True)
    assert nudges(p) == [
        (ASK, "Wed 25 15:00"),
        (REMINDER, "Thu 26 09:00"),
        (REMINDER, "Thu 26 14:00"),
    ]
    early = promise(MONDAY_10, datetime(2026, 11, 26, 8, tzinfo=SCL), has_time=True)
    assert nudges(early)[0] == (ASK, "Wed 25 09:00"), "moved inside that day's work hours"


def test_a_monday_deadline_is_asked_on_friday_and_nothing_comes_at_the_weekend() -> None:
    p = promise(MONDAY_10, datetime(2026, 11, 30, 12, tzinfo=SCL), has_time=True)
    assert nudges(p) == [
        (ASK, "Fri 27 12:00"),
        (REMINDER, "Mon 30 09:00"),
        (REMINDER, "Mon 30 11:00"),
    ]


def test_no_llegas_when_the_promise_was_made_on_the_working_day_before() -> None:
    p = promise(MONDAY_10, datetime(2026, 11, 24, 19, tzinfo=SCL))
    assert nudges(p) == [(REMINDER, "Tue 24 09:00")]
    # made Friday for Monday: Friday is the day it was made; the day-before lead is used then
    friday = promise(
        datetime(2026, 11, 27, 10, tzinfo=SCL),
        datetime(2026, 11, 30, 15, tzinfo=SCL),
        has_time=True,
    )
    assert nudges(friday)[0] == (REMINDER, "Sun 29 15:00")
    assert ASK not in {kind for kind, _ in nudges(friday)}


def test_a_promise_to_someone_gets_a_mid_way_check_in() -> None:
    p = replace(promise(MONDAY_10, datetime(2026, 11, 26, 19, tzinfo=SCL)), counterpart="Acme")
    assert nudges(p) == [
        (CHECK_IN, "Tue 24 14:00"),
        (ASK, "Wed 25 14:00"),
        (REMINDER, "Thu 26 09:00"),
    ]
    week = replace(promise(MONDAY_10, datetime(2026, 11, 30, 19, tzinfo=SCL)), counterpart="Acme")
    assert nudges(week)[0] == (CHECK_IN, "Wed 25 14:00")
    no_one = promise(MONDAY_10, datetime(2026, 11, 30, 19, tzinfo=SCL))
    assert CHECK_IN not in {kind for kind, _ in nudges(no_one)}


def test_no_check_in_two_working_days_ahead_or_less() -> None:
    p = replace(promise(MONDAY_10, datetime(2026, 11, 25, 19, tzinfo=SCL)), counterpart="Acme")
    assert CHECK_IN not in {kind for kind, _ in nudges(p)}
    friday = replace(
        promise(datetime(2026, 11, 27, 10, tzinfo=SCL), datetime(2026, 12, 1, 19, tzinfo=SCL)),
        counterpart="Acme",
    )  # Mon, Tue: two working days
    assert CHECK_IN not in {kind for kind, _ in nudges(friday)}


def test_hearing_from_us_pushes_the_next_check_in() -> None:
    due = datetime(2026, 12, 4, 19, tzinfo=SCL)  # Friday of next week
    p = replace(promise(MONDAY_10, due), counterpart="Acme")
    first = next(c for c in plan(p, owner(), RULES) if c.kind == CHECK_IN)
    assert f"{first.at.astimezone(SCL):%a %d}" == "Fri 27"
    told = replace(p, last_heard_at=datetime(2026, 11, 27, 15, tzinfo=SCL).astimezone(UTC))
    second = next(c for c in plan(told, owner(), RULES) if c.kind == CHECK_IN)
    assert f"{second.at.astimezone(SCL):%a %d %H:%M}" == "Tue 01 14:00"
    assert second.slot != first.slot, "a new check-in is a new delivery key"
    assert next_chase(told, owner(), told.last_heard_at, RULES) == second  # type: ignore[arg-type]
    late = replace(p, last_heard_at=datetime(2026, 12, 2, 10, tzinfo=SCL).astimezone(UTC))
    assert CHECK_IN not in {c.kind for c in plan(late, owner(), RULES)}


def test_the_check_in_never_falls_on_the_llegas_day() -> None:
    for days in range(3, 25):
        due = (MONDAY_10 + timedelta(days=days)).replace(hour=19)
        p = replace(promise(MONDAY_10, due), counterpart="Acme")
        kinds = {c.kind: c.at.astimezone(SCL).date() for c in plan(p, owner(), RULES)}
        if CHECK_IN in kinds and ASK in kinds:
            assert kinds[CHECK_IN] < kinds[ASK]


def test_a_missed_llegas_is_stale_once_the_deadline_passed() -> None:
    p = promise(MONDAY_10, datetime(2026, 11, 26, 19, tzinfo=SCL))
    ask = plan(p, owner(), RULES)[0]
    assert ask.kind == ASK
    p.next_chase_at, p.chase_kind = ask.at, ask.kind
    chase = due_chase(p, owner(), p.due + timedelta(minutes=5), RULES)
    assert chase is not None and chase.kind == OVERDUE


def test_a_follow_up_gets_no_check_in() -> None:
    due = datetime(2026, 12, 4, 19, tzinfo=SCL)
    p = replace(promise(MONDAY_10, due), counterpart="Acme", follow_up_of=3)
    assert CHECK_IN not in {c.kind for c in plan(p, owner(), RULES)}
