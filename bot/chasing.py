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

REMINDER = "reminder"
OVERDUE = "overdue"
OVERDUE_TEAM = "overdue_team"
KINDS = (REMINDER, OVERDUE, OVERDUE_TEAM)
_ORDER = {kind: n for n, kind in enumerate(KINDS)}
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ChaseRules:
    """How far ahead of a deadline to remind, and how long after it the team hears."""

    leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    overdue_grace: timedelta = timedelta(0)
    morning: bool = True
    min_gap: timedelta = timedelta(minutes=30)


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
    stamp = f"{due:%Y%m%dT%H%MZ}"
    raw: list[tuple[datetime, str]] = []
    for lead in rules.leads:
        if lead <= timedelta(0):
            continue
        if lead >= DAY:
            if due - anchor <= 2 * lead:
                continue
        elif not promise.due_has_time or due - anchor <= lead:
            continue
        raw.append((_before(due, lead, zone), f"{stamp}/l{int(lead.total_seconds())}"))
    if rules.morning:
        start = _local(due.astimezone(zone).date(), hours.start, zone)
        if start < due:
            raw.append((start, f"{stamp}/morning"))
    reminders: list[NextChase] = []
    for at, slot in raw:
        moved = fit_work_hours(at, due, zone, hours, anchor)
        if anchor < moved < due:
            reminders.append(NextChase(moved, REMINDER, slot))
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
        chases = [c for c in chases if c.order() > after.order()]
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
        floor = NextChase(promise.next_chase_at, promise.chase_kind or REMINDER, "")
        chases = [c for c in chases if c.order() >= floor.order()]
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
    return promise.status is not Status.OPEN or (chase.kind == REMINDER and now >= promise.due)


def _first(chases: list[NextChase], promise: Promise, now: datetime) -> NextChase | None:
    if now >= promise.due:
        chases = [c for c in chases if c.kind != REMINDER]
    passed = [c for c in chases if c.kind == REMINDER and c.at <= now]
    if len(passed) > 1:
        stale = set(passed[:-1])
        chases = [c for c in chases if c not in stale]
    return chases[0] if chases else None


def _anchor(promise: Promise) -> datetime:
    """When the current deadline was set: creation, or the last change after a reschedule."""
    return promise.created_at if promise.due == promise.original_due else promise.updated_at


def _before(due: datetime, lead: timedelta, zone: ZoneInfo) -> datetime:
    """`lead` before `due`; whole days count on the wall clock, so DST does not shift them."""
    if lead % DAY:
        return due - lead
    wall = due.astimezone(zone).replace(tzinfo=None) - lead
    return wall.replace(tzinfo=zone).astimezone(UTC)


def _local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone` as an aware UTC datetime; a time in a DST gap moves forward."""
    naive = datetime.combine(day, clock)
    return naive.replace(tzinfo=zone).astimezone(UTC)


def _merge(reminders: list[NextChase], gap: timedelta) -> list[NextChase]:
    """Drop a reminder when a later one follows within `gap`: one nudge is enough."""
    kept: list[NextChase] = []
    for chase in reversed(reminders):
        if kept and kept[-1].at - chase.at < gap:
            continue
        kept.append(chase)
    return kept[::-1]
