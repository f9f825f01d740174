"""Chasing policy, pure: when a promise's reminders, overdue notice and team post are due.

All instants are timezone-aware UTC; work hours are read in the owner's timezone.

A promise's chases, in order: reminders before the deadline, the overdue DM at the deadline,
the team-channel post `overdue_grace` after it. Reminders come from `ChaseRules.leads`:
- a lead of a day or more ("24h") is "the day before": only for promises set more than twice
  that far ahead, so a promise made yesterday for tomorrow is not chased twice in a day;
- a shorter lead ("1h") only when the deadline names a clock time, and only when there was
  more than that much time left when the deadline was set;
- `morning`: the start of the owner's work hours on the due day, before the deadline.
A reminder outside work hours moves to the last work-hours moment before it, unless the deadline
comes before the next start of work (then it stays where it is); reminders that would land too
close together are merged. A reminder that is still due when the deadline has passed is stale:
it is dropped, and the overdue notice goes out instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from bot.model import Person, Promise, Status, WorkHours
from bot.workdays import (
    clamp,
    midday,
    previous_working_day,
    working_days_after,
    working_days_between,
)

REMINDER = "reminder"
ASK = "ask"  # "¿Llegas?": the working day before the deadline, in place of "the day before"
CHECK_IN = "checkin"  # "¿Le avisaste a Acme que sigues en ello?": mid-way, promises to someone
OVERDUE = "overdue"
OVERDUE_TEAM = "overdue_team"
KINDS = (REMINDER, ASK, CHECK_IN, OVERDUE, OVERDUE_TEAM)
# the DMs before the deadline: stale once it has passed, and only the latest of a backlog goes
NUDGES = frozenset({REMINDER, ASK, CHECK_IN})
_ORDER = {kind: n for n, kind in enumerate(KINDS)}
DAY = timedelta(days=1)
_NONE = timedelta(0)


@dataclass(frozen=True, slots=True)
class ChaseRules:
    """How far ahead of a deadline to remind, and how long after it the team hears.

    `ask`: the working day before the deadline the owner is asked "¿Llegas?"; that question
    replaces the "day before" reminders (leads of a day or more), so there is one DM that day.
    `check_ins`: a promise to someone due more than two working days after they last heard
    gets a mid-way "¿Le avisaste …?" (not a follow-up: asking them is its whole point).
    """

    leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    overdue_grace: timedelta = timedelta(0)
    morning: bool = True
    min_gap: timedelta = timedelta(minutes=30)
    ask: bool = True
    check_ins: bool = True


class NextChase(NamedTuple):
    """One chase: when (UTC), what kind, and a slot naming it stably for its deadline.

    A named tuple: the sweeper builds a few for each of a thousand promises at a time."""

    at: datetime
    kind: str
    slot: str

    def order(self) -> tuple[datetime, int]:
        """Sort key: by time, then reminder < overdue DM < team post."""
        return self.at, _ORDER.get(self.kind, len(_ORDER))


def plan(promise: Promise, owner: Person, rules: ChaseRules) -> list[NextChase]:
    """Every chase of an open promise for its current deadline, in order (UTC)."""
    if promise.status is not Status.OPEN:
        return []
    zone = ZoneInfo(owner.timezone)
    hours = owner.work_hours
    due = promise.due
    anchor = _anchor(promise)
    stamp = _stamp(due)
    raw: list[tuple[datetime, str, str]] = []
    due_local = due.astimezone(zone)
    ask = _ask_at(promise, due_local, zone, hours, anchor) if rules.ask else None
    if ask is not None:
        raw.append((ask, ASK, f"{stamp}/ask"))
    for lead in rules.leads:
        if lead <= _NONE:
            continue
        if lead >= DAY:
            if ask is not None or due - anchor <= 2 * lead:
                continue
        elif not promise.due_has_time or due - anchor <= lead:
            continue
        raw.append((_before(due, lead, zone), REMINDER, f"{stamp}/l{int(lead.total_seconds())}"))
    if rules.morning:
        start = _local(due_local.date(), hours.start, zone)
        if start < due:
            raw.append((start, REMINDER, f"{stamp}/morning"))
    if rules.check_ins and promise.counterpart and promise.follow_up_of is None:
        check_in = _check_in_at(promise, zone, hours, anchor)
        if check_in is not None:
            at, heard = check_in
            raw.append((at, CHECK_IN, f"{stamp}/checkin/{_stamp(heard)}"))
    reminders: list[NextChase] = []
    for at, kind, slot in raw:
        moved = fit_work_hours(at, due, zone, hours, anchor)
        if anchor < moved < due:
            reminders.append(NextChase(moved, kind, slot))
    reminders = _merge(sorted(reminders, key=NextChase.order), rules.min_gap)
    return [
        *reminders,
        NextChase(due, OVERDUE, f"{stamp}/due"),
        NextChase(due + rules.overdue_grace, OVERDUE_TEAM, f"{stamp}/team"),
    ]


def next_chase(
    promise: Promise,
    owner: Person,
    now: datetime,
    rules: ChaseRules,
    *,
    after: NextChase | None = None,
    planned: list[NextChase] | None = None,
) -> NextChase | None:
    """The next chase to schedule for an open promise (UTC), or None when there is none.

    `after` is the chase just handled: only later ones count. Reminders that are already due
    collapse into the latest one, and once the deadline has passed (`now`, UTC) none is left.
    `planned`: the promise's plan, when the caller has it already.
    """
    chases = plan(promise, owner, rules) if planned is None else planned
    if after is not None:
        past = after.order()
        chases = [c for c in chases if c.order() > past]
    return _first(chases, promise, now)


def due_chase(
    promise: Promise,
    owner: Person,
    now: datetime,
    rules: ChaseRules,
    *,
    planned: list[NextChase] | None = None,
) -> NextChase | None:
    """What to act on now for a promise whose stored `next_chase_at` has come (UTC).

    The stored chase and later ones count; stale reminders are skipped. The answer may lie in
    the future (the plan moved): then nothing is due yet, and it is the time to store.
    """
    chases = plan(promise, owner, rules) if planned is None else planned
    if promise.next_chase_at is not None:
        floor = NextChase(promise.next_chase_at, promise.chase_kind or REMINDER, "").order()
        chases = [c for c in chases if c.order() >= floor]
    return _first(chases, promise, now)


def fit_work_hours(
    at: datetime, due: datetime, zone: ZoneInfo, hours: WorkHours, earliest: datetime
) -> datetime:
    """`at` (UTC) moved into work hours in `zone`: to the last work moment before it.

    It stays put when the deadline `due` comes before the next start of work, and moves to the
    next start of work when the last work moment before it is not after `earliest`.
    """
    local = at.astimezone(zone)
    if hours.start <= local.time() <= hours.end:
        return at
    day = local.date()
    if local.time() < hours.start:
        next_start = _local(day, hours.start, zone)
        last_end = _local(day - DAY, hours.end, zone)
    else:
        next_start = _local(day + DAY, hours.start, zone)
        last_end = _local(day, hours.end, zone)
    if due <= next_start:
        return at
    if last_end > earliest:
        return last_end
    return next_start


def is_stale(chase: NextChase, promise: Promise, now: datetime) -> bool:
    """True when a chase should no longer be sent at `now` (UTC): a reminder past the deadline."""
    return promise.status is not Status.OPEN or (chase.kind in NUDGES and now >= promise.due)


def heard_at(promise: Promise) -> datetime:
    """When the counterpart last heard about the promise (UTC): a check-in, else its deadline
    being set (capture or the last new date, when they were told it)."""
    heard = promise.last_heard_at or promise.created_at
    return max(heard, _anchor(promise))


def _ask_at(
    promise: Promise, due_local: datetime, zone: ZoneInfo, hours: WorkHours, anchor: datetime
) -> datetime | None:
    """When to ask "¿Llegas?": the working day before the deadline (UTC), or None.

    At the deadline's wall-clock time moved inside work hours; for a deadline with no clock time
    (the end of the day) in the middle of the working day, while there is time to act on it.
    Only when the deadline was set before that day. `due_local`: the deadline in `zone`.
    """
    day = previous_working_day(due_local.date())
    if day <= anchor.astimezone(zone).date():
        return None
    clock = clamp(due_local.time(), hours) if promise.due_has_time else midday(hours)
    at = _local(day, clock, zone)
    return at if anchor < at < promise.due else None


def _check_in_at(
    promise: Promise, zone: ZoneInfo, hours: WorkHours, anchor: datetime
) -> tuple[datetime, datetime] | None:
    """The mid-way check-in (UTC) of a promise to someone, with the moment it counts from.

    Only when the deadline is more than two working days after the counterpart last heard; then
    in the middle of the working days between (never the "¿Llegas?" day), at midday.
    """
    heard = heard_at(promise)
    start = heard.astimezone(zone).date()
    end = promise.due.astimezone(zone).date()
    if working_days_after(start, end) <= 2:
        return None
    between = working_days_between(start, end)
    at = _local(between[(len(between) - 1) // 2], midday(hours), zone)
    return (at, heard) if heard < at < promise.due else None


def _first(chases: list[NextChase], promise: Promise, now: datetime) -> NextChase | None:
    if now >= promise.due:
        chases = [c for c in chases if c.kind not in NUDGES]
    passed = [c for c in chases if c.kind in NUDGES and c.at <= now]
    if len(passed) > 1:
        stale = set(passed[:-1])
        chases = [c for c in chases if c not in stale]
    return chases[0] if chases else None


def _anchor(promise: Promise) -> datetime:
    """When the current deadline was set: the last new date, else creation (books written
    before `due_set_at` existed: their last change after a reschedule)."""
    if promise.due_set_at is not None:
        return promise.due_set_at
    return promise.created_at if promise.due == promise.original_due else promise.updated_at


def _stamp(moment: datetime) -> str:
    """A UTC instant to the minute as slots name it, e.g. 20261123T1300Z (no strftime: it
    costs four times as much, and a thousand promises a claim name two or three each)."""
    # %-formatting: half the time of the same f-string with format specifiers
    return "%04d%02d%02dT%02d%02dZ" % (  # noqa: UP031
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
    )


def _before(due: datetime, lead: timedelta, zone: ZoneInfo) -> datetime:
    """`lead` before `due`; whole days count on the wall clock, so DST does not shift them."""
    if lead.seconds or lead.microseconds:  # not whole days (a lead is positive)
        return due - lead
    wall = due.astimezone(zone).replace(tzinfo=None) - lead
    return wall.replace(tzinfo=zone).astimezone(UTC)


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as an aware UTC datetime; a time in a DST gap moves forward."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _merge(reminders: list[NextChase], gap: timedelta) -> list[NextChase]:
    """Drop a reminder when a later one follows within `gap`: one nudge is enough."""
    kept: list[NextChase] = []
    for chase in reversed(reminders):
        if kept and kept[-1].at - chase.at < gap:
            continue
        kept.append(chase)
    return kept[::-1]
