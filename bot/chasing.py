"""Chasing policy, pure: when a promise's next reminder, overdue notice or check-in is due.

All instants are timezone-aware UTC; work hours are read in the owner's timezone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.model import Person, Promise, Status

REMINDER = "reminder"
OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class ChaseRules:
    """How far ahead of a deadline to remind, and how long after it the team hears."""

    leads: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    overdue_grace: timedelta = timedelta(0)


@dataclass(frozen=True, slots=True)
class NextChase:
    at: datetime
    kind: str
    slot: str


def next_chase(
    promise: Promise, owner: Person, now: datetime, rules: ChaseRules
) -> NextChase | None:
    """The next action due for an open promise at or after `now` (UTC), or None when closed."""
    if promise.status is not Status.OPEN:
        return None
    for lead in sorted(rules.leads, reverse=True):
        at = promise.due - lead
        if at >= now and at >= promise.created_at:
            return NextChase(at=at, kind=REMINDER, slot=_slot(promise, lead))
    return NextChase(at=promise.due + rules.overdue_grace, kind=OVERDUE, slot=_slot(promise, None))


def _slot(promise: Promise, lead: timedelta | None) -> str:
    base = f"{promise.due:%Y%m%dT%H%M}"
    return f"{base}-{int(lead.total_seconds())}" if lead is not None else f"{base}-due"
