"""The chasing policy with plain values and fixed instants: leads, work hours, DST, staleness."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.chasing import (
    OVERDUE,
    OVERDUE_TEAM,
    REMINDER,
    ChaseRules,
    due_chase,
    next_chase,
    plan,
)
from bot.model import Person, Promise, Status, WorkHours

SCL = ZoneInfo("America/Santiago")
MAD = ZoneInfo("Europe/Madrid")
# the lead mechanics on their own: without "¿Llegas?", which takes the day before's place when
# it fits (tests/chasing/test_customer_policy.py)
RULES = ChaseRules(
    leads=(timedelta(hours=24), timedelta(hours=1)), overdue_grace=timedelta(hours=2), ask=False
)


def owner(tz: str = "America/Santiago", hours: WorkHours | None = None) -> Person:
    return Person(
        id=1,
        workspace_id=1,
        external_id="U1",
        timezone=tz,
        locale="es",
        work_hours=hours or WorkHours(time(9), time(19)),
    )


def promise(made: datetime, due: datetime, *, has_time: bool = False) -> Promise:
    made, due = made.astimezone(UTC), due.astimezone(UTC)
    return Promise(
        id=7,
        workspace_id=1,
        owner_id=1,
        recorder_id=1,
        number=1,
        task="llamar al cliente",
        text="llamar al cliente",
        due=due,
        original_due=due,
        due_has_time=has_time,
        status=Status.OPEN,
        created_at=made,
        updated_at=made,
    )


def local_reminders(p: Promise, who: Person, tz: ZoneInfo = SCL) -> list[str]:
    return [f"{c.at.astimezone(tz):%a %H:%M}" for c in plan(p, who, RULES) if c.kind == REMINDER]


def test_date_only_promise_made_days_ahead_gets_the_day_before_and_the_morning() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    chases = plan(p, owner(), RULES)
    assert local_reminders(p, owner()) == ["Wed 19:00", "Thu 09:00"]
    assert [c.kind for c in chases] == [REMINDER, REMINDER, OVERDUE, OVERDUE_TEAM]
    assert chases[2].at == p.due and chases[3].at == p.due + timedelta(hours=2)


def test_a_named_clock_time_adds_the_hour_before() -> None:
    p = promise(
        datetime(2026, 11, 23, 10, tzinfo=SCL),
        datetime(2026, 11, 26, 15, tzinfo=SCL),
        has_time=True,
    )
    assert local_reminders(p, owner()) == ["Wed 15:00", "Thu 09:00", "Thu 14:00"]


def test_no_day_before_for_a_promise_made_less_than_two_days_ahead() -> None:
    p = promise(
        datetime(2026, 11, 23, 10, tzinfo=SCL),
        datetime(2026, 11, 24, 11, tzinfo=SCL),
        has_time=True,
    )
    assert local_reminders(p, owner()) == ["Tue 09:00", "Tue 10:00"]


def test_reminders_close_together_merge_into_the_later_one() -> None:
    p = promise(
        datetime(2026, 11, 23, 10, tzinfo=SCL),
        datetime(2026, 11, 24, 10, 15, tzinfo=SCL),
        has_time=True,
    )
    assert local_reminders(p, owner()) == ["Tue 09:15"]


def test_outside_work_hours_a_reminder_moves_to_the_last_work_moment_before_it() -> None:
    p = promise(
        datetime(2026, 11, 16, 10, tzinfo=SCL),
        datetime(2026, 11, 26, 21, tzinfo=SCL),
        has_time=True,
    )
    # the day before at 21:00 -> Wednesday 19:00; 1 h before (20:00) stays: the deadline comes
    # before the next start of work
    assert local_reminders(p, owner()) == ["Wed 19:00", "Thu 09:00", "Thu 20:00"]


def test_an_early_deadline_is_reminded_the_evening_before() -> None:
    p = promise(
        datetime(2026, 11, 16, 10, tzinfo=SCL),
        datetime(2026, 11, 26, 9, 30, tzinfo=SCL),
        has_time=True,
    )
    # 1 h before is 08:30, before work, and the deadline is after 09:00: Wednesday 19:00;
    # the day before stays at 09:30, inside work hours
    assert local_reminders(p, owner()) == ["Wed 09:30", "Wed 19:00", "Thu 09:00"]


def test_a_deadline_before_work_starts_keeps_its_early_reminder() -> None:
    p = promise(
        datetime(2026, 11, 25, 18, tzinfo=SCL),
        datetime(2026, 11, 26, 8, 0, tzinfo=SCL),
        has_time=True,
    )
    assert local_reminders(p, owner()) == ["Thu 07:00"]


def test_a_moved_reminder_never_lands_before_the_promise_was_made() -> None:
    p = promise(
        datetime(2026, 11, 25, 20, tzinfo=SCL),
        datetime(2026, 11, 26, 9, 30, tzinfo=SCL),
        has_time=True,
    )
    # 08:30 would move to Wednesday 19:00, before the promise existed: it waits for 09:00
    assert local_reminders(p, owner()) == ["Thu 09:00"]


def test_the_owners_work_hours_and_timezone_decide() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=MAD), datetime(2026, 11, 26, 18, tzinfo=MAD))
    early = owner("Europe/Madrid", WorkHours(time(7, 30), time(15, 0)))
    assert local_reminders(p, early, MAD) == ["Wed 15:00", "Thu 07:30"]


def test_the_day_before_keeps_its_wall_clock_time_across_dst() -> None:
    # Chile springs forward at midnight between Saturday 5 and Sunday 6 September 2026
    p = promise(datetime(2026, 8, 30, 10, tzinfo=SCL), datetime(2026, 9, 7, 12, tzinfo=SCL))
    chases = plan(p, owner(), RULES)
    assert chases[0].at.astimezone(SCL).strftime("%a %d %H:%M") == "Sun 06 12:00"
    # Madrid falls back on Sunday 25 October 2026: the morning is 09:00 local, UTC+1
    m = promise(datetime(2026, 10, 20, 10, tzinfo=MAD), datetime(2026, 10, 25, 18, tzinfo=MAD))
    morning = plan(m, owner("Europe/Madrid"), RULES)[1]
    assert morning.at == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)


def test_next_chase_walks_the_plan_in_order_and_ends() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    who = owner()
    now = p.created_at
    seen = []
    chase = next_chase(p, who, now, RULES)
    while chase is not None:
        seen.append(chase.kind)
        now = chase.at
        chase = next_chase(p, who, now, RULES, after=chase)
    assert seen == [REMINDER, REMINDER, OVERDUE, OVERDUE_TEAM]


def test_a_stale_reminder_goes_straight_to_overdue() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    first = plan(p, owner(), RULES)[0]
    p.next_chase_at, p.chase_kind = first.at, first.kind
    late = p.due + timedelta(minutes=30)
    chase = due_chase(p, owner(), late, RULES)
    assert chase is not None and chase.kind == OVERDUE and chase.at == p.due


def test_catching_up_sends_only_the_latest_missed_reminder() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    first, second = plan(p, owner(), RULES)[:2]
    p.next_chase_at, p.chase_kind = first.at, first.kind
    chase = due_chase(p, owner(), second.at + timedelta(hours=1), RULES)
    assert chase == second


def test_a_closed_promise_has_no_chase() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    p.status = Status.DONE
    assert plan(p, owner(), RULES) == []
    assert next_chase(p, owner(), p.created_at, RULES) is None


def test_without_grace_the_owner_hears_before_the_team() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    rules = ChaseRules(leads=(), overdue_grace=timedelta(0), morning=False, ask=False)
    chases = plan(p, owner(), rules)
    assert [(c.kind, c.at) for c in chases] == [(OVERDUE, p.due), (OVERDUE_TEAM, p.due)]
    assert next_chase(p, owner(), p.due, rules, after=chases[0]) == chases[1]


def test_a_reschedule_restarts_the_plan_from_the_new_deadline() -> None:
    p = promise(datetime(2026, 11, 23, 10, tzinfo=SCL), datetime(2026, 11, 26, 19, tzinfo=SCL))
    old_slots = {c.slot for c in plan(p, owner(), RULES)}
    p.due = datetime(2026, 12, 3, 19, tzinfo=SCL).astimezone(UTC)
    p.updated_at = datetime(2026, 11, 26, 20, tzinfo=SCL).astimezone(UTC)
    chases = plan(p, owner(), RULES)
    assert not old_slots & {c.slot for c in chases}
    assert [f"{c.at.astimezone(SCL):%a %d %H:%M}" for c in chases[:2]] == [
        "Wed 02 19:00",
        "Thu 03 09:00",
    ]
